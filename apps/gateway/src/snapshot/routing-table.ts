import {
  snapshotEtag,
  type Cell,
  type Instance,
  type SnapshotEnvelope,
} from '@cellplane/contract';
import { Placement } from '@cellplane/ring';

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
  /** At least one tenant and one cell with an instance: traffic can flow. */
  readonly servable: boolean;
  /** The signed document this table came from, as it is saved to disk. */
  readonly envelope: SnapshotEnvelope;
}

/**
 * Builds the table for a verified snapshot. Throws the ring's `RingError`
 * when placement cannot be built; the caller refuses the snapshot whole.
 */
export function buildRoutingTable(
  envelope: SnapshotEnvelope,
  acceptedAt: number,
): RoutingTable {
  const body = deepFreeze(envelope.body);

  const placement = new Placement(body.cells, body.overrides, body.ring);
  const cells = new Map(body.cells.map((cell) => [cell.id, cell]));
  const instances = new Map(
    body.cells.flatMap((cell) => cell.instances.map((i) => [i.id, i])),
  );
  const tenants = new Set(body.tenants.map((tenant) => tenant.id));

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
    servable,
    envelope,
  });
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const item of Object.values(value)) deepFreeze(item);
    Object.freeze(value);
  }

  return value;
}
