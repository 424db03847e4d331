import { initTRPC } from '@trpc/server';
import { ZodError } from 'zod';

import { isAppError } from '../errors/app-error';
import type { Context } from './context';

export interface FieldErrors {
  /** Problems with the input as a whole. */
  formErrors: string[];
  /** Problems by field path (`instances.0.url`), for forms. */
  fieldErrors: Record<string, string[]>;
}

/** Zod issues keyed by their full path, so nested fields keep theirs. */
export function fieldErrorsOf(error: ZodError): FieldErrors {
  const result: FieldErrors = { formErrors: [], fieldErrors: {} };

  for (const issue of error.issues) {
    const path = issue.path.map(String).join('.');
    if (path === '') {
      result.formErrors.push(issue.message);
    } else {
      (result.fieldErrors[path] ??= []).push(issue.message);
    }
  }

  return result;
}

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
        : null;

    // An unexpected error's message may hold SQL or internals: the log
    // keeps it (onError), the caller gets a fixed sentence.
    const internal = error.code === 'INTERNAL_SERVER_ERROR';

    return {
      ...shape,
      message: internal ? 'internal error' : shape.message,
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
