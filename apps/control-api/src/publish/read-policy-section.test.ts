import { policySectionSchema } from '@cellplane/contract';
import { createTestDatabase, type TestDatabase } from '@cellplane/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { readPolicySection } from './read-policy-section';

const DIGEST = `sha256:${'ab'.repeat(32)}`;

let database: TestDatabase;

const read = () => database.db.$transaction((tx) => readPolicySection(tx));

beforeAll(async () => {
  database = await createTestDatabase({ label: 'policy_section' });
}, 60_000);

afterAll(async () => {
  await database?.drop();
});

describe('readPolicySection', () => {
  it('is absent while no policy is active', async () => {
    const { section } = await read();

    expect(section).toBeUndefined();
  });

  it('names the active bundle by digest, revision and size, and its entrypoint', async () => {
    const before = await read();
    await database.db.policyBundle.create({
      data: {
        digest: DIGEST,
        revision: 'r-7',
        entrypoints: ['cellplane/authz/allow', 'cellplane/authz/reasons'],
        sizeBytes: 31_088,
        bytes: Buffer.from([1, 2, 3]),
        createdBy: 'admin@cellplane.test',
      },
    });
    await database.db.activePolicy.create({
      data: {
        scope: 'global',
        bundleDigest: DIGEST,
        entrypoint: 'cellplane/authz/allow',
        activatedBy: 'admin@cellplane.test',
      },
    });

    const active = await read();

    expect(policySectionSchema.parse(active.section)).toEqual({
      bundle: { digest: DIGEST, revision: 'r-7', sizeBytes: 31_088 },
      entrypoint: 'cellplane/authz/allow',
    });
    expect(active.fingerprint).not.toBe(before.fingerprint);
  });

  it('changes its fingerprint with the entrypoint only, not with who activated', async () => {
    const first = await read();
    await database.db.activePolicy.update({
      where: { scope: 'global' },
      data: { activatedBy: 'other@cellplane.test' },
    });
    const sameSection = await read();
    await database.db.activePolicy.update({
      where: { scope: 'global' },
      data: { entrypoint: 'cellplane/authz/reasons' },
    });
    const otherEntrypoint = await read();

    expect(sameSection.fingerprint).toBe(first.fingerprint);
    expect(otherEntrypoint.fingerprint).not.toBe(first.fingerprint);
  });
});
