import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { readBundle } from '../read-bundle';
import { PolicyEvaluator } from '../policy-evaluator';
import { readJsonFile } from '../read-json-file';
import { UsageError, toEntrypoint, type CliIo } from './cli-io';

/**
 * `policy eval --bundle <b> [--input <file.json>] [-f json|raw] <query>`:
 * evaluates one entrypoint of a bundle; the JSON output has the shape of
 * `opa eval` (`{}` when undefined).
 */
export async function evalCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: {
      bundle: { type: 'string', short: 'b' },
      input: { type: 'string', short: 'i' },
      format: { type: 'string', short: 'f', default: 'json' },
    },
    allowPositionals: true,
  });
  const query = positionals[0];
  if (!values.bundle) throw new UsageError('--bundle is required');
  if (!query || positionals.length > 1) {
    throw new UsageError('expected exactly one query such as data.x.allow');
  }
  if (values.format !== 'json' && values.format !== 'raw') {
    throw new UsageError(`unknown format ${values.format}: use json or raw`);
  }
  const input: unknown = values.input ? readJsonFile(values.input) : undefined;

  const evaluator = await PolicyEvaluator.load(
    readBundle(readFileSync(values.bundle)),
  );
  const decision = evaluator.evaluate(input, toEntrypoint(query));
  if (decision.error !== undefined) {
    io.stderr(`error: ${decision.error}\n`);
    return 1;
  }

  if (values.format === 'raw') {
    if (decision.result !== undefined) {
      io.stdout(`${JSON.stringify(decision.result, null, 2)}\n`);
    }
    return 0;
  }
  const out =
    decision.result === undefined
      ? {}
      : {
          result: [
            {
              expressions: [
                {
                  value: decision.result,
                  text: query,
                  location: { row: 1, col: 1 },
                },
              ],
            },
          ],
        };
  io.stdout(`${JSON.stringify(out, null, 2)}\n`);

  return 0;
}
