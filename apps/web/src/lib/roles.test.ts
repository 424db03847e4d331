import { describe, expect, it } from 'vitest';

import { hasRole } from './roles';

describe('hasRole', () => {
  it('orders viewer < operator < approver < admin', () => {
    expect(hasRole('viewer', 'operator')).toBe(false);
    expect(hasRole('operator', 'operator')).toBe(true);
    expect(hasRole('approver', 'operator')).toBe(true);
    expect(hasRole('admin', 'approver')).toBe(true);
    expect(hasRole('operator', 'admin')).toBe(false);
  });

  it('grants nothing to an unknown or missing role', () => {
    expect(hasRole('root', 'viewer')).toBe(false);
    expect(hasRole(undefined, 'viewer')).toBe(false);
  });
});
