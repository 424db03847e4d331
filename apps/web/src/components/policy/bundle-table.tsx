import { Badge } from '@/components/ui/badge';
import { formatAgo, formatTimestamp } from '@/lib/format-time';
import type { RouterOutputs } from '@/trpc/router-types';

import { ActivateBundleButton } from './activate-bundle-button';
import { shortDigest } from './active-policy-card';

export type BundleView = RouterOutputs['policies']['list']['items'][number];

/** Stored bundles, newest first, each with its Activate button. */
export function BundleTable({
  bundles,
  canActivate,
}: {
  bundles: readonly BundleView[];
  canActivate: boolean;
}) {
  return (
    <div className="card table-scroll">
      <table className="table">
        <thead>
          <tr>
            <th>Revision</th>
            <th>Digest</th>
            <th>Entrypoints</th>
            <th>Size</th>
            <th>Created</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {bundles.map((bundle) => (
            <tr key={bundle.digest}>
              <td className="mono">
                {bundle.revision}{' '}
                {bundle.active ? <Badge tone="good">active</Badge> : null}
              </td>
              <td className="mono small" title={bundle.digest}>
                {shortDigest(bundle.digest)}
              </td>
              <td className="mono small">{bundle.entrypoints.join(', ')}</td>
              <td>{formatBytes(bundle.sizeBytes)}</td>
              <td title={formatTimestamp(bundle.createdAt)}>
                {formatAgo(bundle.createdAt)}
                <div className="muted small">{bundle.createdBy}</div>
              </td>
              <td>
                {bundle.active ? null : (
                  <ActivateBundleButton
                    digest={bundle.digest}
                    revision={bundle.revision}
                    entrypoints={bundle.entrypoints}
                    allowed={canActivate}
                  />
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;

  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}
