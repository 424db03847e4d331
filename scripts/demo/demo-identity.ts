import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
} from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { jwkSchema, type Jwk } from '@cellplane/contract';

import type { LoadSigningKey } from '../../bench/load/token-minter';

export interface DemoIdentity {
  /** Private keys, for the load driver only: never logged or printed. */
  readonly signingKeys: readonly LoadSigningKey[];
  /** What the database and snapshots hold. */
  readonly publicJwks: readonly Jwk[];
}

const KEY_FILES = [
  { alg: 'RS256', file: 'demo-idp-rs256.key.pem' },
  { alg: 'ES256', file: 'demo-idp-es256.key.pem' },
] as const;

/**
 * The demo identity provider's signing keys (one RS256, one ES256), kept
 * as PKCS#8 PEM files (mode 0600) in `dir`, a git-ignored state directory:
 * made on the first run and reused after, so the kids seeded into the
 * database stay valid across demo restarts. Each kid is the key's RFC 7638
 * thumbprint, so it follows the key and nothing else.
 */
export async function ensureDemoIdentity(dir: string): Promise<DemoIdentity> {
  await mkdir(dir, { recursive: true, mode: 0o700 });

  const signingKeys: LoadSigningKey[] = [];
  const publicJwks: Jwk[] = [];
  for (const { alg, file } of KEY_FILES) {
    const privateKey = await readOrCreateKey(join(dir, file), alg);
    const publicJwk = publicJwkOf(privateKey, alg);

    signingKeys.push({ kid: publicJwk.kid, alg, privateKey });
    publicJwks.push(publicJwk);
  }

  return { signingKeys, publicJwks };
}

async function readOrCreateKey(
  path: string,
  alg: 'RS256' | 'ES256',
): Promise<KeyObject> {
  const pem = await readFile(path, 'utf8').catch((error: unknown) => {
    if ((error as { code?: string }).code === 'ENOENT') return null;
    throw error;
  });
  if (pem !== null) return createPrivateKey(pem);

  const { privateKey } =
    alg === 'RS256'
      ? generateKeyPairSync('rsa', { modulusLength: 2048 })
      : generateKeyPairSync('ec', { namedCurve: 'P-256' });

  // Written whole under a temporary name, then renamed: a demo stopped
  // halfway leaves no truncated key behind.
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(
    temporary,
    privateKey.export({ format: 'pem', type: 'pkcs8' }),
    { mode: 0o600, flag: 'wx' },
  );
  await rename(temporary, path);

  return privateKey;
}

function publicJwkOf(privateKey: KeyObject, alg: 'RS256' | 'ES256'): Jwk {
  const exported = createPublicKey(privateKey).export({ format: 'jwk' });
  // RFC 7638: the required members, in lexicographic order, no spaces.
  const required =
    alg === 'RS256'
      ? { e: exported.e, kty: exported.kty, n: exported.n }
      : { crv: exported.crv, kty: exported.kty, x: exported.x, y: exported.y };
  const thumbprint = createHash('sha256')
    .update(JSON.stringify(required))
    .digest('base64url');

  return jwkSchema.parse({
    ...required,
    kid: `demo-${alg.toLowerCase()}-${thumbprint.slice(0, 16)}`,
    alg,
    use: 'sig',
  });
}
