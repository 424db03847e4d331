import { readTokenLines, tokenHeaders } from '../tokens/token-headers';
import type { FreshPerFive } from '../tokens/token-supply';
import { runOpenLoop } from './native-open-loop';
import type { OpenLoopResult } from './open-loop-result';

export interface OpenLoopSettings {
  readonly path: string;
  readonly tenantIds: readonly string[];
  readonly rateRps: number;
  readonly durationS: number;
  readonly warmupS: number;
  readonly loadCpu: number;
  /** The compiled client (buildOpenLoopClient) and where it may write. */
  readonly client: { readonly binary: string; readonly workDir: string };
  /** Bearer tokens for the configurations that verify them. */
  readonly tokens?: {
    readonly poolFile: string;
    readonly freshFile: string;
    readonly freshStart: number;
    readonly freshPerFive: FreshPerFive;
  };
}

/**
 * The open-loop client against one configuration, on the load generator's
 * CPU: `x-tenant-id` rotating over the tenants, or bearer tokens taken as
 * the wrk token script takes them.
 */
export function measureOpenLoop(
  url: string,
  settings: OpenLoopSettings,
): Promise<OpenLoopResult> {
  const { tokens, tenantIds } = settings;
  const headersFor =
    tokens === undefined
      ? (index: number) => ({
          'x-tenant-id': tenantIds[index % tenantIds.length]!,
        })
      : tokenHeaders(
          readTokenLines(tokens.poolFile),
          readTokenLines(tokens.freshFile),
          tokens.freshStart,
          tokens.freshPerFive,
        );

  return runOpenLoop(settings.client.binary, settings.client.workDir, {
    url,
    path: settings.path,
    rateRps: settings.rateRps,
    durationS: settings.durationS,
    warmupS: settings.warmupS,
    connections: 64,
    timeoutMs: 5000,
    headersFor,
    cpu: settings.loadCpu,
  });
}
