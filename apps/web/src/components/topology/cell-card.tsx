import Link from 'next/link';

import type { RouterOutputs } from '@/trpc/router-types';

import { CellStateBadge, HealthBadge } from './cell-badges';
import { CellStateAction } from './cell-state-action';

export type CellView = RouterOutputs['cells']['list'][number];

interface CellCardProps {
  cell: CellView;
  canOperate: boolean;
}

const number = new Intl.NumberFormat('en');

/** One cell: its state, capacity, tenants and instances with health. */
export function CellCard({ cell, canOperate }: CellCardProps) {
  return (
    <article className="card cell" data-testid={`cell-${cell.id}`}>
      <header className="cell-header">
        <h3>{cell.id}</h3>
        <span data-testid="cell-state">
          <CellStateBadge state={cell.state} />
        </span>
      </header>
      <dl className="facts">
        <div>
          <dt>Capacity</dt>
          <dd>{number.format(cell.capacityRps)} RPS</dd>
        </div>
        <div>
          <dt>Weight</dt>
          <dd>{cell.weight}</dd>
        </div>
        <div>
          <dt>Tenants</dt>
          <dd>
            <Link href={`/tenants?cell=${cell.id}`}>
              {number.format(cell.tenantCount)}
            </Link>
          </dd>
        </div>
      </dl>
      {cell.instances.length === 0 ? (
        <p className="muted">No instances.</p>
      ) : (
        <table className="table table-compact">
          <thead>
            <tr>
              <th>Instance</th>
              <th>URL</th>
              <th>Health</th>
            </tr>
          </thead>
          <tbody>
            {cell.instances.map((instance) => (
              <tr key={instance.id}>
                <td>{instance.id}</td>
                <td className="mono">{instance.url}</td>
                <td>
                  <HealthBadge health={instance.health} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <CellStateAction
        cellId={cell.id}
        state={cell.state}
        allowed={canOperate}
      />
    </article>
  );
}
