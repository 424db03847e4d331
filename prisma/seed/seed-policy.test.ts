import { createHash } from 'node:crypto';

import { PolicyEvaluator, readBundle } from '@cellplane/policy';
import { createTestDatabase, type TestDatabase } from '@cellplane/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { seedDatabase } from './seed-database';
import { seedPolicy } from './seed-policy';

describe('seedPolicy', () => {
  let test: TestDatabase;

  beforeAll(async () => {
    test = await createTestDatabase({ label: 'seed_policy' });
  }, 30_000);

  afterAll(async () => {
    await test?.drop();
  });

  it('seeds no policy when asked not to', async () => {
    const result = await seedDatabase(test.db, {
      password: 'first-pass',
      tenantCount: 10,
      policy: false,
    });

    expect(result.policyBundles).toBe(0);
    expect(await test.db.activePolicy.count()).toBe(0);
  }, 60_000);

  it('stores the compiled default policy by digest and activates it', async () => {
    const result = await seedPolicy(test.db);

    const active = await test.db.activePolicy.findUniqueOrThrow({
      where: { scope: 'global' },
      include: { bundle: true },
    });
    const hex = createHash('sha256').update(active.bundle.bytes).digest('hex');
    const evaluator = await PolicyEvaluator.load(
      readBundle(active.bundle.bytes),
    );
    const decide = (input: object) =>
      evaluator.evaluate(input, 'cellplane/authz/allow').allow;

    expect(result).toEqual({ policyBundles: 1, policyActivations: 1 });
    expect(active.bundleDigest).toBe(`sha256:${hex}`);
    expect(active.bundle.revision).toBe(hex.slice(0, 12));
    expect(decide({ method: 'GET', path: '/public/a', tenant: 't' })).toBe(
      true,
    );
    expect(decide({ method: 'POST', path: '/cart', tenant: 't' })).toBe(false);
  }, 60_000);

  it('leaves a policy activated since alone', async () => {
    const seeded = await test.db.activePolicy.findUniqueOrThrow({
      where: { scope: 'global' },
    });
    await test.db.policyBundle.create({
      data: {
        digest: `sha256:${'1'.repeat(64)}`,
        revision: 'console',
        entrypoints: ['cellplane/authz/allow'],
        sizeBytes: 1,
        bytes: Buffer.from([0]),
        createdBy: 'admin@cellplane.local',
      },
    });
    await test.db.activePolicy.update({
      where: { scope: 'global' },
      data: { bundleDigest: `sha256:${'1'.repeat(64)}` },
    });

    const result = await seedPolicy(test.db);

    expect(result).toEqual({ policyBundles: 0, policyActivations: 0 });
    const active = await test.db.activePolicy.findUniqueOrThrow({
      where: { scope: 'global' },
    });
    expect(active.bundleDigest).not.toBe(seeded.bundleDigest);
  }, 60_000);
});
