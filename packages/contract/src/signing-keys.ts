import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
} from 'node:crypto';

import { ContractError } from './errors';

export interface SigningKey {
  readonly keyId: string;
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
}

export interface VerifyingKey {
  readonly keyId: string;
  readonly publicKey: KeyObject;
}

/** A key's id is derived from the public key, so it can never disagree. */
export function keyIdOf(publicKey: KeyObject): string {
  const der = publicKey.export({ format: 'der', type: 'spki' });

  return createHash('sha256').update(der).digest('hex').slice(0, 16);
}

export function generateSigningKey(): SigningKey {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');

  return { keyId: keyIdOf(publicKey), privateKey, publicKey };
}

export function signingKeyFromPem(privatePem: string): SigningKey {
  const privateKey = readKey(() => createPrivateKey(privatePem), 'private');
  const publicKey = createPublicKey(privateKey);

  return { keyId: keyIdOf(publicKey), privateKey, publicKey };
}

export function verifyingKeyFromPem(publicPem: string): VerifyingKey {
  const publicKey = readKey(() => createPublicKey(publicPem), 'public');

  return { keyId: keyIdOf(publicKey), publicKey };
}

export function privateKeyToPem(key: SigningKey): string {
  return key.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
}

export function publicKeyToPem(key: VerifyingKey | SigningKey): string {
  return key.publicKey.export({ format: 'pem', type: 'spki' }).toString();
}

function readKey(read: () => KeyObject, kind: string): KeyObject {
  let key: KeyObject;

  try {
    key = read();
  } catch (error) {
    throw new ContractError('KEY_INVALID', `cannot read the ${kind} key PEM`, {
      cause: error,
    });
  }

  if (key.asymmetricKeyType !== 'ed25519') {
    throw new ContractError(
      'KEY_INVALID',
      `the ${kind} key is ${key.asymmetricKeyType ?? 'unknown'}, not ed25519`,
    );
  }

  return key;
}
