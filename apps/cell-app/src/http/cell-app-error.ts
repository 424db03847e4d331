/**
 * Every error code the cell-app answers with, and its HTTP status. Codes
 * are part of the API (the gateway and the demo load count them): never
 * rename or reuse one.
 */
export const CELL_APP_ERROR_STATUS = {
  BAD_REQUEST: 400,
  TENANT_MISSING: 400,
  TENANT_UNKNOWN: 404,
  NOT_FOUND: 404,
  PRODUCT_NOT_FOUND: 404,
  CART_NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  OUT_OF_STOCK: 409,
  CART_EMPTY: 409,
  CART_CHECKED_OUT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  MISDIRECTED_TENANT: 421,
  INTERNAL: 500,
  DATABASE_UNAVAILABLE: 503,
} as const;

export type CellAppErrorCode = keyof typeof CELL_APP_ERROR_STATUS;

export class CellAppError extends Error {
  readonly code: CellAppErrorCode;
  readonly status: number;
  /** Extra fields for the response body, e.g. `field` or `expectedCell`. */
  readonly details: Readonly<Record<string, unknown>>;

  constructor(
    code: CellAppErrorCode,
    message: string,
    options: { cause?: unknown; details?: Record<string, unknown> } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'CellAppError';
    this.code = code;
    this.status = CELL_APP_ERROR_STATUS[code];
    this.details = options.details ?? {};
  }
}

/** A 400 naming the field that failed, as forms and load tools expect. */
export function badInput(field: string, message: string): CellAppError {
  return new CellAppError('BAD_REQUEST', `${field}: ${message}`, {
    details: { field },
  });
}
