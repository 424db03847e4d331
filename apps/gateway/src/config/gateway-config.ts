import type { Limits, VerifyingKey } from '@cellplane/contract';

import type { DegradationLevel } from '../protection/degradation';

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
  /** The admin listener (`/metrics`, `/healthz`, `/readyz`). */
  readonly admin: { readonly host: string; readonly port: number };
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
  /** Verified tokens kept in the LRU of the token verifier. */
  readonly tokenCacheSize: number;
  /** Limits in force while the snapshot has no `limits` section. */
  readonly defaultLimits: Limits;
  /** Keys each rate limiter holds at most (memory bound under floods). */
  readonly rateLimitMaxKeys: number;
  /** Active health checks of every instance (K11). */
  readonly health: {
    readonly enabled: boolean;
    readonly path: string;
    readonly intervalMs: number;
    readonly timeoutMs: number;
    readonly unhealthyThreshold: number;
    readonly healthyThreshold: number;
  };
  /** Processes serving the tenant port (node:cluster); 1: no cluster. */
  readonly workers: number;
  /** Degradation levels the operator forces per cell (cell id -> level). */
  readonly forcedDegradation: ReadonlyMap<string, DegradationLevel>;
  /** Fetching the policy bundles snapshots name (docs/POLICY.md). */
  readonly policy: {
    /** Per attempt, headers and body. */
    readonly fetchTimeoutMs: number;
    readonly fetchAttempts: number;
    /** Characters of input text a policy may remember decisions by. */
    readonly decisionCacheChars: number;
  };
  /** The local decision log and its shipping to the control plane. */
  readonly decisions: {
    /** Disk the log of all workers may use together. */
    readonly maxBytes: number;
    /** A log file is rotated past this size. */
    readonly fileBytes: number;
    /** Pause between shipping rounds while the log is empty. */
    readonly shipIntervalMs: number;
  };
  /** Circuit breaker per instance; DESIGN.md's figures by default (K10). */
  readonly breaker: {
    readonly failureRateThreshold: number;
    readonly minimumRequests: number;
    readonly openMs: number;
    readonly maxOpenMs: number;
    readonly probeIntervalMs: number;
    readonly successesToClose: number;
  };
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
  adminHost: '127.0.0.1',
  /** Used when the tenant port is the default 8080; else ephemeral. */
  adminPort: 9090,
  tokenCacheSize: 10_000,
  clientRatePerSecond: 100,
  clientBurst: 200,
  rateLimitMaxKeys: 100_000,
  healthPath: '/healthz',
  healthIntervalMs: 5000,
  healthTimeoutMs: 1000,
  healthUnhealthyThreshold: 2,
  healthHealthyThreshold: 2,
  breakerFailureRate: 0.05,
  breakerMinimumRequests: 20,
  breakerOpenMs: 30_000,
  breakerMaxOpenMs: 300_000,
  breakerProbeIntervalMs: 5000,
  breakerSuccessesToClose: 3,
  bundleFetchTimeoutMs: 10_000,
  bundleFetchAttempts: 3,
  decisionCacheChars: 8 * 1024 * 1024,
  decisionLogMaxBytes: 64 * 1024 * 1024,
  decisionLogFileBytes: 4 * 1024 * 1024,
  decisionShipIntervalMs: 2000,
} as const;

/** Per-tenant limits by tier while the snapshot has no `limits` section. */
export const DEFAULT_TENANT_LIMITS: Limits['perTenant'] = Object.freeze({
  free: Object.freeze({ ratePerSecond: 200, burst: 400 }),
  standard: Object.freeze({ ratePerSecond: 1000, burst: 2000 }),
  enterprise: Object.freeze({ ratePerSecond: 5000, burst: 10_000 }),
});
