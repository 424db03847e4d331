import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { verifySnapshot, verifyingKeyFromPem } from '@cellplane/contract';
import { readBundle, writeBundle } from '@cellplane/policy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  ROLE_USERS,
  seedTopology,
  TEST_PASSWORD,
} from '../../../test/support/seed-topology';
import {
  createTestEnvironment,
  TEST_CONFIG_TOKEN,
  waitFor,
  type TestEnvironment,
} from '../../../test/support/start-test-api';
import { callTrpc, signInCookie } from '../../../test/support/trpc-http';
import type { ControlApi } from '../../app/create-control-api';
import { PUBLIC_KEY_FILE } from '../../publish/load-signing-key';

const POLICY_DIR = join(import.meta.dirname, '../../../../../policies/default');
const policyFiles = ['authz.rego', 'authz_test.rego'].map((name) => ({
  name,
  text: readFileSync(join(POLICY_DIR, name), 'utf8'),
}));
const policyData = readFileSync(join(POLICY_DIR, 'data.json'), 'utf8');

interface StoredBundle {
  bundle: { digest: string; revision: string; entrypoints: string[] };
  created: boolean;
}

let env: TestEnvironment;
let api: ControlApi;
let admin: string;
let viewer: string;

beforeAll(async () => {
  env = await createTestEnvironment('policies', (database) =>
    seedTopology(database.db),
  );
  api = await env.startApi();
  await waitFor(() => api.deps.feed.latest() ?? undefined);
  admin = await signInCookie(api.url(), ROLE_USERS.admin, TEST_PASSWORD);
  viewer = await signInCookie(api.url(), ROLE_USERS.viewer, TEST_PASSWORD);
}, 60_000);

afterAll(async () => {
  await env?.dispose();
});

const call = (
  path: string,
  type: 'query' | 'mutation',
  cookie: string,
  input?: unknown,
) => callTrpc(api.url(), path, { type, cookie, input });

async function latestSnapshotBody() {
  const response = await fetch(`${api.url()}/v1/snapshots/latest`, {
    headers: { authorization: `Bearer ${TEST_CONFIG_TOKEN}` },
  });
  const publicPem = readFileSync(join(env.stateDir, PUBLIC_KEY_FILE), 'utf8');

  return verifySnapshot(await response.text(), {
    keys: [verifyingKeyFromPem(publicPem)],
  }).body;
}

describe('policies.build', () => {
  it('compiles the default policy, runs its tests and stores it once', async () => {
    const input = { files: policyFiles, data: policyData, revision: 'r-1' };
    const first = await call('policies.build', 'mutation', admin, input);
    const again = await call('policies.build', 'mutation', admin, input);

    const stored = first.data as StoredBundle;
    expect(first.error?.message).toBeUndefined();
    expect(stored.created).toBe(true);
    expect(stored.bundle.revision).toBe('r-1');
    expect(stored.bundle.entrypoints).toContain('cellplane/authz/allow');
    expect((again.data as StoredBundle).created).toBe(false);
    expect((again.data as StoredBundle).bundle.digest).toBe(
      stored.bundle.digest,
    );

    const row = await env.database.db.policyBundle.findUniqueOrThrow({
      where: { digest: stored.bundle.digest },
    });
    const hex = createHash('sha256').update(row.bytes).digest('hex');
    expect(stored.bundle.digest).toBe(`sha256:${hex}`);
    expect(
      await env.database.db.auditLog.count({
        where: { action: 'policy.build', targetId: stored.bundle.digest },
      }),
    ).toBe(1);
  });

  it('refuses Rego that does not compile with file:line:col', async () => {
    const result = await call('policies.build', 'mutation', admin, {
      files: [
        { name: 'bad.rego', text: 'package x\n\nallow if {\n  input.a ==\n' },
      ],
    });

    expect(result.status).toBe(400);
    expect(result.error?.data.appCode).toBe('POLICY_COMPILE_FAILED');
    expect(result.error?.message).toMatch(/^bad\.rego:\d+:\d+: /);
  });

  it('refuses an entrypoint no rule defines', async () => {
    const result = await call('policies.build', 'mutation', admin, {
      files: policyFiles,
      data: policyData,
      entrypoint: 'cellplane/authz/permit',
    });

    expect(result.status).toBe(412);
    expect(result.error?.data.appCode).toBe('POLICY_ENTRYPOINT_MISSING');
  });

  it('refuses a build whose tests fail, naming them', async () => {
    const failing = {
      name: 'fail_test.rego',
      text: 'package cellplane.fail_test\n\nimport rego.v1\n\ntest_never if false\n',
    };
    const result = await call('policies.build', 'mutation', admin, {
      files: [...policyFiles, failing],
      data: policyData,
    });

    expect(result.status).toBe(400);
    expect(result.error?.data.appCode).toBe('POLICY_TESTS_FAILED');
    expect(result.error?.message).toContain('test_never');
  });

  it('refuses data that is not a JSON object and bad file names', async () => {
    const data = await call('policies.build', 'mutation', admin, {
      files: policyFiles,
      data: '[1, 2]',
    });
    const name = await call('policies.build', 'mutation', admin, {
      files: [{ name: '../etc/x.rego', text: 'package x' }],
    });

    expect(data.error?.data.appCode).toBe('POLICY_DATA_INVALID');
    expect(name.status).toBe(400);
    expect(name.error?.data.zodError?.fieldErrors['files.0.name']).toBeTruthy();
  });
});

