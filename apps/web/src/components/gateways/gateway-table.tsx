import { Badge } from '@/components/ui/badge';
import { formatAgo, formatTimestamp } from '@/lib/format-time';
import type { RouterOutputs } from '@/trpc/router-types';

export type GatewayView = RouterOutputs['gateways']['list'][number];

/** One row per gateway, with the reason of its last NACK. */
export function GatewayTable({
  gateways,
}: {
  gateways: readonly GatewayView[];
}) {
  return (
    <div className="card table-scroll">
      <table className="table">
        <thead>
          <tr>
            <th>Gateway</th>
            <th>Applied</th>
            <th>Lag</th>
            <th>Last ACK</th>
            <th>Last NACK</th>
            <th>Last seen</th>
          </tr>
        </thead>
        <tbody>
          {gateways.map((gateway) => (
            <tr key={gateway.gatewayId}>
              <td className="mono">
                {gateway.gatewayId}{' '}
                {gateway.stale ? <Badge tone="bad">stale</Badge> : null}
              </td>
              <td className="mono" data-testid="gateway-applied">
                {gateway.appliedVersion ?? '—'}
              </td>
              <td data-testid="gateway-lag">
                {gateway.lag === null ? (
                  '—'
                ) : (
                  <Badge tone={gateway.lag === 0 ? 'good' : 'warn'}>
                    {gateway.lag}
                  </Badge>
                )}
              </td>
              <td title={formatTimestamp(gateway.lastAckAt)}>
                {formatAgo(gateway.lastAckAt)}
              </td>
              <td>
                {gateway.lastNackCode ? (
                  <div title={formatTimestamp(gateway.lastNackAt)}>
                    <span className="mono">
                      v{gateway.lastNackVersion} {gateway.lastNackCode}
                    </span>
                    <div className="muted small">{gateway.lastNackReason}</div>
                  </div>
                ) : (
                  '—'
                )}
              </td>
              <td title={formatTimestamp(gateway.lastSeenAt)}>
                {formatAgo(gateway.lastSeenAt)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
