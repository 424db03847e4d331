export {
  LOG_FIELDS,
  createLogger,
  type CreateLoggerOptions,
  type Logger,
} from './create-logger';
export {
  GatheredDestination,
  PIPE_BYTES,
  type ChunkSink,
  type GatheredDestinationOptions,
} from './gathered-destination';
