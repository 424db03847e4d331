import { expect, it } from 'vitest';

import { versionDistribution } from './version-distribution';

it('counts gateways per applied version, oldest first, none first of all', () => {
  const fleet = [7, 9, 7, null, 9, 9].map((appliedVersion) => ({
    appliedVersion,
  }));

  expect(versionDistribution(fleet)).toEqual([
    { label: 'none', value: 1 },
    { label: 'v7', value: 2 },
    { label: 'v9', value: 3 },
  ]);
});
