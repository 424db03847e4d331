/** The path of a request target without its query, which may carry secrets. */
export function pathOf(url: string | undefined): string {
  if (url === undefined) return '/';
  const query = url.indexOf('?');

  return query === -1 ? url : url.slice(0, query);
}
