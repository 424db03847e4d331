import cluster from 'node:cluster';

import {
  createLogger,
  GatheredDestination,
  PIPE_BYTES,
} from '@cellplane/telemetry';
import { pino } from 'pino';

import { ConfigError } from './config/config-error';
import { loadGatewayConfig } from './config/load-gateway-config';
import { runPrimary, WORKER_INDEX_VARIABLE } from './cluster/run-primary';
import { createGateway } from './create-gateway';

/**
 * The gateway process: parse the configuration once, then either run the
 * primary of `GATEWAY_WORKERS` workers (default: one per core) or, in a
 * worker or with one worker, start the runners composed by
 * `createGateway` and close them in order on SIGTERM/SIGINT.
 */
async function main(): Promise<void> {
  let config;
  try {
    config = loadGatewayConfig(process.env, process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(2);
  }

  // Lines are gathered into chunks of up to 4 KiB (or whatever a quarter
  // second brought), written asynchronously: a write per access log line,
  // synchronous or not, cost about a third of the gateway's CPU per
  // request. 4 KiB at most, also when SonicBoom merges chunks: the
  // workers share the primary's stdout, and a pipe keeps only writes of
  // that size whole. Pending lines are written on any exit.
  const destination = new GatheredDestination(
    pino.destination({ dest: 1, sync: false, maxWrite: PIPE_BYTES }),
    { maxBytes: PIPE_BYTES, flushMs: 250 },
  );
  const exit = (code: number): never => {
    destination.end();
    process.exit(code);
  };
  const logger = createLogger({
    component: 'gateway',
    level: config.logLevel,
    // pino writes to it as to any stream; the option's type asks for the
    // rest of a writable stream, which pino does not use.
    destination: destination as unknown as NodeJS.WritableStream,
  });

  if (config.workers > 1 && cluster.isPrimary) {
    runPrimary(config.workers, logger, exit);

    return;
  }

  // Worker 0 (or the only process) saves snapshots, reports and serves
  // the admin listener.
  const workerIndex = cluster.isPrimary
    ? 0
    : Number(process.env[WORKER_INDEX_VARIABLE] ?? 0);
  const gateway = createGateway(config, logger, {
    leader: workerIndex === 0,
    workerIndex,
  });

  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) {
      logger.warn({ signal }, 'second signal, exiting now');
      exit(1);
    }
    stopping = true;

    logger.info({ signal }, 'shutdown started');
    void gateway.close().then(() => {
      logger.info({}, 'shutdown complete');
      exit(0);
    });
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);

  try {
    await gateway.start();
  } catch (error) {
    logger.fatal({ err: error }, 'gateway failed to start');
    await gateway.close();
    exit(1);
  }
}

void main();
