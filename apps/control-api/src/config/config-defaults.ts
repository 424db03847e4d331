import type { Limits } from '@cellplane/contract';

/**
 * Tunables that are not read from the environment, in one place beside the
 * type that documents them. Tests start the app with some of them changed.
 */
export const CONFIG_DEFAULTS = {
  /** How long a publish request waits for others to join it (debounce). */
  publishDebounceMs: 0,
  /** Attempts of one publish job before it is left failed for an operator. */
  publishAttempts: 8,
  /**
   * How long a publish job's lock lasts without renewal; a worker that
   * dies mid-job gives the job back to the queue after this (case K19).
   */
  publishLockMs: 30_000,
  /** How often workers look for jobs whose worker died (stalled jobs). */
  publishStalledCheckMs: 30_000,
  /** Interval of the reconcile publish that catches lost requests. */
  publishReconcileMs: 30_000,
  /** Interval between `: ping` comments on an idle SSE stream. */
  sseHeartbeatMs: 15_000,
  /** Safety net behind Redis pub/sub: how often the feed checks Postgres. */
  snapshotPollMs: 5_000,
  /** Interval of the instance health probe job. */
  healthProbeIntervalMs: 10_000,
  /** Time one `GET /healthz` probe may take before the instance is down. */
  healthProbeTimeoutMs: 1_000,
  /**
   * Hosts the health probe may call. The seeded instances are on loopback;
   * an instance anywhere else stays `unknown` instead of being probed.
   */
  healthProbeHosts: ['127.0.0.1', 'localhost', '[::1]'] as readonly string[],
  /** Lifetime of a console session. */
  sessionTtlMs: 12 * 60 * 60 * 1000,
  /**
   * Failed sign-ins one client address may have on one account within
   * `signInWindowMs` before its further attempts on that account are
   * refused until the window ends. Counting per address keeps a guesser
   * from locking the account for everyone else.
   */
  signInMaxFailures: 5,
  /**
   * Failed sign-ins one client address may have across all accounts within
   * the window, so one address cannot spray guesses over many accounts.
   */
  signInMaxAddressFailures: 20,
  /**
   * Failed sign-ins of one account from all addresses within the window
   * before it is refused everywhere: bounds guessing when addresses are
   * forged, high enough that a lock takes a deliberate flood.
   */
  signInMaxAccountFailures: 100,
  signInWindowMs: 15 * 60 * 1000,
  /** Adds `Secure` to the session cookie (set behind TLS). */
  cookieSecure: false,
  /** A gateway not heard from for longer than this is shown as stale. */
  gatewayStaleMs: 30_000,
  /** Largest request body the `/v1` endpoints read. */
  maxReportBytes: 64 * 1024,
  /** Time given to in-flight requests and jobs on shutdown. */
  shutdownGraceMs: 5_000,
  /** Ring settings written into every snapshot. */
  ring: { virtualNodes: 150, referenceCapacityRps: 10_000 },
  /**
   * Edge rate limits written into every snapshot: 100 requests/s per client
   * address (the architecture's figure), and per tenant by tier a share of
   * one cell's 10,000 RPS target (10 %, 30 %, 60 %), so no single tenant can
   * starve the others in its cell. `trustedProxies` comes from
   * CELLPLANE_TRUSTED_PROXIES.
   */
  limits: {
    perClientIp: { ratePerSecond: 100, burst: 200 },
    perTenant: {
      free: { ratePerSecond: 1_000, burst: 2_000 },
      standard: { ratePerSecond: 3_000, burst: 6_000 },
      enterprise: { ratePerSecond: 6_000, burst: 12_000 },
    },
    trustedProxies: [],
  } as Limits,
};

export type ConfigTunables = typeof CONFIG_DEFAULTS;
