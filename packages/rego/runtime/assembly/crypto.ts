import {
  DIGEST,
  HASH_MD5,
  HASH_SHA1,
  HASH_SHA256,
  HASH_SHA512,
  digestSize,
  hashBytes,
  hmacBytes,
} from './hash';
import { TYPE_STRING, newString, strLen, strPtr, tagOf } from './value';

// crypto.md5/sha1/sha256 and crypto.hmac.*: digests as lowercase hex.

const HEX = memory.data<u8>([
  0x30, 0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39, 0x61, 0x62, 0x63,
  0x64, 0x65, 0x66,
]);

function digestHex(kind: i32): usize {
  const n = digestSize(kind);
  const v = newString(n * 2);
  for (let i: u32 = 0; i < n; i++) {
    const b = <u32>load<u8>(DIGEST + i);
    store<u8>(v + 12 + i * 2, load<u8>(HEX + (b >> 4)));
    store<u8>(v + 13 + i * 2, load<u8>(HEX + (b & 15)));
  }
  return v;
}

function digest(kind: i32, s: usize): usize {
  if (tagOf(s) != TYPE_STRING) return 0;
  hashBytes(kind, strPtr(s), strLen(s));
  return digestHex(kind);
}

function hmac(kind: i32, s: usize, key: usize): usize {
  if (tagOf(s) != TYPE_STRING || tagOf(key) != TYPE_STRING) return 0;
  hmacBytes(kind, strPtr(s), strLen(s), strPtr(key), strLen(key));
  return digestHex(kind);
}

export function opa_crypto_md5(s: usize): usize {
  return digest(HASH_MD5, s);
}

export function opa_crypto_sha1(s: usize): usize {
  return digest(HASH_SHA1, s);
}

export function opa_crypto_sha256(s: usize): usize {
  return digest(HASH_SHA256, s);
}

/** crypto.hmac.md5(x, key). */
export function opa_crypto_hmac_md5(s: usize, key: usize): usize {
  return hmac(HASH_MD5, s, key);
}

/** crypto.hmac.sha1(x, key). */
export function opa_crypto_hmac_sha1(s: usize, key: usize): usize {
  return hmac(HASH_SHA1, s, key);
}

/** crypto.hmac.sha256(x, key). */
export function opa_crypto_hmac_sha256(s: usize, key: usize): usize {
  return hmac(HASH_SHA256, s, key);
}

/** crypto.hmac.sha512(x, key). */
export function opa_crypto_hmac_sha512(s: usize, key: usize): usize {
  return hmac(HASH_SHA512, s, key);
}
