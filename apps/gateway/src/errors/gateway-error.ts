import {
  GATEWAY_ERROR_CODES,
  type GatewayErrorCode,
} from './gateway-error-codes';

export interface GatewayErrorOptions extends ErrorOptions {
  /** Headers the answer must carry (`www-authenticate`, `retry-after`...). */
  readonly headers?: Readonly<Record<string, string>>;
}

/**
 * A request the gateway answers itself. `message` is for logs; the client
 * gets the registry's message for the code, so internals never leak.
 */
export class GatewayError extends Error {
  readonly code: GatewayErrorCode;

  readonly status: number;

  readonly headers: Readonly<Record<string, string>> | undefined;

  constructor(
    code: GatewayErrorCode,
    message: string = GATEWAY_ERROR_CODES[code].message,
    options?: GatewayErrorOptions,
  ) {
    super(message, options);
    this.name = 'GatewayError';
    this.code = code;
    this.status = GATEWAY_ERROR_CODES[code].status;
    this.headers = options?.headers;
  }
}
