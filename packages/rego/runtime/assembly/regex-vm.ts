import { heapResize, opa_malloc } from './heap';
import { decodeRune, runeSize } from './utf8';
import {
  NEGATED,
  OP_ANY,
  OP_ANY_NL,
  OP_BEGIN,
  OP_CHAR,
  OP_CLASS,
  OP_END,
  OP_JMP,
  OP_MATCH,
  OP_NOT_WORD_BOUNDARY,
  OP_SPLIT,
  OP_WORD_BOUNDARY,
} from './regex-program';

// A backtracking matcher that remembers every (instruction, position) pair
// it has tried, so each pair is visited once: time and memory are
// O(program length x text length), never exponential (the BitState idea
// RE2 uses for small inputs). Matching reports only whether a match exists.

/** Budget for the visited bitmap, in bits (8 MiB of memory). */
const MAX_STATES: u64 = 64 << 20;

let visited: usize = 0;
let stride: u32 = 0;

export function inClass(ranges: usize, n: u32, cp: u32): bool {
  const count = n & ~NEGATED;
  let hit = false;
  for (let i: u32 = 0; i < count; i++) {
    const p = ranges + ((<usize>i) << 3);
    if (cp >= load<u32>(p) && cp <= load<u32>(p, 4)) {
      hit = true;
      break;
    }
  }
  return (n & NEGATED) != 0 ? !hit : hit;
}

function isWordByte(c: u32): bool {
  return (
    (c >= 0x30 && c <= 0x39) ||
    (c >= 0x41 && c <= 0x5a) ||
    (c >= 0x61 && c <= 0x7a) ||
    c == 0x5f
  );
}

function atWordBoundary(text: usize, n: u32, pos: u32): bool {
  const before = pos > 0 && isWordByte(load<u8>(text + pos - 1));
  const after = pos < n && isWordByte(load<u8>(text + pos));
  return before != after;
}

function seen(pc: u32, pos: u32): bool {
  const bit = <usize>pc * stride + pos;
  const p = visited + (bit >> 3);
  const mask = u8(u32(1) << u32(bit & 7));
  const b = load<u8>(p);
  if (b & mask) return true;
  store<u8>(p, b | mask);
  return false;
}

// The backtrack stack holds (pc, pos) pairs and grows on demand.
let stack: usize = 0;
let sp: u32 = 0;
let stackCap: u32 = 0;

function push(pc: u32, pos: u32): void {
  if (sp == stackCap) {
    stack = heapResize(stack, (<usize>stackCap) << 3, (<usize>stackCap) << 4);
    stackCap <<= 1;
  }
  const s = stack + ((<usize>sp) << 3);
  store<u32>(s, pc);
  store<u32>(s, pos, 4);
  sp++;
}

function runFrom(prog: usize, text: usize, n: u32, start: u32): bool {
  sp = 0;
  push(0, start);
  while (sp > 0) {
    sp--;
    let pc = load<u32>(stack + ((<usize>sp) << 3));
    let pos = load<u32>(stack + ((<usize>sp) << 3), 4);
    while (true) {
      if (seen(pc, pos)) break;
      const ins = prog + <usize>pc * 12;
      const op = load<u32>(ins);
      if (op == OP_MATCH) return true;
      if (op == OP_SPLIT) {
        push(load<u32>(ins, 8), pos);
        pc = load<u32>(ins, 4);
        continue;
      }
      if (op == OP_JMP) {
        pc = load<u32>(ins, 4);
        continue;
      }
      if (op == OP_BEGIN) {
        if (pos != 0) break;
        pc++;
        continue;
      }
      if (op == OP_END) {
        if (pos != n) break;
        pc++;
        continue;
      }
      if (op == OP_WORD_BOUNDARY || op == OP_NOT_WORD_BOUNDARY) {
        if (atWordBoundary(text, n, pos) != (op == OP_WORD_BOUNDARY)) break;
        pc++;
        continue;
      }
      if (pos >= n) break;
      const cp = decodeRune(text + pos, text + n);
      let ok = false;
      if (op == OP_CHAR) ok = cp == load<u32>(ins, 4);
      else if (op == OP_ANY) ok = cp != 0x0a;
      else if (op == OP_ANY_NL) ok = true;
      else if (op == OP_CLASS) {
        ok = inClass(<usize>load<u32>(ins, 4), load<u32>(ins, 8), cp);
      }
      if (!ok) break;
      pos += runeSize;
      pc++;
    }
  }
  return false;
}

/**
 * Runs a program over text. Unanchored runs try every start position (the
 * visited set is shared, which is sound because no captures are kept).
 * Returns 1 for a match, 0 for none, -1 when the input is too large.
 */
export function runProgram(
  prog: usize,
  len: u32,
  text: usize,
  n: u32,
  anchored: bool,
): i32 {
  stride = n + 1;
  const states = <u64>len * <u64>stride;
  if (states > MAX_STATES) return -1;
  const bytes = <usize>((states + 7) >> 3);
  visited = opa_malloc(bytes);
  memory.fill(visited, 0, bytes);
  stackCap = 64;
  stack = opa_malloc((<usize>stackCap) << 3);
  let start: u32 = 0;
  while (start <= n) {
    if (runFrom(prog, text, n, start)) return 1;
    if (anchored) break;
    if (start == n) break;
    decodeRune(text + start, text + n);
    start += runeSize;
  }
  return 0;
}
