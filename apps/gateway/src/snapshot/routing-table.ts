import {
  snapshotEtag,
  type Cell,
  type Instance,
  type SnapshotEnvelope,
} from '@cellplane/contract';
import { AddressMatcher } from '@cellplane/resilience';
import { Placement, RingError } from '@cellplane/ring';

import { EdgeConfigError } from '../hygiene/edge-config-error';
import { RouteMatcher } from '../hygiene/match-route';
import { TokenVerifier } from '../identity/token-verifier';
import type { LoadedPolicy } from '../policy/loaded-policy';
import type { DegradationLevel } from '../protection/degradation';
import { edgeLimitsOf, type EdgeLimits } from '../protection/edge-limits';

/**
 * Everything a request needs, built once per accepted snapshot and never
 * changed afterwards. Applying a snapshot swaps one reference to this
 * object, so a request sees either the old table or the new one, never a mix.
 */
export interface RoutingTable {
  readonly version: number;
  readonly hash: string;
  /** The ETag the control-api gives this snapshot, for conditional GETs. */
  readonly etag: string;
  readonly builtAt: string;
  /** When this gateway accepted the snapshot (epoch ms). */
  readonly acceptedAt: number;
  readonly placement: Placement;
  readonly cells: ReadonlyMap<string, Cell>;
  readonly instances: ReadonlyMap<string, Instance>;
  readonly tenants: ReadonlySet<string>;
  /** Tier of each tenant, for the per-tenant rate limit. */
  readonly tiers: ReadonlyMap<string, string>;
  /** Routes of the snapshot (an implicit `/` route when it has none). */
  readonly routes: RouteMatcher;
  /** Token checks of the snapshot's identity section, with their cache. */
  readonly verifier: TokenVerifier;
  /** Rate limits and trusted proxies, the defaults when the section is absent. */
  readonly limits: EdgeLimits;
  /** Proxies whose `x-forwarded-for` hop is believed (K09). */
  readonly trustedProxies: AddressMatcher;
  /**
   * The evaluator of the snapshot's `policy` section, loaded before the
   * table was swapped in; null when the snapshot has no policy.
   */
  readonly policy: LoadedPolicy | null;
  /** Levels the snapshot's `degradation` section forces, by cell id. */
  readonly forcedDegradation: ReadonlyMap<string, DegradationLevel>;
  /** At least one tenant and one cell with an instance: traffic can flow. */
  readonly servable: boolean;
  /** The signed document this table came from, as it is saved to disk. */
  readonly envelope: SnapshotEnvelope;
}

/** Options of the table's parts that come from the gateway's own config. */
export interface RoutingTableOptions {
  readonly tokenCacheSize: number;
  readonly defaultLimits: EdgeLimits;
}

/**
 * Builds the table for a verified snapshot. Throws `EdgeConfigError`
 * (`GW_SNAPSHOT_ROUTES`, `GW_SNAPSHOT_IDENTITY`, `GW_SNAPSHOT_LIMITS`) or
 * `PlacementBuildError` when a part cannot be built; the caller refuses the
 * snapshot whole. `previous` lends its token verifier (and cache) when the
 * identity section is unchanged.
 */
export function buildRoutingTable(
  envelope: SnapshotEnvelope,
  acceptedAt: number,
  options: RoutingTableOptions,
  previous: RoutingTable | null = null,
): RoutingTable {
  const body = deepFreeze(envelope.body);

  const placement = buildPlacement(body);
  const routes = RouteMatcher.fromRoutes(body.routes);
  const verifier = TokenVerifier.fromIdentity(
    body.identity,
    { cacheSize: options.tokenCacheSize },
    previous?.verifier,
  );
  const limits = edgeLimitsOf(body.limits, options.defaultLimits);
  let trustedProxies: AddressMatcher;
  try {
    trustedProxies = new AddressMatcher(limits.trustedProxies);
  } catch (error) {
    throw new EdgeConfigError(
      'GW_SNAPSHOT_LIMITS',
      `trusted proxies: ${(error as Error).message}`,
      { cause: error },
    );
  }
  const cells = new Map(body.cells.map((cell) => [cell.id, cell]));
  const instances = new Map(
    body.cells.flatMap((cell) => cell.instances.map((i) => [i.id, i])),
  );
  const tenants = new Set(body.tenants.map((tenant) => tenant.id));
  const tiers = new Map(body.tenants.map((tenant) => [tenant.id, tenant.tier]));
  const forcedDegradation = new Map(
    (body.degradation?.forced ?? []).map((f) => [f.cellId, f.level]),
  );

  const servable =
    tenants.size > 0 && body.cells.some((cell) => cell.instances.length > 0);

  return Object.freeze({
    version: body.version,
    hash: envelope.hash,
    etag: snapshotEtag(envelope),
    builtAt: body.builtAt,
    acceptedAt,
    placement,
    cells,
    instances,
    tenants,
    tiers,
    routes,
    verifier,
    limits,
    trustedProxies,
    policy: null,
    forcedDegradation,
    servable,
    envelope,
  });
}

/** The same table with the snapshot's policy loaded (see PolicyLoader). */
export function withPolicy(
  table: RoutingTable,
  policy: LoadedPolicy | null,
): RoutingTable {
  return Object.freeze({ ...table, policy });
}

/** Placement could not be built from the snapshot (a ring error). */
export class PlacementBuildError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'PlacementBuildError';
  }
}

function buildPlacement(body: SnapshotEnvelope['body']): Placement {
  try {
    return new Placement(body.cells, body.overrides, body.ring);
  } catch (error) {
    // RingError (e.g. RING_TOO_MANY_POINTS from a huge capacity ratio) and
    // anything else the ring throws: the snapshot cannot route.
    const detail =
      error instanceof RingError
        ? `${error.code}: ${error.message}`
        : String(error);
    throw new PlacementBuildError(detail, { cause: error });
  }
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const item of Object.values(value)) deepFreeze(item);
    Object.freeze(value);
  }

  return value;
}
