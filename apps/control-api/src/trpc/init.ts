import { initTRPC } from '@trpc/server';
import { ZodError } from 'zod';

import { isAppError } from '../errors/app-error';
import type { Context } from './context';
import { fieldErrorsOf, validationMessageOf } from './field-errors';

export const t = initTRPC.context<Context>().create({
  errorFormatter({ shape, error }) {
    const cause = error.cause;
    const zodError =
      error.code === 'BAD_REQUEST' && cause instanceof ZodError
        ? fieldErrorsOf(cause)
        : null;
    const appCode = isAppError(cause)
      ? cause.code
      : zodError
        ? 'VALIDATION_FAILED'
        : error.code === 'PAYLOAD_TOO_LARGE'
          ? 'BODY_TOO_LARGE'
          : null;

    // An unexpected error's message may hold SQL or internals: the log
    // keeps it (onError), the caller gets a fixed sentence.
    const internal = error.code === 'INTERNAL_SERVER_ERROR';

    return {
      ...shape,
      message: internal
        ? 'internal error'
        : zodError
          ? validationMessageOf(zodError)
          : shape.message,
      data: {
        code: shape.data.code,
        httpStatus: shape.data.httpStatus,
        path: shape.data.path,
        appCode,
        zodError,
      },
    };
  },
});
