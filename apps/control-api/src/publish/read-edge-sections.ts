import { createHash } from 'node:crypto';

import {
  canonicalJson,
  type DegradationLevel,
  type DegradationSection,
  type Identity,
  type Issuer,
  type Route,
  type TokenAlgorithm,
} from '@cellplane/contract';

import type { Tx } from '../db/db-types';
import { parseStoredKeys } from '../services/edge/issuer-keys';
import type { IssuerRow } from '../services/edge/issuer-view';
import { routeView } from '../services/edge/route-view';

/** The edge sections the control-api manages; each absent when empty. */
export interface EdgeSections {
  identity?: Identity;
  routes?: Route[];
  degradation?: DegradationSection;
}

export interface EdgeSectionsRead {
  readonly sections: EdgeSections;
  /** SHA-256 of the sections' canonical JSON, part of the state's. */
  readonly fingerprint: string;
}

/**
 * Turns the issuer, revocation, route and forced-degradation tables into
 * the snapshot's `identity`, `routes` and `degradation` sections. A
 * section is left out when its tables are empty, so a control plane that
 * manages none of them publishes what it did before and gateways keep
 * their documented defaults (one `/` route, token optional; levels from
 * health). Rows are sorted by id in code-point order, so equal tables give
 * equal bytes. A level forced on a cell not among `cells` (the snapshot's)
 * is left out, since the table has no foreign key: it would make every
 * gateway refuse the snapshot.
 */
export async function readEdgeSections(
  tx: Tx,
  cells: readonly { id: string }[],
): Promise<EdgeSectionsRead> {
  // One after the other: queries of one transaction share a connection.
  const issuers = await tx.tokenIssuer.findMany();
  const revoked = await tx.revokedToken.findMany({ select: { tokenId: true } });
  const routes = await tx.edgeRoute.findMany();
  const forced = await tx.forcedDegradation.findMany({
    select: { cellId: true, level: true },
  });

  const sections: EdgeSections = {};

  if (issuers.length > 0 || revoked.length > 0) {
    sections.identity = {
      issuers: byKey(issuers, (row) => row.id).map(issuerSection),
      revokedTokenIds: revoked.map((row) => row.tokenId).sort(codePoint),
    };
  }

  if (routes.length > 0) {
    sections.routes = byKey(routes, (row) => row.id).map(routeView);
  }

  const cellIds = new Set(cells.map((cell) => cell.id));
  const known = forced.filter((row) => cellIds.has(row.cellId));
  if (known.length > 0) {
    sections.degradation = {
      forced: byKey(known, (row) => row.cellId).map((row) => ({
        cellId: row.cellId,
        level: row.level as DegradationLevel,
      })),
    };
  }

  return {
    sections,
    fingerprint: createHash('sha256')
      .update(canonicalJson(sections))
      .digest('hex'),
  };
}

function issuerSection(row: IssuerRow): Issuer {
  return {
    id: row.id,
    issuer: row.issuer,
    audiences: row.audiences,
    algorithms: row.algorithms as TokenAlgorithm[],
    leewaySeconds: row.leewaySeconds,
    tenantClaim: row.tenantClaim,
    // Keys keep the order they were added in: the newest last.
    keys: parseStoredKeys(row.keys).map((key) => key.jwk),
  };
}

function codePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function byKey<T>(rows: readonly T[], key: (row: T) => string): T[] {
  return [...rows].sort((a, b) => codePoint(key(a), key(b)));
}
