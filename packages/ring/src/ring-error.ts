export type RingErrorCode =
  | 'RING_DUPLICATE_CELL'
  | 'RING_INVALID_CELL'
  | 'RING_INVALID_OPTIONS'
  | 'RING_DUPLICATE_OVERRIDE'
  | 'RING_TOO_MANY_POINTS';

/**
 * Input that placement cannot turn into one unambiguous answer. The contract
 * layer is expected to reject such snapshots first; this is the last guard.
 */
export class RingError extends Error {
  readonly code: RingErrorCode;

  constructor(code: RingErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'RingError';
    this.code = code;
  }
}
