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
    ],
    (settings.durationS + settings.warmupS + 60) * 1000,
  );

  return parseOpenLoopOutput(stdout);
}
