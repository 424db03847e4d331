import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { parseWrkOutput } from '../measure/parse-wrk-output';
import { runPinned } from '../measure/run-pinned';
import { wrkScript } from '../measure/wrk-script';
import { startLocalServer, type LocalServer } from './local-server';

// wrk comes from apt; scripts/bench.sh installs it, `npm test` does not.
const hasWrk = spawnSync('wrk', ['-v']).error === undefined;

describe.runIf(hasWrk)('wrk with the generated script, on loopback', () => {
  let server: LocalServer;
  let dir: string;

  beforeAll(async () => {
    server = await startLocalServer();
    dir = mkdtempSync(join(tmpdir(), 'bench-wrk-test-'));
  });

  afterAll(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('rotates the tenants and reports the requests the server saw', async () => {
    const script = join(dir, 'wrk.lua');
    writeFileSync(script, wrkScript('/catalog', ['t-1', 't-2', 't-3']));

    const { stdout } = await runPinned(
      0,
      'wrk',
      ['-t1', '-c2', '-d1s', '-s', script, `${server.url}/catalog`],
      30_000,
    );
    const result = parseWrkOutput(stdout);

    expect(result.requests).toBeGreaterThan(10);
    // wrk counts completed responses; the server may have seen a few more.
    expect(server.tenants.length).toBeGreaterThanOrEqual(result.requests);
    expect(new Set(server.tenants)).toEqual(new Set(['t-1', 't-2', 't-3']));
    expect(result.non2xx + result.socketErrors).toBe(0);
    expect(result.p50Ms).toBeGreaterThan(0);
    expect(result.p99Ms).toBeGreaterThanOrEqual(result.p50Ms);
  });
});
