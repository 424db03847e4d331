import { chmod, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { verifyingKeyFromPem } from '@cellplane/contract';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { isAppError } from '../errors/app-error';
import {
  loadSigningKey,
  PUBLIC_KEY_FILE,
  SIGNING_KEY_FILE,
} from './load-signing-key';

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cp-key-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('loadSigningKey', () => {
  it('generates a 0600 key with its public half, then reuses it', async () => {
    const created = await loadSigningKey(dir);
    const reused = await loadSigningKey(dir);
    const publicPem = await readFile(join(dir, PUBLIC_KEY_FILE), 'utf8');

    expect((await stat(join(dir, SIGNING_KEY_FILE))).mode & 0o777).toBe(0o600);
    expect(reused.keyId).toBe(created.keyId);
    expect(verifyingKeyFromPem(publicPem).keyId).toBe(created.keyId);
  });

  it('agrees on one key when several starts race', async () => {
    const keys = await Promise.all(
      Array.from({ length: 5 }, () => loadSigningKey(dir)),
    );

    expect(new Set(keys.map((key) => key.keyId)).size).toBe(1);
  });

  it('refuses a private key others can read', async () => {
    await loadSigningKey(dir);
    await chmod(join(dir, SIGNING_KEY_FILE), 0o644);

    const error = await loadSigningKey(dir).catch((e: unknown) => e);
    expect(isAppError(error) && error.code).toBe('SIGNING_KEY_UNSAFE');
  });
});
