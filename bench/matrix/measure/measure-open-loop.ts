import { nodeEntry } from '../setup/start-pinned';
import type { OpenLoopResult } from './open-loop-run';
import { parseOpenLoopOutput } from './parse-open-loop-output';
import { runPinned } from './run-pinned';

export interface OpenLoopSettings {
  readonly path: string;
  readonly tenantIds: readonly string[];
  readonly rateRps: number;
  readonly durationS: number;
  readonly warmupS: number;
  readonly loadCpu: number;
  /** Bearer tokens for the configurations that verify them. */
  readonly tokens?: {
    readonly poolFile: string;
    readonly freshFile: string;
    readonly freshStart: number;
    readonly freshPerFive: number;
  };
}

/** The open-loop client as its own process on the load generator's CPU. */
export async function measureOpenLoop(
  url: string,
  settings: OpenLoopSettings,
): Promise<OpenLoopResult> {
  const { stdout } = await runPinned(
    settings.loadCpu,
    process.execPath,
    [
      ...nodeEntry('bench/matrix/measure/open-loop-client.ts'),
      '--url',
      url,
      '--path',
      settings.path,
      '--tenants',
      settings.tenantIds.join(','),
      '--rate',
      String(settings.rateRps),
      '--duration',
      String(settings.durationS),
      '--warmup',
      String(settings.warmupS),
      '--connections',
      '64',
      '--timeout-ms',
      '5000',
      ...(settings.tokens === undefined
        ? []
        : [
            '--pool-file',
            settings.tokens.poolFile,
            '--fresh-file',
            settings.tokens.freshFile,
            '--fresh-start',
            String(settings.tokens.freshStart),
            '--fresh-per-five',
            String(settings.tokens.freshPerFive),
          ]),
    ],
    (settings.durationS + settings.warmupS + 60) * 1000,
  );

  return parseOpenLoopOutput(stdout);
}
