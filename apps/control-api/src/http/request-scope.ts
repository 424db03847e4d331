import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

import type { Logger } from '@cellplane/telemetry';

/** What the HTTP layer knows of a request: its id and child logger. */
export interface RequestScope {
  readonly requestId: string;
  readonly logger: Logger;
}

const scopes = new WeakMap<IncomingMessage, RequestScope>();

/**
 * Gives the request an id (the caller's `x-request-id` when it is a sane
 * token, else a new UUID) and a child logger bound to it.
 */
export function openRequestScope(
  req: IncomingMessage,
  logger: Logger,
): RequestScope {
  const offered = req.headers['x-request-id'];
  const requestId =
    typeof offered === 'string' && /^[A-Za-z0-9._-]{1,64}$/.test(offered)
      ? offered
      : randomUUID();
  const scope = { requestId, logger: logger.child({ requestId }) };
  scopes.set(req, scope);

  return scope;
}

export function requestScopeOf(
  req: IncomingMessage,
  fallback: Logger,
): RequestScope {
  return scopes.get(req) ?? openRequestScope(req, fallback);
}
