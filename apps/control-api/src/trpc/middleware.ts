import { TRPCError } from '@trpc/server';

import type { Role } from '../auth/roles';
import { roleAtLeast } from '../auth/roles';
import { AppError, isAppError } from '../errors/app-error';
import { ERROR_CODES } from '../errors/error-codes';
import { t } from './init';

/**
 * Turns an AppError thrown by a service into the tRPC code of the registry,
 * keeping the AppError as `cause` (its message stays in the logs, the
 * caller gets the user message).
 */
export const mapAppErrors = t.middleware(async ({ next }) => {
  const result = await next();

  if (!result.ok && isAppError(result.error.cause)) {
    const appError = result.error.cause;
    throw new TRPCError({
      code: ERROR_CODES[appError.code].trpc,
      message: appError.userMessage,
      cause: appError,
    });
  }

  return result;
});

/** One log event per call: path, duration and outcome. */
export const logCalls = t.middleware(async ({ ctx, path, type, next }) => {
  const startedAt = performance.now();
  const result = await next();
  const durationMs = Math.round(performance.now() - startedAt);
  const fields = { path, type, durationMs, userId: ctx.user?.id };

  // The console polls queries; changes are what an operator looks for.
  if (result.ok) {
    ctx.logger[type === 'mutation' ? 'info' : 'debug'](
      fields,
      'procedure done',
    );
  } else {
    ctx.logger.info(
      { ...fields, code: result.error.code },
      'procedure refused',
    );
  }

  return result;
});

/** Refuses callers without a session, then callers below `required`. */
export function requireRole(required: Role) {
  return t.middleware(({ ctx, path, next }) => {
    if (!ctx.user) {
      throw new AppError('AUTH_REQUIRED', `${path} called without a session`);
    }

    if (!roleAtLeast(ctx.user.role, required)) {
      throw new AppError(
        'AUTH_FORBIDDEN',
        `${path} needs ${required}, ${ctx.user.email} is ${ctx.user.role}`,
        { userMessage: `this needs the ${required} role` },
      );
    }

    return next({ ctx: { ...ctx, user: ctx.user } });
  });
}
