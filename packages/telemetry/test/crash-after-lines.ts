/**
 * A process that logs through a GatheredDestination and then dies the way
 * the argument says: an uncaught exception, an unhandled rejection or
 * `process.exit`. Used by gathered-destination-exit.test.ts.
 */
import { pino } from 'pino';

import { GatheredDestination } from '../src/gathered-destination';

const destination = new GatheredDestination(
  pino.destination({ dest: 1, sync: false }),
  { maxBytes: 4_096, flushMs: 60_000 },
);
for (let i = 0; i < 3; i += 1) destination.write(`{"line":${i}}\n`);

const how = process.argv[2];
setImmediate(() => {
  if (how === 'throw') throw new Error('boom');
  if (how === 'reject') void Promise.reject(new Error('boom'));
  if (how === 'exit') process.exit(3);
});
