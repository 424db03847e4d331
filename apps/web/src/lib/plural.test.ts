import { expect, it } from 'vitest';

import { plural } from './plural';

it('puts the noun in the number of its count', () => {
  expect(plural(0, 'cell')).toBe('0 cells');
  expect(plural(1, 'gateway')).toBe('1 gateway');
  expect(plural(3, 'region')).toBe('3 regions');
});
