import { ERROR_CODES, type AppErrorCode } from './error-codes';

/**
 * The one error type of the control-api. `message` is for logs; what a
 * caller sees comes from the registry (or `userMessage` when given), and
 * `details` carries field-level problems safe to show.
 */
export class AppError extends Error {
  readonly code: AppErrorCode;
  readonly userMessage: string;
  readonly details: readonly string[];

  constructor(
    code: AppErrorCode,
    message: string,
    options: {
      cause?: unknown;
      userMessage?: string;
      details?: readonly string[];
    } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.userMessage = options.userMessage ?? ERROR_CODES[code].userMessage;
    this.details = options.details ?? [];
  }
}

export function isAppError(value: unknown): value is AppError {
  return value instanceof AppError;
}
