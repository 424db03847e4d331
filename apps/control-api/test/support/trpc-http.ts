/** What a tRPC call answered over HTTP. */
export interface TrpcResult {
  status: number;
  data?: unknown;
  error?: {
    message: string;
    code: number;
    data: {
      code: string;
      httpStatus: number;
      appCode: string | null;
      zodError: {
        formErrors: string[];
        fieldErrors: Record<string, string[]>;
      } | null;
    };
  };
  setCookie: string[];
}

/**
 * Calls one procedure the way the console's httpLink does (GET with
 * `?input=` for queries, POST with a JSON body for mutations), without a
 * client library, so tests see the wire format.
 */
export async function callTrpc(
  baseUrl: string,
  path: string,
  options: {
    type: 'query' | 'mutation';
    input?: unknown;
    cookie?: string;
    /** Sent as `x-forwarded-for`, as the console's proxy does. */
    forwardedFor?: string;
  },
): Promise<TrpcResult> {
  const headers: Record<string, string> = {};
  if (options.cookie) headers.cookie = options.cookie;
  if (options.forwardedFor) headers['x-forwarded-for'] = options.forwardedFor;

  let response: Response;
  if (options.type === 'query') {
    const query =
      options.input === undefined
        ? ''
        : `?input=${encodeURIComponent(JSON.stringify(options.input))}`;
    response = await fetch(`${baseUrl}/trpc/${path}${query}`, { headers });
  } else {
    headers['content-type'] = 'application/json';
    response = await fetch(`${baseUrl}/trpc/${path}`, {
      method: 'POST',
      headers,
      body: JSON.stringify(options.input ?? null),
    });
  }

  const body = (await response.json()) as {
    result?: { data: unknown };
    error?: TrpcResult['error'];
  };

  return {
    status: response.status,
    data: body.result?.data,
    error: body.error,
    setCookie: response.headers.getSetCookie(),
  };
}

/** Signs in and returns the `cp_session=...` pair for the Cookie header. */
export async function signInCookie(
  baseUrl: string,
  email: string,
  password: string,
): Promise<string> {
  const result = await callTrpc(baseUrl, 'auth.signIn', {
    type: 'mutation',
    input: { email, password },
  });
  const cookie = result.setCookie[0]?.split(';')[0];
  if (!cookie) throw new Error(`sign-in of ${email} failed: ${result.status}`);

  return cookie;
}
