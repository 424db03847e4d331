import { randomUUID } from 'node:crypto';
import {
  link,
  mkdir,
  readFile,
  stat,
  unlink,
  writeFile,
} from 'node:fs/promises';
import { join } from 'node:path';

import {
  generateSigningKey,
  privateKeyToPem,
  publicKeyToPem,
  signingKeyFromPem,
  type SigningKey,
} from '@cellplane/contract';

import { AppError } from '../errors/app-error';

export const SIGNING_KEY_FILE = 'snapshot-signing.key.pem';
export const PUBLIC_KEY_FILE = 'snapshot-signing.pub.pem';

/**
 * The control plane's Ed25519 snapshot key: read from the state directory,
 * or generated there on first start (0600) with its public half beside it.
 * Two processes starting together agree on one key: the file is published
 * with link(), which refuses to replace an existing one.
 */
export async function loadSigningKey(stateDir: string): Promise<SigningKey> {
  await mkdir(stateDir, { recursive: true, mode: 0o700 });

  const keyPath = join(stateDir, SIGNING_KEY_FILE);
  const existing = await readKeyFile(keyPath);
  const key = existing ?? (await createKeyFile(keyPath));

  await writeFile(join(stateDir, PUBLIC_KEY_FILE), publicKeyToPem(key), {
    mode: 0o644,
  });

  return key;
}

async function readKeyFile(path: string): Promise<SigningKey | null> {
  let mode: number;

  try {
    mode = (await stat(path)).mode;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }

  // Like ssh: a private key others can read is no longer private.
  if ((mode & 0o077) !== 0) {
    throw new AppError(
      'SIGNING_KEY_UNSAFE',
      `${path} is readable by group or others (mode ${(mode & 0o777).toString(8)}); chmod 600 it`,
    );
  }

  return signingKeyFromPem(await readFile(path, 'utf8'));
}

async function createKeyFile(path: string): Promise<SigningKey> {
  const key = generateSigningKey();
  const temporary = `${path}.${randomUUID()}.tmp`;

  await writeFile(temporary, privateKeyToPem(key), { mode: 0o600, flag: 'wx' });

  try {
    await link(temporary, path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;

    const winner = await readKeyFile(path);
    if (winner) return winner;
    throw error;
  } finally {
    await unlink(temporary);
  }

  return key;
}
