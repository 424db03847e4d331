import { NextResponse, type NextRequest } from 'next/server';

import { readWebConfig } from './config/web-config';

// Read when the server starts, not at build time: a rewrite in next.config
// is frozen into the build output, and the console must follow the
// CONTROL_API_URL of the environment it is started in.
const webConfig = readWebConfig(process.env);

/**
 * Forwards the browser's same-origin `/trpc/*` calls to the control-api, so
 * the httpOnly session cookie stays first-party and no CORS is needed.
 * `x-forwarded-for` carries the browser's address, which the control-api
 * throttles sign-ins by.
 */
export function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;

  const headers = new Headers(request.headers);
  const browser = browserAddressOf(request);
  if (browser) headers.set('x-forwarded-for', browser);
  else headers.delete('x-forwarded-for');

  return NextResponse.rewrite(
    new URL(`${pathname}${search}`, webConfig.controlApiUrl),
    { request: { headers } },
  );
}

/**
 * The hop nearest to this server in `x-forwarded-for`. Behind a reverse
 * proxy that appends (or sets) the peer it saw, that is the browser's
 * address, and what the browser wrote further left is dropped. Reached
 * directly, it is not: Next.js fills the header with the socket's peer
 * only when the request has none, so a browser that sends its own picks
 * the address its sign-ins count against. The control-api's per-account
 * ceiling bounds guessing then (docs/OPERATIONS.md, "The console's
 * address").
 */
function browserAddressOf(request: NextRequest): string | undefined {
  const hops = (request.headers.get('x-forwarded-for') ?? '').split(',');

  return hops.at(-1)?.trim() || undefined;
}

export const config = { matcher: '/trpc/:path*' };
