import type { CreateHTTPContextOptions } from '@trpc/server/adapters/standalone';

import type { Logger } from '@cellplane/telemetry';

import { readSessionCookie } from '../auth/session-cookie';
import { requestScopeOf } from '../http/request-scope';
import { resolveSession } from '../services/auth/resolve-session';
import type { SessionUser } from '../services/auth/session-user';
import type { ServiceDeps } from '../services/service-deps';

export interface Context {
  readonly deps: ServiceDeps;
  readonly requestId: string;
  readonly logger: Logger;
  /** The signed-in user, from the `cp_session` cookie; null when none. */
  readonly user: SessionUser | null;
  readonly sessionToken: string | null;
  /** Adds a Set-Cookie header to the response. */
  readonly setCookie: (cookie: string) => void;
}

export function createContextFactory(deps: ServiceDeps) {
  return async ({ req, res }: CreateHTTPContextOptions): Promise<Context> => {
    const { requestId, logger } = requestScopeOf(req, deps.logger);
    const sessionToken = readSessionCookie(req.headers.cookie);
    const user = sessionToken ? await resolveSession(deps, sessionToken) : null;

    return {
      deps,
      requestId,
      logger,
      user,
      sessionToken,
      setCookie: (cookie) => res.appendHeader('set-cookie', cookie),
    };
  };
}
