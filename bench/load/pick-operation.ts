import type { LoadOptions } from './load-options';
import type { Operation } from './load-tally';

type LoadMix = LoadOptions['mix'];

/**
 * Maps a uniform draw in [0, 1) to an operation in proportion to the mix
 * (shares need not add up to 1).
 */
export function pickOperation(mix: LoadMix, draw: number): Operation {
  const total = mix.catalog + mix.cart + mix.checkout;
  const point = draw * total;

  if (point < mix.catalog) return 'catalog';
  if (point < mix.catalog + mix.cart) return 'cart';

  return 'checkout';
}
