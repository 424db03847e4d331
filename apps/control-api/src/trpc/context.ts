import type { CreateHTTPContextOptions } from '@trpc/server/adapters/standalone';

import { AddressMatcher, clientAddress } from '@cellplane/resilience';
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
  /**
   * The browser's address: the socket peer, or the nearest untrusted
   * `x-forwarded-for` hop when the peer is a console proxy.
   */
  readonly clientAddress: string;
  /** Adds a Set-Cookie header to the response. */
  readonly setCookie: (cookie: string) => void;
}

export function createContextFactory(deps: ServiceDeps) {
  const consoleProxies = new AddressMatcher(deps.config.consoleProxies);

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
      clientAddress: clientAddress(
        req.socket.remoteAddress ?? '',
        req.headers['x-forwarded-for'],
        consoleProxies,
      ),
      setCookie: (cookie) => res.appendHeader('set-cookie', cookie),
    };
  };
}
