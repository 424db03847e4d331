import { describe, expect, it } from 'vitest';

import { pickOperation } from './pick-operation';

describe('pickOperation', () => {
  const mix = { catalog: 0.7, cart: 0.2, checkout: 0.1 };

  it('splits [0, 1) into 70 / 20 / 10', () => {
    const counts = { catalog: 0, cart: 0, checkout: 0 };
    for (let i = 0; i < 1_000; i += 1) {
      counts[pickOperation(mix, (i + 0.5) / 1_000)] += 1;
    }

    expect(counts).toEqual({ catalog: 700, cart: 200, checkout: 100 });
  });

  it('scales shares that do not add up to 1 and skips zero shares', () => {
    expect(pickOperation({ catalog: 7, cart: 2, checkout: 1 }, 0.65)).toBe(
      'catalog',
    );
    expect(pickOperation({ catalog: 0, cart: 1, checkout: 0 }, 0)).toBe('cart');
    expect(pickOperation({ catalog: 0, cart: 1, checkout: 0 }, 0.99)).toBe(
      'cart',
    );
  });
});
