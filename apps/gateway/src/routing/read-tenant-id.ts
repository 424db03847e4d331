import type { IncomingHttpHeaders } from 'node:http';

import { idSchema } from '@cellplane/contract';

import { GatewayError } from '../errors/gateway-error';

/**
 * The tenant a request is for, from `x-tenant-id`. Two values (Node joins a
 * repeated header with ", ") or anything that is not a tenant id is refused
 * rather than guessed at.
 */
export function readTenantId(headers: IncomingHttpHeaders): string {
  const value = headers['x-tenant-id'];

  if (value === undefined || value === '') {
    throw new GatewayError('GW_TENANT_MISSING', 'no x-tenant-id header');
  }

  if (typeof value !== 'string' || !idSchema.safeParse(value).success) {
    throw new GatewayError(
      'GW_BAD_REQUEST',
      'x-tenant-id is not one valid tenant id',
    );
  }

  return value;
}
