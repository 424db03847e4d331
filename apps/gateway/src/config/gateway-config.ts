import type { VerifyingKey } from '@cellplane/contract';

/**
 * Everything the gateway is told at startup, parsed once and frozen. Nothing
 * below `main.ts` reads the environment.
 */
export interface GatewayConfig {
  /** Names this gateway in reports to the control plane and in logs. */
  readonly gatewayId: string;
  readonly host: string;
  /** 0 picks an ephemeral port (tests). */
  readonly port: number;
  /** The control-api to follow; absent means run from disk only. */
  readonly controlPlane: {
    readonly url: string;
    readonly token: string;
    readonly pollIntervalMs: number;
  } | null;
  /** Keys a snapshot must be signed with (one, or two during a rotation). */
  readonly snapshotKeys: readonly VerifyingKey[];
  /** Every accepted snapshot is saved here; the gateway boots from it. */
  readonly stateDir: string;
  /** A signed snapshot file named by `--snapshot`, used at boot. */
  readonly bootSnapshotFile: string | null;
  readonly logLevel: string;
  readonly upstream: {
    readonly connectTimeoutMs: number;
    /** Hard limit for the whole upstream exchange, body included. */
    readonly totalTimeoutMs: number;
    /** Keep-alive connections per instance. */
    readonly connectionsPerInstance: number;
    readonly keepAliveTimeoutMs: number;
  };
  /** How long shutdown waits for in-flight requests before cutting them. */
  readonly drainTimeoutMs: number;
  /** No contact with the control plane for this long marks the gateway stale (K13). */
  readonly staleAfterMs: number;
  readonly heartbeatIntervalMs: number;
  /** Seconds a client is told to wait when a cell cannot take its request. */
  readonly retryAfterSeconds: number;
}

/** Defaults in one place, beside the type they fill. */
export const GATEWAY_DEFAULTS = {
  gatewayId: 'gateway-1',
  host: '127.0.0.1',
  port: 8080,
  stateDir: '.state/gateway',
  logLevel: 'info',
  pollIntervalMs: 5000,
  connectTimeoutMs: 500,
  totalTimeoutMs: 1000,
  connectionsPerInstance: 64,
  keepAliveTimeoutMs: 30_000,
  drainTimeoutMs: 10_000,
  staleAfterMs: 30_000,
  heartbeatIntervalMs: 10_000,
  retryAfterSeconds: 1,
} as const;
