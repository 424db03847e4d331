import { request } from 'node:http';
import { join } from 'node:path';

import { decisionBatchSchema, signSnapshot } from '@cellplane/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startConfigServer, type ConfigServer } from './support/config-server';
import {
  buildTestBundle,
  cacheBundle,
  policySection,
  preparePolicyCompiler,
  PUBLIC_ONLY_POLICY,
} from './support/policy-bundles';
import { edgeBody } from './support/policy-edge';
import { spawnGateway, type GatewayProcess } from './support/test-gateway';
import { createTestWorkspace, type TestWorkspace } from './support/test-key';
import { startUpstream, type Upstream } from './support/upstream-server';
import { waitFor } from './support/wait-for';

/**
 * A worker killed outright (SIGKILL, as the OOM killer does) under load:
 * every decision whose request was answered reaches the control plane,
 * shipped by the worker the primary starts in its place, and nothing is
 * reported dropped.
 */
let workspace: TestWorkspace;
let upstream: Upstream;
let control: ConfigServer;
let gateway: GatewayProcess;

beforeAll(async () => {
  await preparePolicyCompiler();
  workspace = await createTestWorkspace();
  upstream = await startUpstream('cell-1-i1');
  control = await startConfigServer();
  const bundle = await buildTestBundle(PUBLIC_ONLY_POLICY, {
    revision: 'kill',
  });
  const stateDir = join(workspace.dir, 'state');
  await cacheBundle(stateDir, bundle);
  control.publish(
    signSnapshot(
      edgeBody(upstream.url, { policy: policySection(bundle) }),
      workspace.key,
    ),
  );

  gateway = await spawnGateway({
    SNAPSHOT_PUBLIC_KEY_FILE: workspace.publicKeyFile,
    GATEWAY_STATE_DIR: stateDir,
    GATEWAY_HEALTH_CHECKS: 'off',
    GATEWAY_WORKERS: '2',
    GATEWAY_DECISION_SHIP_INTERVAL_MS: '200',
    CONTROL_API_URL: control.url,
    CELLPLANE_CONFIG_TOKEN: control.token,
  });
}, 300_000);

afterAll(async () => {
  await gateway?.stop();
  await control?.close();
  await upstream?.close();
  await workspace?.remove();
});

/**
 * One request on a new connection (the primary hands connections to the
 * workers in turn); the decision id it was answered with, or null when
 * the worker died before answering.
 */
function decide(path: string): Promise<string | null> {
  return new Promise((resolve) => {
    const req = request(
      `${gateway.url}${path}`,
      { agent: false, headers: { 'x-tenant-id': 't-a' } },
      (res) => {
        res.resume();
        res.on('end', () => {
          const id = res.headers['x-decision-id'];
          resolve(typeof id === 'string' ? id : null);
        });
        res.on('error', () => resolve(null));
      },
    );
    req.setTimeout(2000, () => req.destroy());
    req.on('error', () => resolve(null));
    req.end();
  });
}

const listening = () =>
  gateway.logs.filter((line) => line.msg === 'gateway listening');

describe('decisions of a killed worker', () => {
  it('are all shipped by its replacement when their requests were answered', async () => {
    await waitFor(() => listening().length === 2 || undefined, 20_000);
    const victim = listening().find((line) => line.adminPort === null)!;

    // Eight clients, 1,200 requests in all; the worker is killed once
    // 300 are answered, while the others are on their way.
    const answered: string[] = [];
    let sent = 0;
    let killed = false;
    const client = async (): Promise<void> => {
      while (sent < 1200) {
        sent += 1;
        const id = await decide(sent % 2 === 0 ? '/public/a' : '/private/a');
        if (id !== null) answered.push(id);
        if (!killed && answered.length >= 300) {
          killed = true;
          process.kill(Number(victim.pid), 'SIGKILL');
        }
      }
    };
    await Promise.all(Array.from({ length: 8 }, client));
    expect(killed).toBe(true);
    await waitFor(() => listening().length === 3 || undefined, 20_000);

    const stored = new Set<string>();
    let dropped = 0;
    await waitFor(
      () => {
        stored.clear();
        dropped = 0;
        for (const batch of control.decisionBatches) {
          if (batch.status !== 200) continue;
          const parsed = decisionBatchSchema.parse(batch.body);
          dropped += parsed.dropped;
          for (const decision of parsed.decisions) stored.add(decision.id);
        }

        return answered.every((id) => stored.has(id)) || undefined;
      },
      30_000,
      'every answered decision stored',
    ).catch(() => undefined);

    const missing = answered.filter((id) => !stored.has(id));
    expect(missing).toEqual([]);
    expect(dropped).toBe(0);
    expect(answered.length).toBeGreaterThan(1000);
  }, 90_000);
});
