export type UpstreamErrorCode =
  | 'UPSTREAM_CONNECT_TIMEOUT'
  | 'UPSTREAM_CONNECT_FAILED'
  | 'UPSTREAM_CLOSED'
  | 'UPSTREAM_BAD_RESPONSE'
  | 'UPSTREAM_BAD_REQUEST'
  | 'UPSTREAM_POOL_CLOSED'
  | 'UPSTREAM_ABORTED';

/** Why an upstream request failed. Messages never carry header values. */
export class UpstreamError extends Error {
  readonly code: UpstreamErrorCode;

  constructor(
    code: UpstreamErrorCode,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'UpstreamError';
    this.code = code;
  }
}