describe('policies.upload', () => {
  it('stores a bundle built elsewhere by digest, revision from its digest when none', async () => {
    const built = await call('policies.build', 'mutation', admin, {
      files: policyFiles.slice(0, 1),
      data: policyData,
    });
    const digest = (built.data as StoredBundle).bundle.digest;
    const row = await env.database.db.policyBundle.findUniqueOrThrow({
      where: { digest },
    });
    const bundle = readBundle(row.bytes);
    const rewritten = writeBundle({
      ...bundle,
      manifest: { ...bundle.manifest, revision: '' },
      sources: {},
    });

    const result = await call('policies.upload', 'mutation', admin, {
      bundleBase64: Buffer.from(rewritten).toString('base64'),
    });

    const stored = result.data as StoredBundle;
    const hex = createHash('sha256').update(rewritten).digest('hex');
    expect(result.error?.message).toBeUndefined();
    expect(stored.bundle.digest).toBe(`sha256:${hex}`);
    expect(stored.bundle.revision).toBe(hex.slice(0, 12));
  });

  it('refuses bytes that are not a loadable bundle', async () => {
    const result = await call('policies.upload', 'mutation', admin, {
      bundleBase64: Buffer.from('not a tarball').toString('base64'),
    });

    expect(result.status).toBe(400);
    expect(result.error?.data.appCode).toBe('POLICY_BUNDLE_INVALID');
  });
});

describe('policies.activate', () => {
  it('is refused to a viewer, writing nothing', async () => {
    const list = await call('policies.list', 'query', viewer);
    const digest = (list.data as { items: { digest: string }[] }).items[0]!
      .digest;

    const result = await call('policies.activate', 'mutation', viewer, {
      digest,
    });

    expect(result.status).toBe(403);
    expect(await env.database.db.activePolicy.count()).toBe(0);
  });

  it('refuses an unknown digest and a missing entrypoint', async () => {
    const unknown = await call('policies.activate', 'mutation', admin, {
      digest: `sha256:${'0'.repeat(64)}`,
    });
    const list = await call('policies.list', 'query', admin);
    const digest = (list.data as { items: { digest: string }[] }).items[0]!
      .digest;
    const missing = await call('policies.activate', 'mutation', admin, {
      digest,
      entrypoint: 'cellplane/authz/nope',
    });

    expect(unknown.error?.data.appCode).toBe('BUNDLE_NOT_FOUND');
    expect(missing.error?.data.appCode).toBe('POLICY_ENTRYPOINT_MISSING');
  });

  it('puts the policy section into a new signed snapshot, once', async () => {
    const built = await call('policies.build', 'mutation', admin, {
      files: policyFiles,
      data: policyData,
      revision: 'r-1',
    });
    const { digest } = (built.data as StoredBundle).bundle;
    const before = await latestSnapshotBody();

    const result = await call('policies.activate', 'mutation', admin, {
      digest,
    });
    const body = await waitFor(async () => {
      const latest = await latestSnapshotBody();
      return latest.version > before.version ? latest : undefined;
    });

    expect(result.error?.message).toBeUndefined();
    expect(before.policy).toBeUndefined();
    expect(body.policy).toEqual({
      bundle: {
        digest,
        revision: 'r-1',
        sizeBytes: expect.any(Number) as number,
      },
      entrypoint: 'cellplane/authz/allow',
    });

    const active = await call('policies.active', 'query', viewer);
    expect(active.data).toMatchObject({
      bundle: { digest, active: true },
      entrypoint: 'cellplane/authz/allow',
      activatedBy: ROLE_USERS.admin,
    });

    // Activating the same policy again changes nothing a gateway sees.
    await call('policies.activate', 'mutation', admin, { digest });
    await api.deps.publisher.request({ author: 'test', cause: 'no change' });
    expect((await latestSnapshotBody()).version).toBe(body.version);
    expect(
      await env.database.db.auditLog.count({
        where: { action: 'policy.activate' },
      }),
    ).toBe(2);
  });

  it('lists bundles without bytes and gets one with its sources', async () => {
    const list = await call('policies.list', 'query', viewer, { limit: 10 });
    const items = (list.data as { items: Record<string, unknown>[] }).items;
    const active = items.find((item) => item.active === true)!;

    const one = await call('policies.get', 'query', viewer, {
      digest: active.digest,
    });
    const bad = await call('policies.get', 'query', viewer, {
      digest: 'sha256:xyz',
    });

    expect(items.length).toBeGreaterThanOrEqual(3);
    expect(items.every((item) => !('bytes' in item))).toBe(true);
    expect(one.data).toMatchObject({
      digest: active.digest,
      sources: { files: { 'authz.rego': policyFiles[0]!.text } },
    });
    expect(bad.status).toBe(400);
  });
});
