/** Stable codes for what can go wrong while following snapshots. */
export const SNAPSHOT_CLIENT_ERROR_CODES = {
  SNAPSHOT_CLIENT_ALREADY_STARTED: 'start() was called twice',
  SNAPSHOT_CLIENT_HTTP_STATUS: 'the control-api answered an unexpected status',
  SNAPSHOT_CLIENT_NOT_EVENT_STREAM: 'the stream endpoint did not send SSE',
  SNAPSHOT_CLIENT_STREAM_ENDED: 'the control-api closed the stream',
  SNAPSHOT_CLIENT_TIMEOUT: 'a request took longer than its bound',
  SNAPSHOT_CLIENT_TOO_LARGE: 'a snapshot exceeded the size bound',
  SNAPSHOT_CLIENT_NETWORK: 'the control-api could not be reached',
  SNAPSHOT_CLIENT_CONSUMER_THREW: 'the onSnapshot callback threw',
} as const;

export type SnapshotClientErrorCode = keyof typeof SNAPSHOT_CLIENT_ERROR_CODES;

export class SnapshotClientError extends Error {
  readonly code: SnapshotClientErrorCode;

  constructor(
    code: SnapshotClientErrorCode,
    message: string,
    options: { cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'SnapshotClientError';
    this.code = code;
  }
}

/** undici's own timeout codes, all of which mean "took too long". */
const UNDICI_TIMEOUT_CODES = new Set([
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);

/** Wraps anything thrown by the HTTP client into a typed error. */
export function toSnapshotClientError(error: unknown): SnapshotClientError {
  if (error instanceof SnapshotClientError) return error;

  const message = error instanceof Error ? error.message : String(error);
  const code: unknown = (error as { code?: unknown } | null)?.code;
  const timedOut = typeof code === 'string' && UNDICI_TIMEOUT_CODES.has(code);

  return new SnapshotClientError(
    timedOut ? 'SNAPSHOT_CLIENT_TIMEOUT' : 'SNAPSHOT_CLIENT_NETWORK',
    message,
    { cause: error },
  );
}

/** `CODE: message`, the form handed to consumers in `lastError`. */
export function describeError(error: unknown): string {
  const typed = toSnapshotClientError(error);

  return `${typed.code}: ${typed.message}`;
}
