import { verifySnapshot, verifyingKeyFromPem } from '@cellplane/contract';
import { Placement } from '@cellplane/ring';

/**
 * The share of requests each cell should receive when tenants are drawn by
 * Zipf(s) in the order given: placement of every tenant from the signed
 * snapshot the control-api serves, weighted by the tenant's probability.
 * Printed beside the measured shares, it shows requests follow placement.
 * Also returns one tenant per cell, to check every cell answers first.
 */
export async function expectedCellShares(options: {
  controlApiUrl: string;
  configToken: string;
  publicKeyPem: string;
  tenantIds: readonly string[];
  zipfS: number;
}): Promise<{
  shares: Map<string, number>;
  sampleTenants: Map<string, string>;
}> {
  const response = await fetch(`${options.controlApiUrl}/v1/snapshots/latest`, {
    headers: { authorization: `Bearer ${options.configToken}` },
    signal: AbortSignal.timeout(5_000),
  });
  const envelope = verifySnapshot(await response.text(), {
    keys: [verifyingKeyFromPem(options.publicKeyPem)],
  });
  const { cells, overrides, ring } = envelope.body;
  const placement = new Placement(cells, overrides, ring);

  const weights = options.tenantIds.map(
    (_, rank) => 1 / (rank + 1) ** options.zipfS,
  );
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  const shares = new Map<string, number>();
  const sampleTenants = new Map<string, string>();

  options.tenantIds.forEach((tenantId, rank) => {
    const cellId = placement.cellFor(tenantId) ?? 'NONE';
    shares.set(cellId, (shares.get(cellId) ?? 0) + weights[rank]! / total);
    if (!sampleTenants.has(cellId)) sampleTenants.set(cellId, tenantId);
  });

  return { shares, sampleTenants };
}
