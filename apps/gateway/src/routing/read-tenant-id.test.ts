import { describe, expect, it } from 'vitest';

import { GatewayError } from '../errors/gateway-error';
import { readTenantId } from './read-tenant-id';

function codeOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof GatewayError) return error.code;
    throw error;
  }
  throw new Error('expected a GatewayError');
}

describe('readTenantId', () => {
  it('returns a valid tenant id', () => {
    expect(readTenantId({ 'x-tenant-id': 't-00042' })).toBe('t-00042');
  });

  it('refuses a missing or empty header as GW_TENANT_MISSING', () => {
    expect(codeOf(() => readTenantId({}))).toBe('GW_TENANT_MISSING');
    expect(codeOf(() => readTenantId({ 'x-tenant-id': '' }))).toBe(
      'GW_TENANT_MISSING',
    );
  });

  it('refuses two values or a malformed id as GW_BAD_REQUEST', () => {
    for (const value of ['t-a, t-b', 'T-A', '../t-a', 'x'.repeat(64), 't a']) {
      expect(codeOf(() => readTenantId({ 'x-tenant-id': value }))).toBe(
        'GW_BAD_REQUEST',
      );
    }
  });
});
