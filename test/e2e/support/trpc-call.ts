/**
 * Calls one control-api tRPC procedure over plain HTTP, the way the
 * console's httpLink does: POST with a JSON body for a mutation, GET with
 * `?input=` for a query.
 */
export async function trpcCall<T>(
  baseUrl: string,
  path: string,
  options: { mutation: boolean; input?: unknown; cookie?: string },
): Promise<{ data: T; setCookie: string[] }> {
  const headers: Record<string, string> = {};
  if (options.cookie) headers.cookie = options.cookie;

  let response: Response;
  if (options.mutation) {
    headers['content-type'] = 'application/json';
    response = await fetch(`${baseUrl}/trpc/${path}`, {
      method: 'POST',
      headers,
      body: JSON.stringify(options.input ?? null),
    });
  } else {
    const query =
      options.input === undefined
        ? ''
        : `?input=${encodeURIComponent(JSON.stringify(options.input))}`;
    response = await fetch(`${baseUrl}/trpc/${path}${query}`, { headers });
  }

  const body = (await response.json()) as {
    result?: { data: T };
    error?: unknown;
  };
  if (!response.ok || body.result === undefined) {
    throw new Error(
      `tRPC ${path} answered ${response.status}: ${JSON.stringify(body.error)}`,
    );
  }

  return { data: body.result.data, setCookie: response.headers.getSetCookie() };
}
