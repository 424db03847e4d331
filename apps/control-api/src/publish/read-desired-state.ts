import { createHash } from 'node:crypto';

import type {
  Cell,
  Override,
  PolicySection,
  Region,
  Tenant,
} from '@cellplane/contract';

import type { Tx } from '../db/db-types';
import { readEdgeSections, type EdgeSections } from './read-edge-sections';
import { readPolicySection } from './read-policy-section';

export interface DesiredState extends EdgeSections {
  regions: Region[];
  cells: Cell[];
  tenants: Tenant[];
  overrides: Override[];
  policy?: PolicySection;
}

/**
 * Reads everything a snapshot holds in ONE statement: under READ COMMITTED
 * each statement sees one consistent state, so a change committing halfway
 * through cannot leave the snapshot with half of it. Sorting uses the "C"
 * collation so the same state gives the same bytes on every machine.
 */
export interface DesiredStateRead {
  readonly state: DesiredState;
  /**
   * SHA-256 of the statement's JSON text. The statement fixes key and row
   * order, so equal states give equal fingerprints; a cheap way to tell
   * that nothing changed since the last publish.
   */
  readonly fingerprint: string;
}

export async function readDesiredState(tx: Tx): Promise<DesiredStateRead> {
  const rows = await tx.$queryRaw<{ state: string }[]>`
    SELECT json_build_object(
      'regions', COALESCE((
        SELECT json_agg(json_build_object('id', r.id, 'name', r.name)
          ORDER BY r.id COLLATE "C")
        FROM "Region" r), '[]'::json),
      'cells', COALESCE((
        SELECT json_agg(json_build_object(
          'id', c.id,
          'regionId', c."regionId",
          'capacityRps', c."capacityRps",
          'weight', c.weight,
          'state', c.state,
          'instances', COALESCE((
            SELECT json_agg(json_build_object(
              'id', i.id, 'url', i.url, 'weight', i.weight)
              ORDER BY i.id COLLATE "C")
            FROM "Instance" i WHERE i."cellId" = c.id), '[]'::json)
        ) ORDER BY c.id COLLATE "C")
        FROM "Cell" c), '[]'::json),
      'tenants', COALESCE((
        SELECT json_agg(json_build_object('id', t.id, 'tier', t.tier)
          ORDER BY t.id COLLATE "C")
        FROM "Tenant" t), '[]'::json),
      'overrides', COALESCE((
        SELECT json_agg(json_build_object(
          'tenantId', o."tenantId", 'cellId', o."cellId", 'reason', o.reason)
          ORDER BY o."tenantId" COLLATE "C")
        FROM "Override" o), '[]'::json)
    )::text AS state`;

  const text = rows[0]?.state ?? '{}';
  const state = JSON.parse(text) as DesiredState;
  // The edge tables are read by statements of their own; a forced level
  // is kept only for a cell of the statement above.
  const edge = await readEdgeSections(tx, state.cells);
  const policy = await readPolicySection(tx);

  return {
    state: { ...state, ...edge.sections, policy: policy.section },
    fingerprint: createHash('sha256')
      .update(text)
      .update(edge.fingerprint)
      .update(policy.fingerprint)
      .digest('hex'),
  };
}
