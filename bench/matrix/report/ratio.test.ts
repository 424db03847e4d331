import { describe, expect, it } from 'vitest';

import { ratio } from './ratio';

describe('ratio', () => {
  it('divides and rounds to three decimals', () => {
    expect(ratio(2, 3)).toBe(0.667);
    expect(ratio(21_300, 9_800)).toBe(2.173);
  });

  it('is null when a side is missing or the denominator is zero', () => {
    expect(ratio(null, 3)).toBeNull();
    expect(ratio(3, undefined)).toBeNull();
    expect(ratio(3, 0)).toBeNull();
  });
});
