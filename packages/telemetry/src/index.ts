export {
  LOG_FIELDS,
  createLogger,
  type CreateLoggerOptions,
  type Logger,
} from './create-logger';
