/**
 * Stable codes for every way a snapshot or report can be refused. A gateway
 * NACKs with one of these codes, so they are part of the wire contract:
 * never rename or reuse one.
 */
export const CONTRACT_ERROR_CODES = {
  SNAPSHOT_BAD_JSON: 'the document is not valid JSON',
  SNAPSHOT_SCHEMA: 'the document does not match the snapshot schema',
  SNAPSHOT_HASH_MISMATCH: 'the body does not match its content hash',
  SNAPSHOT_BAD_SIGNATURE: 'the signature does not verify with the public key',
  SNAPSHOT_UNKNOWN_KEY: 'the snapshot is signed by a key that is not trusted',
  SNAPSHOT_STALE_VERSION: 'the version is not newer than the applied one',
  SNAPSHOT_DANGLING_REFERENCE: 'the body refers to something it does not hold',
  SNAPSHOT_DUPLICATE_ID: 'the body holds two entries with the same id',
  SNAPSHOT_RING_TOO_LARGE: 'the ring the body describes is too large to build',
  REPORT_SCHEMA: 'the gateway report does not match its schema',
  KEY_INVALID: 'a signing or verification key could not be read',
} as const;

export type ContractErrorCode = keyof typeof CONTRACT_ERROR_CODES;

export class ContractError extends Error {
  readonly code: ContractErrorCode;

  /** Field-level detail, e.g. zod issues, safe to send back in a NACK. */
  readonly details: readonly string[];

  constructor(
    code: ContractErrorCode,
    message: string,
    options: { cause?: unknown; details?: readonly string[] } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'ContractError';
    this.code = code;
    this.details = options.details ?? [];
  }
}

export function isContractError(value: unknown): value is ContractError {
  if (!(value instanceof Error)) return false;

  const code: unknown = (value as Error & { code?: unknown }).code;

  return typeof code === 'string' && code in CONTRACT_ERROR_CODES;
}
