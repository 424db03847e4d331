import {
  pino,
  type DestinationStream,
  type Logger,
  type LoggerOptions,
} from 'pino';

/**
 * Field names every app uses, so one query follows a request or a job across
 * planes. Add to this list rather than inventing a synonym in one app.
 */
export const LOG_FIELDS = [
  'component',
  'requestId',
  'jobId',
  'gatewayId',
  'tenantId',
  'cellId',
  'instanceId',
  'regionId',
  'snapshotVersion',
  'decisionId',
  'userId',
  'kind',
  'method',
  'path',
  'status',
  'durationMs',
  'code',
  'reason',
  'via',
  'previousVersion',
  'appliedVersion',
  'inFlight',
  'runner',
  'attempt',
  'err',
] as const;

/** Secrets never reach a log line, whatever object carried them there. */
const REDACTED_PATHS = [
  'password',
  'passwordHash',
  'token',
  'privateKey',
  'secret',
  '*.password',
  '*.passwordHash',
  '*.token',
  '*.privateKey',
  '*.secret',
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  'headers.cookie',
  'headers["set-cookie"]',
];

export interface CreateLoggerOptions {
  readonly component: string;
  readonly level?: LoggerOptions['level'];
  /** Where lines go; defaults to stdout. Tests pass a stream to read them. */
  readonly destination?: DestinationStream;
}

export function createLogger(options: CreateLoggerOptions): Logger {
  const settings: LoggerOptions = {
    level: options.level ?? 'info',
    base: { component: options.component, pid: process.pid },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
  };

  return options.destination
    ? pino(settings, options.destination)
    : pino(settings);
}

export type { Logger };
