import { heapResize, opa_malloc } from './heap';

// The instruction set shared by regex.match and glob.match. A program is an
// array of 12-byte instructions (op, x, y) run by regex-vm.ts.

export const OP_CHAR: u32 = 1; // x = code point
export const OP_ANY: u32 = 2; // any code point but \n
export const OP_ANY_NL: u32 = 3; // any code point
export const OP_CLASS: u32 = 4; // x = ranges address, y = count | NEGATED
export const OP_SPLIT: u32 = 5; // try x, then y
export const OP_JMP: u32 = 6; // continue at x
export const OP_MATCH: u32 = 7;
export const OP_BEGIN: u32 = 8; // start of text
export const OP_END: u32 = 9; // end of text
export const OP_WORD_BOUNDARY: u32 = 10;
export const OP_NOT_WORD_BOUNDARY: u32 = 11;

export const NEGATED: u32 = 0x80000000;

/** Programs longer than this are rejected (huge counted repetitions). */
export const MAX_PROGRAM: u32 = 20000;

let code: usize = 0;
let count: u32 = 0;
let cap: u32 = 0;
export let programTooLarge = false;

export function programStart(): void {
  cap = 64;
  code = opa_malloc(cap * 12);
  count = 0;
  programTooLarge = false;
}

export function emit(op: u32, x: u32, y: u32): u32 {
  if (count >= MAX_PROGRAM) {
    programTooLarge = true;
    return count;
  }
  if (count == cap) {
    code = heapResize(code, cap * 12, cap * 24);
    cap <<= 1;
  }
  const p = code + <usize>count * 12;
  store<u32>(p, op);
  store<u32>(p, x, 4);
  store<u32>(p, y, 8);
  return count++;
}

/** Rewrites operand x (which = 4) or y (which = 8) of instruction at. */
export function patch(at: u32, which: u32, target: u32): void {
  if (at >= count) return;
  store<u32>(code + <usize>at * 12 + which, target);
}

export function programCount(): u32 {
  return count;
}

export function programCode(): usize {
  return code;
}
