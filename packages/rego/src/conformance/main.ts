import { parseArgs } from 'node:util';
import { prepareRuntime } from '../test-runtime';
import { readExpectedSkips, writeExpectedSkips } from './expected-skips';
import { runConformance } from './run-conformance';

/**
 * `npm run conformance [-- --filter <dir/> --update-skips] [root]`: runs
 * OPA's Rego cases through the SDK, prints counts per directory, and exits
 * non-zero on a failed case or on a skip missing from expected-skips.txt.
 * `--update-skips` rewrites that list from this run (review the diff: the
 * list should only shrink).
 */
const { values, positionals } = parseArgs({
  options: {
    filter: { type: 'string' },
    'update-skips': { type: 'boolean', default: false },
  },
  allowPositionals: true,
});
const root = positionals[0] ?? '/work/shared/opa-cases/v1';

await prepareRuntime();
const report = await runConformance(root, {
  filter: values.filter,
  expectedSkips: readExpectedSkips(),
});
process.stdout.write(report.text);

if (values['update-skips']) writeExpectedSkips(report.skips);
process.exitCode =
  report.failed > 0 || report.unexpectedSkips.length > 0 ? 1 : 0;
