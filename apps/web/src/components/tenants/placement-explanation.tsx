import { Badge } from '@/components/ui/badge';
import { formatTimestamp } from '@/lib/format-time';
import type { RouterOutputs } from '@/trpc/router-types';

export type PlacementView = RouterOutputs['placement']['explain'];

// Ring positions are unsigned 32-bit hashes; hex reads better than decimal.
function hex(hash: number): string {
  return `0x${hash.toString(16).padStart(8, '0')}`;
}

/** Which cell a tenant lands on, and why: a ring position or an override. */
export function PlacementExplanation({
  placement,
}: {
  placement: PlacementView;
}) {
  return (
    <section
      className="card"
      aria-labelledby="placement"
      data-testid="placement"
    >
      <h2 id="placement">Placement</h2>
      <dl className="facts facts-wide">
        <div>
          <dt>Cell</dt>
          <dd className="mono" data-testid="placement-cell">
            {placement.cellId}
          </dd>
        </div>
        <div>
          <dt>Region</dt>
          <dd className="mono" data-testid="placement-region">
            {placement.regionId ?? '—'}
          </dd>
        </div>
        <div>
          <dt>Source</dt>
          <dd data-testid="placement-source">
            <Badge tone={placement.source === 'override' ? 'warn' : 'info'}>
              {placement.source}
            </Badge>
          </dd>
        </div>
        <div>
          <dt>Snapshot version</dt>
          <dd className="mono" data-testid="placement-version">
            {placement.snapshotVersion}
          </dd>
        </div>
        <div>
          <dt>Tenant hash</dt>
          <dd className="mono">{hex(placement.tenantHash)}</dd>
        </div>
      </dl>

      {placement.vnode ? (
        <p className="explain">
          On the ring, the tenant&apos;s hash falls to virtual node{' '}
          <span className="mono">#{placement.vnode.index}</span> of cell{' '}
          <span className="mono">{placement.vnode.cellId}</span> at{' '}
          <span className="mono">{hex(placement.vnode.hash)}</span>
          {placement.source === 'override'
            ? ', but the override below wins.'
            : '.'}
        </p>
      ) : null}

      {placement.override ? (
        <dl className="facts facts-wide override">
          <div>
            <dt>Override to</dt>
            <dd className="mono">{placement.override.cellId}</dd>
          </div>
          <div>
            <dt>Reason</dt>
            <dd>{placement.override.reason}</dd>
          </div>
          <div>
            <dt>By</dt>
            <dd>{placement.override.createdBy ?? '—'}</dd>
          </div>
          <div>
            <dt>At</dt>
            <dd>{formatTimestamp(placement.override.createdAt)}</dd>
          </div>
        </dl>
      ) : null}
    </section>
  );
}
