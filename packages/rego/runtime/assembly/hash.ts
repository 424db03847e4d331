import { opa_malloc } from './heap';

// MD5 (RFC 1321), SHA-1 and SHA-256/512 (FIPS 180-4) over byte ranges, for
// the crypto.* built-ins. Each pads a copy of the message and runs the
// compression function block by block; the digest lands in DIGEST.

export const HASH_MD5: i32 = 0;
export const HASH_SHA1: i32 = 1;
export const HASH_SHA256: i32 = 2;
export const HASH_SHA512: i32 = 3;

/** The last digest computed. */
export const DIGEST = memory.data(64, 8);

const state = memory.data(64, 8);
const w = memory.data(80 * 8, 8);

const K256 = memory.data<u32>([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1,
  0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
  0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
  0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
  0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
  0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
  0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
  0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
  0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);
const H256 = memory.data<u32>([
  0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c,
  0x1f83d9ab, 0x5be0cd19,
]);
const K512 = memory.data<u64>([
  0x428a2f98d728ae22, 0x7137449123ef65cd, 0xb5c0fbcfec4d3b2f,
  0xe9b5dba58189dbbc, 0x3956c25bf348b538, 0x59f111f1b605d019,
  0x923f82a4af194f9b, 0xab1c5ed5da6d8118, 0xd807aa98a3030242,
  0x12835b0145706fbe, 0x243185be4ee4b28c, 0x550c7dc3d5ffb4e2,
  0x72be5d74f27b896f, 0x80deb1fe3b1696b1, 0x9bdc06a725c71235,
  0xc19bf174cf692694, 0xe49b69c19ef14ad2, 0xefbe4786384f25e3,
  0x0fc19dc68b8cd5b5, 0x240ca1cc77ac9c65, 0x2de92c6f592b0275,
  0x4a7484aa6ea6e483, 0x5cb0a9dcbd41fbd4, 0x76f988da831153b5,
  0x983e5152ee66dfab, 0xa831c66d2db43210, 0xb00327c898fb213f,
  0xbf597fc7beef0ee4, 0xc6e00bf33da88fc2, 0xd5a79147930aa725,
  0x06ca6351e003826f, 0x142929670a0e6e70, 0x27b70a8546d22ffc,
  0x2e1b21385c26c926, 0x4d2c6dfc5ac42aed, 0x53380d139d95b3df,
  0x650a73548baf63de, 0x766a0abb3c77b2a8, 0x81c2c92e47edaee6,
  0x92722c851482353b, 0xa2bfe8a14cf10364, 0xa81a664bbc423001,
  0xc24b8b70d0f89791, 0xc76c51a30654be30, 0xd192e819d6ef5218,
  0xd69906245565a910, 0xf40e35855771202a, 0x106aa07032bbd1b8,
  0x19a4c116b8d2d0c8, 0x1e376c085141ab53, 0x2748774cdf8eeb99,
  0x34b0bcb5e19b48a8, 0x391c0cb3c5c95a63, 0x4ed8aa4ae3418acb,
  0x5b9cca4f7763e373, 0x682e6ff3d6b2b8a3, 0x748f82ee5defb2fc,
  0x78a5636f43172f60, 0x84c87814a1f0ab72, 0x8cc702081a6439ec,
  0x90befffa23631e28, 0xa4506cebde82bde9, 0xbef9a3f7b2c67915,
  0xc67178f2e372532b, 0xca273eceea26619c, 0xd186b8c721c0c207,
  0xeada7dd6cde0eb1e, 0xf57d4f7fee6ed178, 0x06f067aa72176fba,
  0x0a637dc5a2c898a6, 0x113f9804bef90dae, 0x1b710b35131c471b,
  0x28db77f523047d84, 0x32caab7b40c72493, 0x3c9ebe0a15c9bebc,
  0x431d67c49c100d4c, 0x4cc5d4becb3e42b6, 0x597f299cfc657e2a,
  0x5fcb6fab3ad6faec, 0x6c44198c4a475817,
]);
const H512 = memory.data<u64>([
  0x6a09e667f3bcc908, 0xbb67ae8584caa73b, 0x3c6ef372fe94f82b,
  0xa54ff53a5f1d36f1, 0x510e527fade682d1, 0x9b05688c2b3e6c1f,
  0x1f83d9abfb41bd6b, 0x5be0cd19137e2179,
]);
const MD5K = memory.data<u32>([
  0xd76aa478, 0xe8c7b756, 0x242070db, 0xc1bdceee, 0xf57c0faf, 0x4787c62a,
  0xa8304613, 0xfd469501, 0x698098d8, 0x8b44f7af, 0xffff5bb1, 0x895cd7be,
  0x6b901122, 0xfd987193, 0xa679438e, 0x49b40821, 0xf61e2562, 0xc040b340,
  0x265e5a51, 0xe9b6c7aa, 0xd62f105d, 0x02441453, 0xd8a1e681, 0xe7d3fbc8,
  0x21e1cde6, 0xc33707d6, 0xf4d50d87, 0x455a14ed, 0xa9e3e905, 0xfcefa3f8,
  0x676f02d9, 0x8d2a4c8a, 0xfffa3942, 0x8771f681, 0x6d9d6122, 0xfde5380c,
  0xa4beea44, 0x4bdecfa9, 0xf6bb4b60, 0xbebfbc70, 0x289b7ec6, 0xeaa127fa,
  0xd4ef3085, 0x04881d05, 0xd9d4d039, 0xe6db99e5, 0x1fa27cf8, 0xc4ac5665,
  0xf4292244, 0x432aff97, 0xab9423a7, 0xfc93a039, 0x655b59c3, 0x8f0ccc92,
  0xffeff47d, 0x85845dd1, 0x6fa87e4f, 0xfe2ce6e0, 0xa3014314, 0x4e0811a1,
  0xf7537e82, 0xbd3af235, 0x2ad7d2bb, 0xeb86d391,
]);
const MD5S = memory.data<u8>([
  7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 5, 9, 14, 20, 5,
  9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11,
  16, 23, 4, 11, 16, 23, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15,
  21,
]);

/** Digest size in bytes. */
export function digestSize(kind: i32): u32 {
  return kind == HASH_MD5
    ? 16
    : kind == HASH_SHA1
      ? 20
      : kind == HASH_SHA256
        ? 32
        : 64;
}

/** Block size in bytes (HMAC pads keys to it). */
export function blockSize(kind: i32): u32 {
  return kind == HASH_SHA512 ? 128 : 64;
}

function loadBE32(p: usize): u32 {
  return bswap<u32>(load<u32>(p));
}

function loadBE64(p: usize): u64 {
  return bswap<u64>(load<u64>(p));
}

function md5Block(p: usize): void {
  let a = load<u32>(state);
  let b = load<u32>(state, 4);
  let c = load<u32>(state, 8);
  let d = load<u32>(state, 12);
  for (let i = 0; i < 64; i++) {
    let f: u32 = 0;
    let g = 0;
    if (i < 16) {
      f = (b & c) | (~b & d);
      g = i;
    } else if (i < 32) {
      f = (d & b) | (~d & c);
      g = (5 * i + 1) & 15;
    } else if (i < 48) {
      f = b ^ c ^ d;
      g = (3 * i + 5) & 15;
    } else {
      f = c ^ (b | ~d);
      g = (7 * i) & 15;
    }
    const t = d;
    d = c;
    c = b;
    const sum =
      a +
      f +
      load<u32>(MD5K + ((<usize>i) << 2)) +
      load<u32>(p + ((<usize>g) << 2));
    b = b + rotl<u32>(sum, load<u8>(MD5S + i));
    a = t;
  }
  store<u32>(state, load<u32>(state) + a);
  store<u32>(state, load<u32>(state, 4) + b, 4);
  store<u32>(state, load<u32>(state, 8) + c, 8);
  store<u32>(state, load<u32>(state, 12) + d, 12);
}

function sha1Block(p: usize): void {
  for (let t = 0; t < 16; t++)
    store<u32>(w + ((<usize>t) << 2), loadBE32(p + ((<usize>t) << 2)));
  for (let t = 16; t < 80; t++) {
    const x =
      load<u32>(w + ((<usize>(t - 3)) << 2)) ^
      load<u32>(w + ((<usize>(t - 8)) << 2)) ^
      load<u32>(w + ((<usize>(t - 14)) << 2)) ^
      load<u32>(w + ((<usize>(t - 16)) << 2));
    store<u32>(w + ((<usize>t) << 2), rotl<u32>(x, 1));
  }
  let a = load<u32>(state);
  let b = load<u32>(state, 4);
  let c = load<u32>(state, 8);
  let d = load<u32>(state, 12);
  let e = load<u32>(state, 16);
  for (let t = 0; t < 80; t++) {
    let f: u32 = 0;
    let k: u32 = 0;
    if (t < 20) {
      f = (b & c) | (~b & d);
      k = 0x5a827999;
    } else if (t < 40) {
      f = b ^ c ^ d;
      k = 0x6ed9eba1;
    } else if (t < 60) {
      f = (b & c) | (b & d) | (c & d);
      k = 0x8f1bbcdc;
    } else {
      f = b ^ c ^ d;
      k = 0xca62c1d6;
    }
    const temp = rotl<u32>(a, 5) + f + e + k + load<u32>(w + ((<usize>t) << 2));
    e = d;
    d = c;
    c = rotl<u32>(b, 30);
    b = a;
    a = temp;
  }
  store<u32>(state, load<u32>(state) + a);
  store<u32>(state, load<u32>(state, 4) + b, 4);
  store<u32>(state, load<u32>(state, 8) + c, 8);
  store<u32>(state, load<u32>(state, 12) + d, 12);
  store<u32>(state, load<u32>(state, 16) + e, 16);
}

function sha256Block(p: usize): void {
  for (let t = 0; t < 16; t++)
    store<u32>(w + ((<usize>t) << 2), loadBE32(p + ((<usize>t) << 2)));
  for (let t = 16; t < 64; t++) {
    const w15 = load<u32>(w + ((<usize>(t - 15)) << 2));
    const w2 = load<u32>(w + ((<usize>(t - 2)) << 2));
    const s0 = rotr<u32>(w15, 7) ^ rotr<u32>(w15, 18) ^ (w15 >>> 3);
    const s1 = rotr<u32>(w2, 17) ^ rotr<u32>(w2, 19) ^ (w2 >>> 10);
    store<u32>(
      w + ((<usize>t) << 2),
      load<u32>(w + ((<usize>(t - 16)) << 2)) +
        s0 +
        load<u32>(w + ((<usize>(t - 7)) << 2)) +
        s1,
    );
  }
  let a = load<u32>(state);
  let b = load<u32>(state, 4);
  let c = load<u32>(state, 8);
  let d = load<u32>(state, 12);
  let e = load<u32>(state, 16);
  let f = load<u32>(state, 20);
  let g = load<u32>(state, 24);
  let h = load<u32>(state, 28);
  for (let t = 0; t < 64; t++) {
    const s1 = rotr<u32>(e, 6) ^ rotr<u32>(e, 11) ^ rotr<u32>(e, 25);
    const ch = (e & f) ^ (~e & g);
    const t1 =
      h +
      s1 +
      ch +
      load<u32>(K256 + ((<usize>t) << 2)) +
      load<u32>(w + ((<usize>t) << 2));
    const s0 = rotr<u32>(a, 2) ^ rotr<u32>(a, 13) ^ rotr<u32>(a, 22);
    const maj = (a & b) ^ (a & c) ^ (b & c);
    const t2 = s0 + maj;
    h = g;
    g = f;
    f = e;
    e = d + t1;
    d = c;
    c = b;
    b = a;
    a = t1 + t2;
  }
  store<u32>(state, load<u32>(state) + a);
  store<u32>(state, load<u32>(state, 4) + b, 4);
  store<u32>(state, load<u32>(state, 8) + c, 8);
  store<u32>(state, load<u32>(state, 12) + d, 12);
  store<u32>(state, load<u32>(state, 16) + e, 16);
  store<u32>(state, load<u32>(state, 20) + f, 20);
  store<u32>(state, load<u32>(state, 24) + g, 24);
  store<u32>(state, load<u32>(state, 28) + h, 28);
}

function sha512Block(p: usize): void {
  for (let t = 0; t < 16; t++)
    store<u64>(w + ((<usize>t) << 3), loadBE64(p + ((<usize>t) << 3)));
  for (let t = 16; t < 80; t++) {
    const w15 = load<u64>(w + ((<usize>(t - 15)) << 3));
    const w2 = load<u64>(w + ((<usize>(t - 2)) << 3));
    const s0 = rotr<u64>(w15, 1) ^ rotr<u64>(w15, 8) ^ (w15 >>> 7);
    const s1 = rotr<u64>(w2, 19) ^ rotr<u64>(w2, 61) ^ (w2 >>> 6);
    store<u64>(
      w + ((<usize>t) << 3),
      load<u64>(w + ((<usize>(t - 16)) << 3)) +
        s0 +
        load<u64>(w + ((<usize>(t - 7)) << 3)) +
        s1,
    );
  }
  let a = load<u64>(state);
  let b = load<u64>(state, 8);
  let c = load<u64>(state, 16);
  let d = load<u64>(state, 24);
  let e = load<u64>(state, 32);
  let f = load<u64>(state, 40);
  let g = load<u64>(state, 48);
  let h = load<u64>(state, 56);
  for (let t = 0; t < 80; t++) {
    const s1 = rotr<u64>(e, 14) ^ rotr<u64>(e, 18) ^ rotr<u64>(e, 41);
    const ch = (e & f) ^ (~e & g);
    const t1 =
      h +
      s1 +
      ch +
      load<u64>(K512 + ((<usize>t) << 3)) +
      load<u64>(w + ((<usize>t) << 3));
    const s0 = rotr<u64>(a, 28) ^ rotr<u64>(a, 34) ^ rotr<u64>(a, 39);
    const maj = (a & b) ^ (a & c) ^ (b & c);
    const t2 = s0 + maj;
    h = g;
    g = f;
    f = e;
    e = d + t1;
    d = c;
    c = b;
    b = a;
    a = t1 + t2;
  }
  store<u64>(state, load<u64>(state) + a);
  store<u64>(state, load<u64>(state, 8) + b, 8);
  store<u64>(state, load<u64>(state, 16) + c, 16);
  store<u64>(state, load<u64>(state, 24) + d, 24);
  store<u64>(state, load<u64>(state, 32) + e, 32);
  store<u64>(state, load<u64>(state, 40) + f, 40);
  store<u64>(state, load<u64>(state, 48) + g, 48);
  store<u64>(state, load<u64>(state, 56) + h, 56);
}

function initState(kind: i32): void {
  if (kind == HASH_MD5) {
    store<u32>(state, 0x67452301);
    store<u32>(state, 0xefcdab89, 4);
    store<u32>(state, 0x98badcfe, 8);
    store<u32>(state, 0x10325476, 12);
  } else if (kind == HASH_SHA1) {
    store<u32>(state, 0x67452301);
    store<u32>(state, 0xefcdab89, 4);
    store<u32>(state, 0x98badcfe, 8);
    store<u32>(state, 0x10325476, 12);
    store<u32>(state, 0xc3d2e1f0, 16);
  } else if (kind == HASH_SHA256) {
    memory.copy(state, H256, 32);
  } else {
    memory.copy(state, H512, 64);
  }
}

/** Hashes n bytes at p; the digest is left in DIGEST. */
export function hashBytes(kind: i32, p: usize, n: u32): void {
  const block = blockSize(kind);
  // The length field is 8 bytes (16 for SHA-512) after a 0x80 byte.
  const lengthBytes: u32 = kind == HASH_SHA512 ? 16 : 8;
  const total = ((n + 1 + lengthBytes + block - 1) / block) * block;
  const buf = opa_malloc(total);
  memory.copy(buf, p, n);
  memory.fill(buf + n, 0, total - n);
  store<u8>(buf + n, 0x80);
  const bits = (<u64>n) << 3;
  if (kind == HASH_MD5) store<u64>(buf + total - 8, bits);
  else store<u64>(buf + total - 8, bswap<u64>(bits));
  initState(kind);
  for (let off: u32 = 0; off < total; off += block) {
    if (kind == HASH_MD5) md5Block(buf + off);
    else if (kind == HASH_SHA1) sha1Block(buf + off);
    else if (kind == HASH_SHA256) sha256Block(buf + off);
    else sha512Block(buf + off);
  }
  const size = digestSize(kind);
  if (kind == HASH_MD5) {
    memory.copy(DIGEST, state, 16);
  } else if (kind == HASH_SHA512) {
    for (let i: u32 = 0; i < 8; i++) {
      store<u64>(
        DIGEST + ((<usize>i) << 3),
        bswap<u64>(load<u64>(state + ((<usize>i) << 3))),
      );
    }
  } else {
    for (let i: u32 = 0; i < size / 4; i++) {
      store<u32>(
        DIGEST + ((<usize>i) << 2),
        bswap<u32>(load<u32>(state + ((<usize>i) << 2))),
      );
    }
  }
}

/** HMAC (RFC 2104) of n bytes at p with the key; digest in DIGEST. */
export function hmacBytes(
  kind: i32,
  p: usize,
  n: u32,
  key: usize,
  keyLen: u32,
): void {
  const block = blockSize(kind);
  const size = digestSize(kind);
  const k = opa_malloc(block);
  memory.fill(k, 0, block);
  if (keyLen > block) {
    hashBytes(kind, key, keyLen);
    memory.copy(k, DIGEST, size);
  } else {
    memory.copy(k, key, keyLen);
  }
  const inner = opa_malloc(block + n);
  for (let i: u32 = 0; i < block; i++)
    store<u8>(inner + i, load<u8>(k + i) ^ 0x36);
  memory.copy(inner + block, p, n);
  hashBytes(kind, inner, block + n);
  const outer = opa_malloc(block + size);
  for (let i: u32 = 0; i < block; i++)
    store<u8>(outer + i, load<u8>(k + i) ^ 0x5c);
  memory.copy(outer + block, DIGEST, size);
  hashBytes(kind, outer, block + size);
}
