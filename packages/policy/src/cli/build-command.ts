import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { buildBundle } from '../build-bundle';
import { writeBundle } from '../write-bundle';
import { UsageError, toEntrypoint, type CliIo } from './cli-io';

/**
 * `policy build -t wasm -e <entrypoint> [-e ...] [-o bundle.tar.gz]
 * [-r revision] <dir>`: compiles a folder into an OPA bundle, silent on
 * success like `opa build`.
 */
export function buildCommand(args: string[], _io: CliIo): number {
  const { values, positionals } = parseArgs({
    args,
    options: {
      target: { type: 'string', short: 't', default: 'wasm' },
      entrypoint: { type: 'string', short: 'e', multiple: true },
      output: { type: 'string', short: 'o', default: 'bundle.tar.gz' },
      revision: { type: 'string', short: 'r', default: '' },
    },
    allowPositionals: true,
  });
  if (values.target !== 'wasm') {
    throw new UsageError(`unsupported target ${values.target} (only wasm)`);
  }
  const entrypoints = (values.entrypoint ?? []).map(toEntrypoint);
  if (entrypoints.length === 0) {
    throw new UsageError('wasm compilation requires at least one entrypoint');
  }
  const dir = positionals[0];
  if (!dir || positionals.length > 1) {
    throw new UsageError('expected exactly one directory to build');
  }

  const bundle = buildBundle(dir, { entrypoints, revision: values.revision });
  writeFileSync(values.output, writeBundle(bundle));

  return 0;
}
