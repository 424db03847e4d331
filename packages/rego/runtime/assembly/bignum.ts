import { opa_malloc } from './heap';

// Just enough unsigned big-integer arithmetic to round decimal numbers to
// float64 exactly: multiply by small numbers and powers of ten, shift left,
// compare. A number is a block of LIMBS u32 words (little-endian) after a
// u32 length; 320 limbs hold 10240 bits, more than the largest operand
// (800 significant digits scaled by 10^1150 or 2^1075).

const LIMBS: u32 = 320;

export function bnNew(): usize {
  const b = opa_malloc(4 + ((<usize>LIMBS) << 2));
  store<u32>(b, 0);
  return b;
}

function limb(b: usize, i: u32): usize {
  return b + 4 + ((<usize>i) << 2);
}

export function bnSetU64(b: usize, x: u64): void {
  store<u32>(limb(b, 0), <u32>x);
  store<u32>(limb(b, 1), <u32>(x >> 32));
  store<u32>(b, x == 0 ? 0 : x >> 32 == 0 ? 1 : 2);
}

/** b = b * m + add. */
export function bnMulAdd(b: usize, m: u32, add: u32): void {
  let carry = <u64>add;
  const n = load<u32>(b);
  for (let i: u32 = 0; i < n; i++) {
    const p = <u64>load<u32>(limb(b, i)) * m + carry;
    store<u32>(limb(b, i), <u32>p);
    carry = p >> 32;
  }
  if (carry != 0 && n < LIMBS) {
    store<u32>(limb(b, n), <u32>carry);
    store<u32>(b, n + 1);
  }
}

export function bnMulPow10(b: usize, n: i32): void {
  while (n >= 9) {
    bnMulAdd(b, 1000000000, 0);
    n -= 9;
  }
  let p: u32 = 1;
  while (n > 0) {
    p *= 10;
    n--;
  }
  if (p != 1) bnMulAdd(b, p, 0);
}

export function bnShl(b: usize, bits: i32): void {
  const n = load<u32>(b);
  if (n == 0 || bits <= 0) return;
  const words = (<u32>bits) >> 5;
  const rest = (<u32>bits) & 31;
  let top = n + words + 1;
  if (top > LIMBS) top = LIMBS;
  for (let i = <i32>top - 1; i >= 0; i--) {
    const src = i - <i32>words;
    let v: u32 = 0;
    if (src >= 0 && src < <i32>n) v = load<u32>(limb(b, src)) << rest;
    if (rest != 0 && src - 1 >= 0 && src - 1 < <i32>n) {
      v |= load<u32>(limb(b, src - 1)) >> (32 - rest);
    }
    store<u32>(limb(b, i), v);
  }
  let len = top;
  while (len > 0 && load<u32>(limb(b, len - 1)) == 0) len--;
  store<u32>(b, len);
}

export function bnCompare(a: usize, b: usize): i32 {
  const na = load<u32>(a);
  const nb = load<u32>(b);
  if (na != nb) return na < nb ? -1 : 1;
  for (let i = <i32>na - 1; i >= 0; i--) {
    const x = load<u32>(limb(a, i));
    const y = load<u32>(limb(b, i));
    if (x != y) return x < y ? -1 : 1;
  }
  return 0;
}
