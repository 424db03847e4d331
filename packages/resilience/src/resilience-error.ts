export type ResilienceErrorCode =
  'RESILIENCE_INVALID_OPTIONS' | 'RESILIENCE_INVALID_ADDRESS';

/** Misconfiguration of a resilience primitive, found when it is built. */
export class ResilienceError extends Error {
  readonly code: ResilienceErrorCode;

  constructor(
    code: ResilienceErrorCode,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'ResilienceError';
    this.code = code;
  }
}
