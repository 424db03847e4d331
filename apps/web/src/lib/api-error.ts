import { TRPCClientError } from '@trpc/client';

/** Field name to messages, as the control-api's errorFormatter reports them. */
export type FieldErrors = Readonly<Record<string, readonly string[]>>;

interface ErrorData {
  code?: unknown;
  zodError?: unknown;
}

function dataOf(error: unknown): ErrorData | undefined {
  if (!(error instanceof TRPCClientError)) return undefined;
  const data: unknown = error.data;

  return typeof data === 'object' && data !== null
    ? (data as ErrorData)
    : undefined;
}

/** The tRPC error code (UNAUTHORIZED, BAD_REQUEST, ...) of a failed call. */
export function errorCodeOf(error: unknown): string | undefined {
  const code = dataOf(error)?.code;

  return typeof code === 'string' ? code : undefined;
}

/**
 * Field-level validation messages from `error.data.zodError` (zod's
 * flattened form: `{ formErrors, fieldErrors }`). Nested paths such as
 * `instances.0.url` arrive under their top-level field.
 */
export function fieldErrorsOf(error: unknown): FieldErrors {
  const zodError = dataOf(error)?.zodError;
  if (typeof zodError !== 'object' || zodError === null) return {};

  const fieldErrors = (zodError as { fieldErrors?: unknown }).fieldErrors;
  if (typeof fieldErrors !== 'object' || fieldErrors === null) return {};

  const result: Record<string, readonly string[]> = {};
  for (const [field, messages] of Object.entries(fieldErrors)) {
    if (Array.isArray(messages) && messages.length > 0) {
      result[field] = messages.filter((m) => typeof m === 'string');
    }
  }

  return result;
}

/**
 * A sentence for the user. Validation failures are shown per field, so the
 * summary for them stays short instead of repeating zod's JSON message.
 */
export function errorMessageOf(error: unknown): string {
  if (Object.keys(fieldErrorsOf(error)).length > 0) {
    return 'Some fields need attention.';
  }

  const code = errorCodeOf(error);
  if (code === 'FORBIDDEN') return 'Your role does not allow this action.';

  // No tRPC error body: the request never reached the control-api, or what
  // answered was not it (the console's proxy reports a refused connection
  // as a bare 500).
  if (error instanceof TRPCClientError && code === undefined) {
    return 'The control-api did not answer. Try again in a moment.';
  }
  if (error instanceof Error && error.message) return error.message;

  return 'Something went wrong.';
}
