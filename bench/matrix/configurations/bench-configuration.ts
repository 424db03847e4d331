import type { ManagedProcess } from '../../../scripts/processes/managed-process';
import type { BuiltBundle } from '../setup/policy-bundle';
import type { BenchUpstream } from '../setup/start-upstream';
import type { BenchIssuer } from '../tokens/bench-issuer';
import type { TokenFiles } from '../tokens/token-supply';

/** The configurations of issue 4's matrix, as named in latest.json. */
export type ConfigurationName =
  | 'direct'
  | 'nginx'
  | 'fastify_reply_from'
  | 'gateway'
  | 'gateway_full'
  | 'gateway_full_unique_tokens'
  | 'gateway_full_no_policy'
  | 'haproxy_full';

/**
 * What the load sends: `x-tenant-id` alone, or bearer tokens (with the
 * token's tenant in `x-tenant-id`) of which 60 % repeat, or all unique.
 */
export type LoadKind = 'tenant-header' | 'mixed-tokens' | 'unique-tokens';

/** Made once per run for the configurations that verify tokens. */
export interface FullSetup {
  readonly issuer: BenchIssuer;
  readonly tokens: TokenFiles;
  /** The default policy's bundle, named by the first snapshot below. */
  readonly bundle: BuiltBundle;
  /** Signed snapshot files: edge sections with and without `policy`. */
  readonly snapshotWithPolicy: string;
  readonly snapshotWithoutPolicy: string;
}

/** What a configuration's `start` may use. */
export interface BenchContext {
  readonly upstream: BenchUpstream;
  readonly workDir: string;
  readonly logDir: string;
  /** The CPU the servers share (the load generator has the other). */
  readonly serverCpu: number;
  /** Worker processes of the gateway, which nginx matches. */
  readonly gatewayWorkers: number;
  readonly full: FullSetup;
}

/** A configuration's servers, running, with the address the load targets. */
export interface RunningTarget {
  readonly url: string;
  /** Whose CPU and memory are reported: root pids of their process trees. */
  readonly measuredPids: readonly number[];
  /** Names what `measuredPids` are, for the report. */
  readonly measuredName: string;
  /** Processes this configuration started (none for `direct`). */
  readonly processes: readonly ManagedProcess[];
  /** Extra facts for the report (versions, worker counts). */
  readonly details: Readonly<Record<string, string | number>>;
  stop(): Promise<void>;
}

/** One module per configuration: start its servers, or say why not. */
export type BenchConfiguration =
  | {
      readonly kind: 'measured';
      readonly name: ConfigurationName;
      readonly description: string;
      readonly load: LoadKind;
      start(context: BenchContext): Promise<RunningTarget>;
    }
  | {
      readonly kind: 'not-yet-measured';
      readonly name: ConfigurationName;
      readonly description: string;
      readonly reason: string;
    };
