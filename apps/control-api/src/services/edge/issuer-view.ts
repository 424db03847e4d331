import type { TokenAlgorithm } from '@cellplane/contract';

import { keySummary, parseStoredKeys } from './issuer-keys';

/** The columns of a `TokenIssuer` row the services read. */
export const issuerSelect = {
  id: true,
  issuer: true,
  audiences: true,
  algorithms: true,
  leewaySeconds: true,
  tenantClaim: true,
  keys: true,
  updatedAt: true,
} as const;

export interface IssuerRow {
  id: string;
  issuer: string;
  audiences: string[];
  algorithms: string[];
  leewaySeconds: number;
  tenantClaim: string;
  keys: unknown;
  updatedAt: Date;
}

/** An issuer as procedures answer it (and audit rows record it). */
export function issuerView(row: IssuerRow) {
  return {
    id: row.id,
    issuer: row.issuer,
    audiences: row.audiences,
    algorithms: row.algorithms as TokenAlgorithm[],
    leewaySeconds: row.leewaySeconds,
    tenantClaim: row.tenantClaim,
    keys: parseStoredKeys(row.keys).map(keySummary),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export type IssuerView = ReturnType<typeof issuerView>;
