import { AppError } from '../../errors/app-error';
import type { ServiceDeps } from '../service-deps';
import { placementOf } from './placement-of';

/**
 * Which cell a tenant lands on and why, computed with `@cellplane/ring`
 * over the latest published snapshot rather than the database: that is
 * exactly what every gateway routes with, so the answer explains the
 * traffic, and it names the snapshot version it holds for. A change not
 * yet published is not reflected until its snapshot is.
 */
export async function explainPlacement(
  deps: ServiceDeps,
  input: { tenantId: string },
) {
  const snapshot = deps.feed.latest();
  if (!snapshot) {
    throw new AppError('SNAPSHOT_NONE', 'no snapshot to explain placement by');
  }

  const { body } = snapshot.envelope;
  if (!body.tenants.some((tenant) => tenant.id === input.tenantId)) {
    const exists = await deps.db.tenant.findUnique({
      where: { id: input.tenantId },
      select: { id: true },
    });
    throw new AppError(
      exists ? 'TENANT_NOT_PUBLISHED' : 'TENANT_NOT_FOUND',
      `tenant ${input.tenantId} is not in snapshot ${snapshot.version}`,
    );
  }

  const explanation = placementOf(snapshot).placement.explain(input.tenantId);
  if (!explanation) {
    throw new AppError(
      'PLACEMENT_NO_CELL',
      `no cell of snapshot ${snapshot.version} can take ${input.tenantId}`,
    );
  }

  const cell = body.cells.find(
    (candidate) => candidate.id === explanation.cellId,
  );
  const override =
    explanation.source === 'override'
      ? await deps.db.override.findUnique({
          where: { tenantId: input.tenantId },
          select: {
            cellId: true,
            reason: true,
            createdBy: true,
            createdAt: true,
          },
        })
      : null;

  return {
    tenantId: explanation.tenantId,
    cellId: explanation.cellId,
    regionId: cell?.regionId ?? null,
    source: explanation.source,
    tenantHash: explanation.tenantHash,
    vnode: explanation.vnode,
    override: explanation.override
      ? {
          cellId: explanation.override.cellId,
          reason: explanation.override.reason,
          // Who pinned and when are not in the snapshot; the database row
          // is read only when it still matches what was published.
          createdBy:
            override?.cellId === explanation.override.cellId
              ? override.createdBy
              : null,
          createdAt:
            override?.cellId === explanation.override.cellId
              ? override.createdAt.toISOString()
              : null,
        }
      : undefined,
    snapshotVersion: snapshot.version,
  };
}
