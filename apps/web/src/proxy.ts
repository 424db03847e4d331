import { NextResponse, type NextRequest } from 'next/server';

import { readWebConfig } from './config/web-config';

// Read when the server starts, not at build time: a rewrite in next.config
// is frozen into the build output, and the console must follow the
// CONTROL_API_URL of the environment it is started in.
const webConfig = readWebConfig(process.env);

/**
 * Forwards the browser's same-origin `/trpc/*` calls to the control-api, so
 * the httpOnly session cookie stays first-party and no CORS is needed.
 */
export function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;

  return NextResponse.rewrite(
    new URL(`${pathname}${search}`, webConfig.controlApiUrl),
  );
}

export const config = { matcher: '/trpc/:path*' };
