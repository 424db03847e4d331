import { writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';

import { signSnapshot } from '@cellplane/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { edgeBody } from './support/policy-edge';
import { createTestWorkspace, type TestWorkspace } from './support/test-key';
import { spawnClusterGateway } from './support/test-gateway';

/**
 * Workers that cannot start (here: the tenant port is taken) are not
 * forked again forever: after a few failed starts in a row the primary
 * stops and exits 1, so its supervisor sees the failure.
 */
let workspace: TestWorkspace;
let taken: Server;
let port = 0;

beforeAll(async () => {
  workspace = await createTestWorkspace();
  taken = createServer();
  await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
  port = (taken.address() as { port: number }).port;
});

afterAll(async () => {
  await new Promise((resolve) => taken?.close(resolve));
  await workspace?.remove();
});

describe('gateway primary', () => {
  it('exits 1 when its workers keep failing before they listen', async () => {
    const file = join(workspace.dir, 'snapshot.json');
    const body = edgeBody('http://127.0.0.1:9');
    await writeFile(file, JSON.stringify(signSnapshot(body, workspace.key)));

    const started = spawnClusterGateway(workspace, file, {
      GATEWAY_HOST: '127.0.0.1',
      GATEWAY_PORT: String(port),
    });

    await expect(started).rejects.toThrow(/gateway exited with 1/);
  }, 90_000);
});
