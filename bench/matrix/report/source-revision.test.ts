import { describe, expect, it } from 'vitest';

import { porcelainPaths } from './source-revision';

describe('porcelainPaths', () => {
  it('lists modified, added, untracked and renamed files', () => {
    const porcelain =
      ' M apps/gateway/src/http/proxy-handler.ts\n' +
      'A  apps/gateway/src/cluster.ts\n' +
      '?? apps/cell-app/src/cache.ts\n' +
      'R  apps/gateway/src/a.ts -> apps/gateway/src/b.ts\n';

    expect(porcelainPaths(porcelain)).toEqual([
      'apps/gateway/src/http/proxy-handler.ts',
      'apps/gateway/src/cluster.ts',
      'apps/cell-app/src/cache.ts',
      'apps/gateway/src/b.ts',
    ]);
  });

  it('is empty for a clean tree', () => {
    expect(porcelainPaths('')).toEqual([]);
  });
});
