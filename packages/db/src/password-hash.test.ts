import { describe, expect, it } from 'vitest';

import { hashPassword, verifyPassword } from './password-hash';

describe('hashPassword / verifyPassword', () => {
  it('verifies the right password and refuses a wrong one', async () => {
    const hash = await hashPassword('cellplane-demo');

    expect(await verifyPassword('cellplane-demo', hash)).toBe(true);
    expect(await verifyPassword('cellplane-dem0', hash)).toBe(false);
    expect(await verifyPassword('', hash)).toBe(false);
  });

  it('encodes scrypt parameters and salts every hash afresh', async () => {
    const [a, b] = await Promise.all([
      hashPassword('same'),
      hashPassword('same'),
    ]);

    expect(a).toMatch(/^\$scrypt\$ln=15,r=8,p=1\$[\w-]{22}\$[\w-]{43}$/);
    expect(a).not.toBe(b);
  });

  it('verifies a hash made with other parameters than the current ones', async () => {
    // scrypt(password="pw", salt=16 zero bytes, N=2^14, r=8, p=1, 32 bytes)
    const hash =
      '$scrypt$ln=14,r=8,p=1$AAAAAAAAAAAAAAAAAAAAAA$' +
      'v7dCKJJTWcwDJCNIBH_UNscvxo7L97fhqLlMFPlvIaE';

    expect(await verifyPassword('pw', hash)).toBe(true);
    expect(await verifyPassword('pW', hash)).toBe(false);
  });

  it.each([
    ['not a hash', 'plaintext'],
    ['unknown scheme', '$bcrypt$ln=15,r=8,p=1$AAAA$AAAA'],
    ['cost too high', '$scrypt$ln=40,r=8,p=1$AAAAAAAAAAAAAAAAAAAAAA$AAAA'],
    ['short key', '$scrypt$ln=14,r=8,p=1$AAAAAAAAAAAAAAAAAAAAAA$AAAA'],
  ])('refuses a malformed hash: %s', async (_case, hash) => {
    await expect(verifyPassword('pw', hash)).rejects.toMatchObject({
      code: 'PASSWORD_HASH_INVALID',
    });
  });
});
