import { heapResize, opa_malloc } from './heap';

// A growable byte buffer on the heap, used by the dumpers and string
// built-ins. It is a module-level singleton: callers take it with
// writerStart, write, and finish before anything else starts a new one.

let buf: usize = 0;
let len: u32 = 0;
let cap: u32 = 0;

export function writerStart(initial: u32): void {
  cap = initial < 16 ? 16 : initial;
  buf = opa_malloc(cap);
  len = 0;
}

export function writerReserve(n: u32): usize {
  if (len + n > cap) {
    let next = cap << 1;
    while (next < len + n) next <<= 1;
    buf = heapResize(buf, cap, next);
    cap = next;
  }
  const p = buf + len;
  len += n;
  return p;
}

export function writeByte(b: u32): void {
  store<u8>(writerReserve(1), <u8>b);
}

export function writeBytes(p: usize, n: u32): void {
  memory.copy(writerReserve(n), p, n);
}

export function writerLength(): u32 {
  return len;
}

export function writerBuffer(): usize {
  return buf;
}

/** Drops the last n bytes. */
export function writerUnwrite(n: u32): void {
  len -= n;
}

/** Ends with a NUL byte and returns the buffer's address. */
export function writerFinishCString(): usize {
  writeByte(0);
  return buf;
}
