import { rm, stat } from 'node:fs/promises';
import { join } from 'node:path';

import { signSnapshot, type SnapshotBody } from '@cellplane/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startConfigServer, type ConfigServer } from './support/config-server';
import {
  buildTestBundle,
  digestOf,
  policySection,
  preparePolicyCompiler,
  type TestBundle,
} from './support/policy-bundles';
import { edgeBody, readDecisions } from './support/policy-edge';
import { startGateway, type InProcessGateway } from './support/test-gateway';
import { createTestWorkspace, type TestWorkspace } from './support/test-key';
import { startUpstream, type Upstream } from './support/upstream-server';
import { waitFor } from './support/wait-for';

/**
 * Bundles named by pushed snapshots: fetched from the control-api, checked
 * against the digest, loaded and swapped with the table; any failure NACKs
 * the whole snapshot with its code and the previous policy keeps deciding.
 * Then a restart while the control-api is down: the cached bundle serves,
 * a missing one keeps the gateway unready.
 */
let workspace: TestWorkspace;
let upstream: Upstream;
let config: ConfigServer;
let gateway: InProcessGateway;
let allowGets: TestBundle;
let denyAll: TestBundle;
const stateDir = (): string => join(workspace.dir, 'state');
// Refused versions are never reused: each publish takes the next one.
let lastVersion = 0;
const nextVersion = (): number => (lastVersion += 1);

beforeAll(async () => {
  await preparePolicyCompiler();
  workspace = await createTestWorkspace();
  upstream = await startUpstream('cell-1-i1');
  config = await startConfigServer();

  allowGets = await buildTestBundle(
    {
      'authz.rego': `package cellplane.authz
import rego.v1
allow if input.method == "GET"
`,
    },
    { revision: 'allow-gets' },
  );
  denyAll = await buildTestBundle(
    {
      'authz.rego': `package cellplane.authz
import rego.v1
default allow := false
`,
    },
    { revision: 'deny-all' },
  );
  config.bundles.set(allowGets.digest, allowGets.bytes);
  config.bundles.set(denyAll.digest, denyAll.bytes);

  gateway = await startGateway(env(config.url));
}, 300_000);

afterAll(async () => {
  await gateway?.close();
  await config?.close();
  await upstream?.close();
  await workspace?.remove();
});

function env(controlApiUrl: string): Record<string, string> {
  return {
    SNAPSHOT_PUBLIC_KEY_FILE: workspace.publicKeyFile,
    GATEWAY_STATE_DIR: stateDir(),
    CONTROL_API_URL: controlApiUrl,
    CELLPLANE_CONFIG_TOKEN: config.token,
    GATEWAY_HEALTH_CHECKS: 'off',
    GATEWAY_WORKERS: '1',
    GATEWAY_BUNDLE_FETCH_ATTEMPTS: '2',
    GATEWAY_BUNDLE_FETCH_TIMEOUT_MS: '2000',
    LOG_LEVEL: 'warn',
  };
}

function publish(version: number, patch: Partial<SnapshotBody>): void {
  config.publish(
    signSnapshot(edgeBody(upstream.url, { version, ...patch }), workspace.key),
  );
}

async function verdict(version: number) {
  return config.waitForReport(
    (r) => r.version === version && (r.kind === 'ack' || r.kind === 'nack'),
    15_000,
  );
}

async function get(target = gateway) {
  const response = await fetch(`${target.url}/catalog/sku-1`, {
    headers: { 'x-tenant-id': 't-a' },
  });
  await response.text();

  return {
    status: response.status,
    decisionId: response.headers.get('x-decision-id'),
  };
}

async function metric(pattern: RegExp, target = gateway): Promise<string> {
  const text = await (await fetch(`${target.adminUrl}/metrics`)).text();

  return pattern.exec(text)?.[1] ?? '';
}

