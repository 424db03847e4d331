import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { ensureDemoIdentity } from './demo-identity';

describe('ensureDemoIdentity', () => {
  const dirs: string[] = [];

  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it('makes RS256 and ES256 keys once, private files 0600, and reuses them', async () => {
    const dir = join(await mkdtemp(join(tmpdir(), 'cp-demo-id-')), 'identity');
    dirs.push(dir);

    const first = await ensureDemoIdentity(dir);
    const second = await ensureDemoIdentity(dir);

    expect(first.signingKeys.map((k) => k.alg)).toEqual(['RS256', 'ES256']);
    expect(second.publicJwks).toEqual(first.publicJwks);
    expect((await readdir(dir)).sort()).toEqual([
      'demo-idp-es256.key.pem',
      'demo-idp-rs256.key.pem',
    ]);
    for (const file of await readdir(dir)) {
      expect((await stat(join(dir, file))).mode & 0o777).toBe(0o600);
    }
    // Only public members leave the directory.
    for (const jwk of first.publicJwks) {
      expect(Object.keys(jwk)).not.toContain('d');
      expect(jwk.kid).toMatch(/^demo-(rs|es)256-[A-Za-z0-9_-]{16}$/);
    }
  });
});
