import { describe, expect, it } from 'vitest';

import { INPUT_KINDS, policyInput } from './policy-inputs';

describe('policyInput', () => {
  it('repeats a mix of 20 in which 2 of 20 requests are to be denied', () => {
    expect(INPUT_KINDS.reduce((sum, kind) => sum + kind.share, 0)).toBe(20);
    const denied = Array.from({ length: 1_000 }, (_, i) =>
      policyInput(i),
    ).filter(({ kind }) => !kind.allowed).length;

    expect(denied).toBe(100);
  });

  it('is the same input for the same index, shaped like the gateway builds it', () => {
    const { input } = policyInput(7);

    expect(policyInput(7).input).toEqual(input);
    expect(input.segments).toEqual(input.path.split('/').slice(1));
    expect(input.tenant).toMatch(/^t-\d{5}$/);
    expect(Object.keys(input.headers)).not.toContain('authorization');
  });

  it('gives a token of another tenant to the read that must be refused', () => {
    const i = Array.from({ length: 20 }, (_, n) => n).find(
      (n) => policyInput(n).kind.name === "read with another tenant's token",
    )!;
    const { input } = policyInput(i);

    expect(input.user?.tenant).not.toBe(input.tenant);
  });
});
