import { formatAgo, formatTimestamp } from '@/lib/format-time';
import type { RouterOutputs } from '@/trpc/router-types';

export type ActivePolicyView = RouterOutputs['policies']['active'];

/** The bundle every gateway evaluates, or a note that none is active. */
export function ActivePolicyCard({ active }: { active: ActivePolicyView }) {
  if (!active) {
    return (
      <section className="panel panel-muted" aria-label="Active policy">
        No policy is active: gateways check routes and tokens only.
      </section>
    );
  }

  return (
    <section className="card" aria-labelledby="active-policy">
      <h2 id="active-policy">Active policy</h2>
      <dl className="facts facts-wide">
        <div>
          <dt>Revision</dt>
          <dd className="mono" data-testid="active-revision">
            {active.bundle.revision}
          </dd>
        </div>
        <div>
          <dt>Entrypoint</dt>
          <dd className="mono">{active.entrypoint}</dd>
        </div>
        <div>
          <dt>Digest</dt>
          <dd className="mono small" title={active.bundle.digest}>
            {shortDigest(active.bundle.digest)}
          </dd>
        </div>
        <div>
          <dt>Activated</dt>
          <dd title={formatTimestamp(active.updatedAt)}>
            {formatAgo(active.updatedAt)} by {active.activatedBy}
          </dd>
        </div>
      </dl>
    </section>
  );
}

/** `sha256:` and the first 12 hex digits: enough to tell bundles apart. */
export function shortDigest(digest: string): string {
  return digest.slice(0, 'sha256:'.length + 12);
}
