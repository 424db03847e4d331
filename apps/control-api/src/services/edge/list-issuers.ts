import type { ServiceDeps } from '../service-deps';
import { issuerSelect, issuerView } from './issuer-view';

/** Every token issuer gateways trust, with its keys, by id. */
export async function listIssuers(deps: ServiceDeps) {
  const rows = await deps.db.tokenIssuer.findMany({
    orderBy: { id: 'asc' },
    select: issuerSelect,
  });

  return rows.map(issuerView);
}
