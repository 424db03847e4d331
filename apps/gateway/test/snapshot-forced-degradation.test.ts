import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { signSnapshot } from '@cellplane/contract';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { edgeBody } from './support/policy-edge';
import { startGateway, type InProcessGateway } from './support/test-gateway';
import { createTestWorkspace, type TestWorkspace } from './support/test-key';
import { startUpstream, type Upstream } from './support/upstream-server';

/**
 * The snapshot's `degradation.forced` sets a cell's level; the local
 * GATEWAY_FORCED_DEGRADATION wins for the cells it names.
 */
let workspace: TestWorkspace;
let upstream: Upstream;
let gateway: InProcessGateway | null = null;

beforeEach(async () => {
  workspace = await createTestWorkspace();
  upstream = await startUpstream('cell-1-i1');
});

afterEach(async () => {
  await gateway?.close();
  gateway = null;
  await upstream.close();
  await workspace.remove();
});

async function boot(
  env: Record<string, string> = {},
  level: 'limited' | 'survival' = 'limited',
): Promise<void> {
  const body = edgeBody(upstream.url, {
    degradation: { forced: [{ cellId: 'cell-1', level }] },
  });
  const file = join(workspace.dir, 'snapshot.json');
  await writeFile(file, JSON.stringify(signSnapshot(body, workspace.key)));
  gateway = await startGateway(
    {
      SNAPSHOT_PUBLIC_KEY_FILE: workspace.publicKeyFile,
      GATEWAY_STATE_DIR: join(workspace.dir, 'state'),
      GATEWAY_HEALTH_CHECKS: 'off',
      GATEWAY_WORKERS: '1',
      LOG_LEVEL: 'warn',
      ...env,
    },
    ['--snapshot', file],
  );
}

async function status(method: string): Promise<number> {
  const response = await fetch(`${gateway!.url}/orders`, {
    method,
    headers: { 'x-tenant-id': 't-a' },
  });
  await response.text();

  return response.status;
}

describe('forced degradation from the snapshot', () => {
  it('a cell forced to limited by the snapshot serves reads and refuses writes', async () => {
    await boot();

    expect(await status('GET')).toBe(200);
    expect(await status('DELETE')).toBe(503);
  });

  it('GATEWAY_FORCED_DEGRADATION wins over the snapshot for the cells it names', async () => {
    await boot({ GATEWAY_FORCED_DEGRADATION: 'cell-1=normal' });

    expect(await status('DELETE')).toBe(200);
  });

  it('a cell forced to survival refuses everything and asks clients back in 30 s, not 1 s', async () => {
    await boot({}, 'survival');

    const response = await fetch(`${gateway!.url}/orders`, {
      headers: { 'x-tenant-id': 't-a' },
    });
    await response.text();

    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('30');
  });
});
