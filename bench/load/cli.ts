/**
 * Bounded load against a gateway (or a cell instance), e.g.
 *   tsx bench/load/cli.ts --url http://127.0.0.1:8080 --duration 30 \
 *     --concurrency 32 [--json] [--fail-on-errors]
 * Ctrl-C stops early and still prints the summary.
 */
import { parseArgs } from 'node:util';

import { z } from 'zod';

import { formatSummary } from './format-summary';
import { runLoad } from './run-load';

const { values } = parseArgs({
  options: {
    url: { type: 'string', default: 'http://127.0.0.1:8080' },
    duration: { type: 'string', default: '30' },
    concurrency: { type: 'string', default: '32' },
    'max-requests': { type: 'string' },
    tenants: { type: 'string', default: '10000' },
    zipf: { type: 'string', default: '1.1' },
    seed: { type: 'string', default: '1' },
    json: { type: 'boolean', default: false },
    'fail-on-errors': { type: 'boolean', default: false },
  },
  strict: true,
});

const number = (flag: string, value: string | undefined) => {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (!Number.isFinite(parsed)) throw new Error(`--${flag}: not a number`);

  return parsed;
};

async function main(): Promise<number> {
  const controller = new AbortController();
  process.once('SIGINT', () => controller.abort());

  const summary = await runLoad(
    {
      url: values.url,
      durationS: number('duration', values.duration),
      concurrency: number('concurrency', values.concurrency),
      maxRequests: number('max-requests', values['max-requests']),
      tenantCount: number('tenants', values.tenants),
      zipfS: number('zipf', values.zipf),
      seed: number('seed', values.seed),
    },
    { signal: controller.signal },
  );

  console.log(
    values.json
      ? JSON.stringify(summary, null, 2)
      : formatSummary(summary, values.url),
  );

  return values['fail-on-errors'] && summary.errors > 0 ? 1 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const message =
      error instanceof z.ZodError
        ? z.prettifyError(error)
        : error instanceof Error
          ? error.message
          : String(error);
    console.error(`load: ${message}`);
    process.exitCode = 2;
  },
);
