import { describe, expect, it } from 'vitest';

import { roleAtLeast } from './roles';

describe('roleAtLeast', () => {
  it('orders viewer < operator < approver < admin', () => {
    expect(roleAtLeast('admin', 'operator')).toBe(true);
    expect(roleAtLeast('operator', 'operator')).toBe(true);
    expect(roleAtLeast('approver', 'admin')).toBe(false);
    expect(roleAtLeast('viewer', 'operator')).toBe(false);
  });
});
