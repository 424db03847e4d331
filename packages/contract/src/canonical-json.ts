/**
 * JSON with object keys sorted at every depth, so that the producer and every
 * consumer hash the same bytes for the same document whatever order the
 * fields were built in.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    const text = JSON.stringify(value);

    if (text === undefined) {
      throw new TypeError(`cannot encode ${typeof value} as JSON`);
    }

    return text;
  }

  if (Array.isArray(value)) {
    return `[${value.map((item) => canonicalJson(item ?? null)).join(',')}]`;
  }

  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, item]) => item !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

  const fields = entries.map(
    ([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`,
  );

  return `{${fields.join(',')}}`;
}
