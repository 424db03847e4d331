import type { Tx } from '../../db/db-types';
import { AppError } from '../../errors/app-error';
import { issuerSelect, type IssuerRow } from './issuer-view';

/**
 * Reads an issuer row locked until the transaction ends, so two changes of
 * its key list cannot each write over the other's.
 */
export async function lockIssuer(tx: Tx, id: string): Promise<IssuerRow> {
  await tx.$queryRaw`SELECT id FROM "TokenIssuer" WHERE id = ${id} FOR UPDATE`;
  const row = await tx.tokenIssuer.findUnique({
    where: { id },
    select: issuerSelect,
  });
  if (!row) throw new AppError('ISSUER_NOT_FOUND', `no issuer ${id}`);

  return row;
}