describe('policy bundles from snapshots', () => {
  it('fetches the bundle a snapshot names, caches it and decides with it', async () => {
    const version = nextVersion();
    publish(version, { policy: policySection(allowGets) });

    expect(await verdict(version)).toMatchObject({ kind: 'ack' });
    const answer = await get();
    expect(answer.status).toBe(200);
    expect(answer.decisionId).toMatch(/^[0-9a-f-]{36}$/);
    const cached = join(
      stateDir(),
      'bundles',
      `${allowGets.digest.slice(7)}.tar.gz`,
    );
    expect((await stat(cached)).size).toBe(allowGets.bytes.length);
    expect(
      await metric(/^policy_bundle_revision\{revision="allow-gets"\} (\d+)$/m),
    ).toBe('1');
  });

  it.each([
    {
      code: 'POLICY_BUNDLE_INVALID',
      what: 'bytes that are not a bundle',
      section: () => {
        const garbage = Buffer.from('not a tar.gz at all');
        config.bundles.set(digestOf(garbage), garbage);

        return policySection({
          bytes: garbage,
          digest: digestOf(garbage),
          revision: 'garbage',
        });
      },
    },
    {
      code: 'POLICY_BUNDLE_DIGEST_MISMATCH',
      what: 'bytes that do not hash to the digest',
      section: () => {
        const named = digestOf(Buffer.from('the bundle the snapshot names'));
        config.bundles.set(named, denyAll.bytes);

        return {
          ...policySection(denyAll),
          bundle: {
            digest: named,
            revision: 'swapped',
            sizeBytes: denyAll.bytes.length,
          },
        };
      },
    },
    {
      code: 'POLICY_ENTRYPOINT_MISSING',
      what: 'an entrypoint the bundle does not have',
      section: () => policySection(denyAll, 'cellplane/authz/other'),
    },
    {
      code: 'POLICY_BUNDLE_UNAVAILABLE',
      what: 'a digest the control-api does not have',
      section: () => {
        const unknown = Buffer.from('never uploaded');

        return policySection({
          bytes: unknown,
          digest: digestOf(unknown),
          revision: 'unknown',
        });
      },
    },
  ])(
    'NACKs a snapshot with $what ($code) and keeps the previous policy',
    async ({ code, section }) => {
      const failures = Number(
        (await metric(
          new RegExp(
            `^policy_load_failures_total\\{code="${code}"\\} (\\d+)$`,
            'm',
          ),
        )) || 0,
      );
      const applied = gateway.gateway.store.current?.version;
      const version = nextVersion();
      publish(version, { policy: section() });

      expect(await verdict(version)).toMatchObject({ kind: 'nack', code });
      expect(gateway.gateway.store.current?.version).toBe(applied);
      expect(gateway.gateway.store.current?.policy?.revision).toBe(
        'allow-gets',
      );
      const answer = await get();
      expect(answer.status).toBe(200);
      const decisions = await readDecisions(join(stateDir(), 'decisions'));
      expect(decisions.find((d) => d.id === answer.decisionId)).toMatchObject({
        revision: 'allow-gets',
        result: 'allow',
      });
      expect(
        Number(
          await metric(
            new RegExp(
              `^policy_load_failures_total\\{code="${code}"\\} (\\d+)$`,
              'm',
            ),
          ),
        ),
      ).toBe(failures + 1);
    },
  );

  it('swaps policy and table together, reusing the evaluator of a same section', async () => {
    const version = nextVersion();
    publish(version, { policy: policySection(denyAll) });

    expect(await verdict(version)).toMatchObject({ kind: 'ack' });
    expect((await get()).status).toBe(403);
    const evaluator = gateway.gateway.store.current?.policy?.evaluator;

    publish(nextVersion(), {
      policy: policySection(denyAll),
      tenants: [
        { id: 't-a', tier: 'enterprise' },
        { id: 't-b', tier: 'standard' },
        { id: 't-c', tier: 'free' },
      ],
    });
    expect(await verdict(lastVersion)).toMatchObject({ kind: 'ack' });
    expect(gateway.gateway.store.current?.policy?.evaluator).toBe(evaluator);
  });

  it('offers a snapshot again when its bundle becomes available', async () => {
    const late = await buildTestBundle(
      {
        'authz.rego': `package cellplane.authz
import rego.v1
allow if input.method == "GET"
`,
      },
      { revision: 'late' },
    );
    const version = nextVersion();
    publish(version, { policy: policySection(late) });
    expect(await verdict(version)).toMatchObject({
      kind: 'nack',
      code: 'POLICY_BUNDLE_UNAVAILABLE',
    });

    config.bundles.set(late.digest, late.bytes);
    await config.waitForReport(
      (r) => r.version === version && r.kind === 'ack',
      20_000,
    );
    expect(gateway.gateway.store.current?.policy?.revision).toBe('late');
  }, 90_000);

  it('a snapshot without a policy section evaluates nothing', async () => {
    const version = nextVersion();
    publish(version, {});
    expect(await verdict(version)).toMatchObject({ kind: 'ack' });

    const answer = await get();
    expect(answer.status).toBe(200);
    expect(answer.decisionId).toBeNull();

    // Back to deny-all for the restart below.
    publish(nextVersion(), { policy: policySection(denyAll) });
    expect(await verdict(lastVersion)).toMatchObject({ kind: 'ack' });
  });

  it('restarts with the control-api down: a cached bundle serves, else not ready', async () => {
    const saved = gateway.gateway.store.current?.version;
    await gateway.close();
    const downUrl = config.url;
    await config.close();

    gateway = await startGateway(env(downUrl));
    expect(gateway.gateway.store.current?.version).toBe(saved);
    expect((await fetch(`${gateway.adminUrl}/readyz`)).status).toBe(200);
    expect((await get()).status).toBe(403);

    await gateway.close();
    await rm(join(stateDir(), 'bundles'), { recursive: true, force: true });
    gateway = await startGateway(env(downUrl));
    expect(gateway.gateway.store.current).toBeNull();
    const ready = await fetch(`${gateway.adminUrl}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({ reason: 'no_snapshot' });
    expect((await get()).status).toBe(503);
    expect(
      await waitFor(
        async () =>
          Number(
            await metric(
              /^policy_load_failures_total\{code="POLICY_BUNDLE_UNAVAILABLE"\} (\d+)$/m,
            ),
          ) >= 1 || undefined,
      ),
    ).toBe(true);
  });
});
