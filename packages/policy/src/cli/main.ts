import { buildCommand } from './build-command';
import { UsageError, formatError, type CliIo } from './cli-io';
import { evalCommand } from './eval-command';
import { testCommand } from './test-command';

const USAGE = `usage: cellplane policy <command> [flags]

commands:
  build -t wasm -e <entrypoint> [-e ...] [-o bundle.tar.gz] [-r rev] <dir>
  test [-v] [--coverage] <dir>
  eval --bundle <bundle.tar.gz> [--input <file.json>] [-f json|raw] <query>
`;

/** Runs the `cellplane` command line; returns the exit code. */
export async function main(argv: string[], io: CliIo): Promise<number> {
  const [group, command, ...rest] = argv;
  try {
    if (group !== 'policy' || !command) throw new UsageError(USAGE.trimEnd());
    switch (command) {
      case 'build':
        return buildCommand(rest, io);
      case 'test':
        return await testCommand(rest, io);
      case 'eval':
        return await evalCommand(rest, io);
      default:
        throw new UsageError(`unknown command ${command}\n${USAGE}`);
    }
  } catch (e) {
    io.stderr(formatError(e));
    return 1;
  }
}
