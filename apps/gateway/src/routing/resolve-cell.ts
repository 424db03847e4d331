import type { Cell } from '@cellplane/contract';

import { GatewayError } from '../errors/gateway-error';
import type { RoutingTable } from '../snapshot/routing-table';

/**
 * The cell that serves `tenantId` under the table's placement (override,
 * else ring). A tenant the snapshot does not hold gets a 404, never a
 * default cell: it would read or write another tenant's cell.
 */
export function resolveCell(table: RoutingTable, tenantId: string): Cell {
  if (!table.tenants.has(tenantId)) {
    throw new GatewayError(
      'GW_TENANT_UNKNOWN',
      `tenant ${tenantId} is not in snapshot ${table.version}`,
    );
  }

  const cellId = table.placement.cellFor(tenantId);
  const cell = cellId === undefined ? undefined : table.cells.get(cellId);
  if (cell === undefined) {
    throw new GatewayError(
      'GW_CELL_UNAVAILABLE',
      `no cell can take tenant ${tenantId} in snapshot ${table.version}`,
    );
  }

  return cell;
}
