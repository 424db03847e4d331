import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';

import { DbError } from './db-error';

const scryptAsync = promisify(scrypt) as (
  password: string,
  salt: Buffer,
  keyLength: number,
  options: { N: number; r: number; p: number; maxmem: number },
) => Promise<Buffer>;

/**
 * N = 2^15, r = 8 needs 32 MiB per hash (128 * N * r), which is exactly
 * node's default `maxmem`; the limit is raised with headroom so the cost
 * can grow without touching every caller.
 */
const CURRENT = { logN: 15, r: 8, p: 1 } as const;
const SALT_BYTES = 16;
const KEY_BYTES = 32;
const MAX_LOG_N = 20;

type Params = { logN: number; r: number; p: number };

function maxmemFor(params: Params): number {
  return 256 * 2 ** params.logN * params.r;
}

function derive(password: string, salt: Buffer, params: Params, len: number) {
  return scryptAsync(password, salt, len, {
    N: 2 ** params.logN,
    r: params.r,
    p: params.p,
    maxmem: maxmemFor(params),
  });
}

/**
 * Hashes a password with scrypt and a fresh random salt. The result carries
 * its parameters (`$scrypt$ln=15,r=8,p=1$<salt>$<hash>`, base64url), so
 * stored hashes keep verifying after the cost is raised.
 */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(password, salt, CURRENT, KEY_BYTES);
  const { logN, r, p } = CURRENT;

  return `$scrypt$ln=${logN},r=${r},p=${p}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

/**
 * Checks a password against a hash from `hashPassword`, comparing in
 * constant time. Throws `PASSWORD_HASH_INVALID` for a malformed hash (a
 * data problem, not a wrong password).
 */
export async function verifyPassword(
  password: string,
  encoded: string,
): Promise<boolean> {
  const { params, salt, key } = parseHash(encoded);
  const candidate = await derive(password, salt, params, key.length);

  return timingSafeEqual(candidate, key);
}

const HASH_FORMAT =
  /^\$scrypt\$ln=(\d{1,2}),r=(\d{1,2}),p=(\d{1,2})\$([\w-]+)\$([\w-]+)$/;

function parseHash(encoded: string) {
  const match = HASH_FORMAT.exec(encoded);
  if (!match) {
    throw new DbError('PASSWORD_HASH_INVALID', 'not an scrypt password hash');
  }

  const [, logN, r, p, salt, key] = match as unknown as [
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  const params = { logN: Number(logN), r: Number(r), p: Number(p) };
  const keyBytes = Buffer.from(key, 'base64url');

  // Bounds keep a corrupted row from pinning the CPU or the memory.
  if (
    params.logN < 10 ||
    params.logN > MAX_LOG_N ||
    params.r < 1 ||
    params.p < 1 ||
    keyBytes.length < 16
  ) {
    throw new DbError(
      'PASSWORD_HASH_INVALID',
      'scrypt parameters out of range',
    );
  }

  return { params, salt: Buffer.from(salt, 'base64url'), key: keyBytes };
}
