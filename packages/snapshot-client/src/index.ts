export { backoffDelay, type BackoffOptions } from './backoff';
export {
  postReport,
  type PostReportOptions,
  type PostReportResult,
} from './post-report';
export {
  SNAPSHOT_CLIENT_ERROR_CODES,
  SnapshotClientError,
  type SnapshotClientErrorCode,
} from './snapshot-client-error';
export {
  SNAPSHOT_SOURCE_DEFAULTS,
  SnapshotSource,
  type AppliedSnapshot,
  type SnapshotSourceOptions,
  type SnapshotSourceState,
  type SnapshotVia,
} from './snapshot-source';
export { SseParser, type SseEvent, type SseParserHandlers } from './sse-parser';
