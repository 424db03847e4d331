import { readdir } from 'node:fs/promises';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  preparePolicyCompiler,
  PUBLIC_ONLY_POLICY,
} from './support/policy-bundles';
import { spawnPolicyEdge } from './support/policy-edge';
import type { GatewayProcess } from './support/test-gateway';
import type { TestWorkspace } from './support/test-key';
import { startUpstream, type Upstream } from './support/upstream-server';
import { waitFor } from './support/wait-for';

/**
 * Two node:cluster workers, no control plane: each loads its own
 * evaluator from the state dir's cache and writes its own decision log
 * files; the admin listener's metrics count the decisions of both.
 */
let workspace: TestWorkspace;
let upstream: Upstream;
let gateway: GatewayProcess;

beforeAll(async () => {
  await preparePolicyCompiler();
  upstream = await startUpstream('cell-1-i1');
  ({ gateway, workspace } = await spawnPolicyEdge(upstream.url, {
    files: PUBLIC_ONLY_POLICY,
    revision: 'workers',
    env: { GATEWAY_WORKERS: '2' },
  }));
}, 300_000);

afterAll(async () => {
  await gateway?.stop();
  await upstream?.close();
  await workspace?.remove();
});

describe('policy under node:cluster', () => {
  it('every worker decides with its own evaluator and logs to its own files', async () => {
    // Fresh connections, so the primary hands them to both workers.
    const statuses: number[] = [];
    for (let i = 0; i < 40; i += 1) {
      const path = i % 2 === 0 ? '/public/a' : '/private/a';
      const response = await fetch(`${gateway.url}${path}`, {
        headers: { 'x-tenant-id': 't-a', connection: 'close' },
      });
      await response.text();
      statuses.push(response.status);
    }

    expect(statuses.filter((s) => s === 200).length).toBe(20);
    expect(statuses.filter((s) => s === 403).length).toBe(20);
    const files = await waitFor(async () => {
      const names = await readdir(join(workspace.dir, 'state', 'decisions'));
      const prefixes = new Set(
        names.filter((n) => n.endsWith('.ndjson')).map((n) => n.slice(0, 2)),
      );

      return prefixes.has('w0') && prefixes.has('w1') ? prefixes : undefined;
    });
    expect([...files].sort()).toEqual(['w0', 'w1']);

    const metrics = await (await fetch(`${gateway.adminUrl}/metrics`)).text();
    expect(metrics).toMatch(/^policy_decisions_total\{result="allow"\} 20$/m);
    expect(metrics).toMatch(/^policy_decisions_total\{result="deny"\} 20$/m);
    expect(metrics).toMatch(
      /^policy_bundle_revision\{revision="workers"\} 1$/m,
    );
  });
});
