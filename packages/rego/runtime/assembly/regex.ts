import { heapEpoch, opa_malloc } from './heap';
import {
  MAX_RUNE,
  classAdd,
  classAddPerl,
  classCount,
  classFoldCase,
  classRanges,
  classStart,
} from './regex-class';
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
  emit,
  patch,
  programCode,
  programCount,
  programStart,
  programTooLarge,
} from './regex-program';
import { runProgram } from './regex-vm';
import { decodeRune, runeSize } from './utf8';
import {
  FALSE_VALUE,
  TRUE_VALUE,
  TYPE_STRING,
  strLen,
  strPtr,
  tagOf,
} from './value';

// regex.match for the RE2 subset policies use: literals, ., classes with
// ranges, negation, \d \w \s (and negations), POSIX [:name:] classes,
// anchors ^ $ \A \z \b \B, groups (capturing, (?:...), (?P<name>...)),
// alternation, * + ? {n} {n,} {n,m} (lazy forms accepted), and the flags
// i and s. Unicode classes (\pL), (?m) and (?U) are rejected as invalid,
// so a policy using them gets undefined, never a wrong answer.

const N_EMPTY: u32 = 0;
const N_CHAR: u32 = 1;
const N_ANY: u32 = 2;
const N_ANY_NL: u32 = 3;
const N_CLASS: u32 = 4;
const N_CAT: u32 = 5;
const N_ALT: u32 = 6;
const N_REPEAT: u32 = 7;
const N_ASSERT: u32 = 8;

const INFINITE: u32 = 0xffffffff;
const MAX_REPEAT: u32 = 1000;

let pos: usize = 0;
let end: usize = 0;
let failed = false;
let foldCase = false;
let dotAll = false;

function node(kind: u32, a: u32, b: u32, c: u32): usize {
  const n = opa_malloc(16);
  store<u32>(n, kind);
  store<u32>(n, a, 4);
  store<u32>(n, b, 8);
  store<u32>(n, c, 12);
  return n;
}

function fail(): usize {
  failed = true;
  return node(N_EMPTY, 0, 0, 0);
}

function peek(): u32 {
  return pos < end ? <u32>load<u8>(pos) : 0xffffffff;
}

function isAsciiLetter(c: u32): bool {
  return (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a;
}

function literal(cp: u32): usize {
  if (foldCase && isAsciiLetter(cp)) {
    classStart();
    classAdd(cp, cp);
    classFoldCase();
    return node(N_CLASS, <u32>classRanges(), classCount(), 0);
  }
  return node(N_CHAR, cp, 0, 0);
}

function hexValue(c: u32): i32 {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x66) return (c | 0x20) - 0x57;
  return -1;
}

// Escapes that denote a single code point: \n, \x41, \x{263a}, \. etc.
// Returns the code point or -1 when the escape is not one of those.
function escapedRune(c: u32): i64 {
  if (c == 0x6e) return 0x0a;
  if (c == 0x74) return 0x09;
  if (c == 0x72) return 0x0d;
  if (c == 0x66) return 0x0c;
  if (c == 0x76) return 0x0b;
  if (c == 0x61) return 0x07;
  if (c == 0x78) {
    let v: i64 = 0;
    if (peek() == 0x7b) {
      pos++;
      let digits = 0;
      while (peek() != 0x7d) {
        const h = hexValue(peek());
        if (h < 0 || digits > 6) return -1;
        v = (v << 4) | h;
        digits++;
        pos++;
      }
      pos++;
      return digits > 0 && v <= <i64>MAX_RUNE ? v : -1;
    }
    for (let i = 0; i < 2; i++) {
      const h = hexValue(peek());
      if (h < 0) return -1;
      v = (v << 4) | h;
      pos++;
    }
    return v;
  }
  // Punctuation may always be escaped; letters and digits may not.
  if (c < 0x80 && !isAsciiLetter(c) && !(c >= 0x30 && c <= 0x39)) return c;
  return -1;
}

// [:alpha:] and friends inside a bracket expression.
function posixClass(): bool {
  const start = pos;
  if (pos + 1 >= end || load<u8>(pos + 1) != 0x3a) return false;
  let q = pos + 2;
  let neg = false;
  if (q < end && load<u8>(q) == 0x5e) {
    neg = true;
    q++;
  }
  const nameStart = q;
  while (q + 1 < end && !(load<u8>(q) == 0x3a && load<u8>(q + 1) == 0x5d)) q++;
  if (q + 1 >= end) return false;
  const n = <u32>(q - nameStart);
  pos = q + 2;
  // Build into a scratch class, then copy (complemented when negated).
  const w0 = n >= 1 ? <u32>load<u8>(nameStart) : 0;
  const w1 = n >= 2 ? <u32>load<u8>(nameStart + 1) : 0;
  let lo1: u32 = 1;
  let hi1: u32 = 0;
  let lo2: u32 = 1;
  let hi2: u32 = 0;
  let lo3: u32 = 1;
  let hi3: u32 = 0;
  let lo4: u32 = 1;
  let hi4: u32 = 0;
  if (n == 5 && w0 == 0x61 && w1 == 0x6c && load<u8>(nameStart + 2) == 0x70) {
    lo1 = 0x41;
    hi1 = 0x5a;
    lo2 = 0x61;
    hi2 = 0x7a; // alpha
  } else if (n == 5 && w0 == 0x61 && w1 == 0x6c) {
    lo1 = 0x30;
    hi1 = 0x39;
    lo2 = 0x41;
    hi2 = 0x5a;
    lo3 = 0x61;
    hi3 = 0x7a; // alnum
  } else if (n == 5 && w0 == 0x64) {
    lo1 = 0x30;
    hi1 = 0x39; // digit
  } else if (n == 5 && w0 == 0x73) {
    lo1 = 0x09;
    hi1 = 0x0d;
    lo2 = 0x20;
    hi2 = 0x20; // space
  } else if (n == 5 && w0 == 0x75) {
    lo1 = 0x41;
    hi1 = 0x5a; // upper
  } else if (n == 5 && w0 == 0x6c) {
    lo1 = 0x61;
    hi1 = 0x7a; // lower
  } else if (n == 6 && w0 == 0x78) {
    lo1 = 0x30;
    hi1 = 0x39;
    lo2 = 0x41;
    hi2 = 0x46;
    lo3 = 0x61;
    hi3 = 0x66; // xdigit
  } else if (n == 4 && w0 == 0x77) {
    lo1 = 0x30;
    hi1 = 0x39;
    lo2 = 0x41;
    hi2 = 0x5a;
    lo3 = 0x61;
    hi3 = 0x7a;
    lo4 = 0x5f;
    hi4 = 0x5f; // word
  } else if (n == 5 && w0 == 0x70) {
    lo1 = 0x21;
    hi1 = 0x2f;
    lo2 = 0x3a;
    hi2 = 0x40;
    lo3 = 0x5b;
    hi3 = 0x60;
    lo4 = 0x7b;
    hi4 = 0x7e; // punct
  } else {
    pos = start;
    failed = true;
    return true;
  }
  if (!neg) {
    if (lo1 <= hi1) classAdd(lo1, hi1);
    if (lo2 <= hi2) classAdd(lo2, hi2);
    if (lo3 <= hi3) classAdd(lo3, hi3);
    if (lo4 <= hi4) classAdd(lo4, hi4);
    return true;
  }
  // The ranges above are ascending and disjoint: add the gaps.
  let next: u32 = 0;
  if (lo1 <= hi1) {
    if (lo1 > next) classAdd(next, lo1 - 1);
    next = hi1 + 1;
  }
  if (lo2 <= hi2) {
    if (lo2 > next) classAdd(next, lo2 - 1);
    next = hi2 + 1;
  }
  if (lo3 <= hi3) {
    if (lo3 > next) classAdd(next, lo3 - 1);
    next = hi3 + 1;
  }
  if (lo4 <= hi4) {
    if (lo4 > next) classAdd(next, lo4 - 1);
    next = hi4 + 1;
  }
  classAdd(next, MAX_RUNE);
  return true;
}

// One member of a bracket expression: a code point, or -1 after adding a
// whole class (\d, [:alpha:]) itself.
function classAtom(): i64 {
  const c = peek();
  if (c == 0x5b && posixClass()) return -1;
  if (c == 0x5c) {
    pos++;
    const e = peek();
    pos++;
    if (classAddPerl(e)) return -1;
    const r = escapedRune(e);
    if (r < 0) failed = true;
    return r;
  }
  const cp = decodeRune(pos, end);
  pos += runeSize;
  return cp;
}

function parseClass(): usize {
  pos++;
  let neg = false;
  if (peek() == 0x5e) {
    neg = true;
    pos++;
  }
  classStart();
  let first = true;
  while (pos < end && (peek() != 0x5d || first)) {
    first = false;
    const lo = classAtom();
    if (failed) return fail();
    if (lo < 0) continue;
    if (peek() == 0x2d && pos + 1 < end && load<u8>(pos + 1) != 0x5d) {
      pos++;
      const hi = classAtom();
      if (failed || hi < lo) return fail();
      classAdd(<u32>lo, <u32>hi);
    } else {
      classAdd(<u32>lo, <u32>lo);
    }
  }
  if (peek() != 0x5d) return fail();
  pos++;
  if (foldCase) classFoldCase();
  return node(
    N_CLASS,
    <u32>classRanges(),
    classCount() | (neg ? NEGATED : 0),
    0,
  );
}

// Parses "(?flags)" or "(?flags:" after "(?"; returns true for a group.
function parseFlags(): i32 {
  let on = true;
  while (pos < end) {
    const c = peek();
    pos++;
    if (c == 0x29) return 0;
    if (c == 0x3a) return 1;
    if (c == 0x2d) on = false;
    else if (c == 0x69) foldCase = on;
    else if (c == 0x73) dotAll = on;
    else return -1;
  }
  return -1;
}

/** Groups nested deeper than this make a pattern invalid. */
const MAX_NESTING: i32 = 200;
let nesting: i32 = 0;

function parseGroup(): usize {
  if (++nesting > MAX_NESTING) return fail();
  const group = parseGroupBody();
  nesting--;
  return group;
}

function parseGroupBody(): usize {
  pos++;
  if (peek() == 0x3f) {
    pos++;
    const c = peek();
    if (c == 0x50 || c == 0x3c) {
      // (?P<name>...) or (?<name>...): skip the name.
      if (c == 0x50) pos++;
      if (peek() != 0x3c) return fail();
      while (pos < end && peek() != 0x3e) pos++;
      pos++;
    } else {
      const savedFold = foldCase;
      const savedDot = dotAll;
      const kind = parseFlags();
      if (kind < 0) return fail();
      // "(?i)" changes the flags for the rest of the enclosing group.
      if (kind == 0) return node(N_EMPTY, 0, 0, 0);
      const inner = parseAlt();
      foldCase = savedFold;
      dotAll = savedDot;
      if (peek() != 0x29) return fail();
      pos++;
      return inner;
    }
  }
  const savedFold = foldCase;
  const savedDot = dotAll;
  const inner = parseAlt();
  foldCase = savedFold;
  dotAll = savedDot;
  if (peek() != 0x29) return fail();
  pos++;
  return inner;
}

function parseAtom(): usize {
  const c = peek();
  if (c == 0x28) return parseGroup();
  if (c == 0x5b) return parseClass();
  if (c == 0x2a || c == 0x2b || c == 0x3f) return fail();
  pos++;
  if (c == 0x2e) return node(dotAll ? N_ANY_NL : N_ANY, 0, 0, 0);
  if (c == 0x5e) return node(N_ASSERT, OP_BEGIN, 0, 0);
  if (c == 0x24) return node(N_ASSERT, OP_END, 0, 0);
  if (c == 0x5c) {
    const e = peek();
    pos++;
    if (e == 0x41) return node(N_ASSERT, OP_BEGIN, 0, 0);
    if (e == 0x7a) return node(N_ASSERT, OP_END, 0, 0);
    if (e == 0x62) return node(N_ASSERT, OP_WORD_BOUNDARY, 0, 0);
    if (e == 0x42) return node(N_ASSERT, OP_NOT_WORD_BOUNDARY, 0, 0);
    classStart();
    if (classAddPerl(e)) {
      return node(N_CLASS, <u32>classRanges(), classCount(), 0);
    }
    const r = escapedRune(e);
    if (r < 0) return fail();
    return literal(<u32>r);
  }
  pos--;
  const cp = decodeRune(pos, end);
  pos += runeSize;
  return literal(cp);
}

function readCount(): i64 {
  let v: i64 = 0;
  let digits = 0;
  while (peek() >= 0x30 && peek() <= 0x39) {
    v = v * 10 + (peek() - 0x30);
    if (v > <i64>MAX_REPEAT) v = <i64>MAX_REPEAT + 1;
    digits++;
    pos++;
  }
  return digits == 0 ? -1 : v;
}

function parseRepeat(): usize {
  const atom = parseAtom();
  if (failed) return atom;
  const c = peek();
  let min: u32 = 0;
  let max: u32 = 0;
  if (c == 0x2a) {
    max = INFINITE;
  } else if (c == 0x2b) {
    min = 1;
    max = INFINITE;
  } else if (c == 0x3f) {
    max = 1;
  } else if (c == 0x7b) {
    // Not a valid counted repetition: RE2 reads "{" literally.
    const save = pos;
    pos++;
    const lo = readCount();
    let hi = lo;
    if (lo >= 0 && peek() == 0x2c) {
      pos++;
      hi = peek() == 0x7d ? -2 : readCount();
    }
    if (lo < 0 || peek() != 0x7d || hi == -1) {
      pos = save;
      return atom;
    }
    if (lo > <i64>MAX_REPEAT || hi > <i64>MAX_REPEAT || (hi >= 0 && hi < lo)) {
      return fail();
    }
    min = <u32>lo;
    max = hi == -2 ? INFINITE : <u32>hi;
  } else {
    return atom;
  }
  pos++;
  if (peek() == 0x3f) pos++;
  const next = peek();
  if (next == 0x2a || next == 0x2b || next == 0x3f) return fail();
  return node(N_REPEAT, <u32>atom, min, max);
}

function parseConcat(): usize {
  let result: usize = 0;
  while (pos < end && peek() != 0x7c && peek() != 0x29 && !failed) {
    const item = parseRepeat();
    result = result == 0 ? item : node(N_CAT, <u32>result, <u32>item, 0);
  }
  return result == 0 ? node(N_EMPTY, 0, 0, 0) : result;
}

function parseAlt(): usize {
  let left = parseConcat();
  while (peek() == 0x7c && !failed) {
    pos++;
    const right = parseConcat();
    left = node(N_ALT, <u32>left, <u32>right, 0);
  }
  return left;
}

// Concatenations are left-deep chains as long as the pattern: walk the
// spine with a loop so that long patterns cannot exhaust the call stack.
function emitConcat(n: usize): void {
  let count: u32 = 0;
  let cur = n;
  while (load<u32>(cur) == N_CAT) {
    count++;
    cur = <usize>load<u32>(cur, 4);
  }
  const rights = opa_malloc((<usize>count) << 2);
  cur = n;
  for (let i = count; i > 0; i--) {
    store<u32>(rights + ((<usize>(i - 1)) << 2), load<u32>(cur, 8));
    cur = <usize>load<u32>(cur, 4);
  }
  emitNode(cur);
  for (let i: u32 = 0; i < count && !programTooLarge; i++) {
    emitNode(<usize>load<u32>(rights + ((<usize>i) << 2)));
  }
}

/** Emits code for an AST node (shared by regex and glob compilation). */
export function emitNode(n: usize): void {
  const kind = load<u32>(n);
  const a = load<u32>(n, 4);
  const b = load<u32>(n, 8);
  if (kind == N_CHAR) emit(OP_CHAR, a, 0);
  else if (kind == N_ANY) emit(OP_ANY, 0, 0);
  else if (kind == N_ANY_NL) emit(OP_ANY_NL, 0, 0);
  else if (kind == N_CLASS) emit(OP_CLASS, a, b);
  else if (kind == N_ASSERT) emit(a, 0, 0);
  else if (kind == N_CAT) emitConcat(n);
  else if (kind == N_ALT) {
    const split = emit(OP_SPLIT, programCount() + 1, 0);
    emitNode(a);
    const jump = emit(OP_JMP, 0, 0);
    patch(split, 8, programCount());
    emitNode(b);
    patch(jump, 4, programCount());
  } else if (kind == N_REPEAT) {
    const max = load<u32>(n, 12);
    for (let i: u32 = 0; i < b && !programTooLarge; i++) emitNode(a);
    if (max == INFINITE) {
      const loop = emit(OP_SPLIT, programCount() + 1, 0);
      emitNode(a);
      emit(OP_JMP, loop, 0);
      patch(loop, 8, programCount());
    } else {
      for (let i = b; i < max && !programTooLarge; i++) {
        const split = emit(OP_SPLIT, programCount() + 1, 0);
        emitNode(a);
        patch(split, 8, programCount());
      }
    }
  }
}

/** AST constructors for the glob compiler. */
export function astChar(cp: u32): usize {
  return node(N_CHAR, cp, 0, 0);
}

export function astClass(ranges: usize, count: u32): usize {
  return node(N_CLASS, <u32>ranges, count, 0);
}

export function astAnyNl(): usize {
  return node(N_ANY_NL, 0, 0, 0);
}

export function astCat(a: usize, b: usize): usize {
  if (a == 0) return b;
  return node(N_CAT, <u32>a, <u32>b, 0);
}

export function astAlt(a: usize, b: usize): usize {
  return node(N_ALT, <u32>a, <u32>b, 0);
}

export function astStar(a: usize): usize {
  return node(N_REPEAT, <u32>a, 0, INFINITE);
}

export function astEmpty(): usize {
  return node(N_EMPTY, 0, 0, 0);
}

// Compiled programs are cached by pattern text until the heap pointer is
// next reset (the SDK does that before every evaluation).
const CACHE_SIZE: u32 = 8;
const cache = memory.data(CACHE_SIZE * 20, 8);
let cacheNext: u32 = 0;

function cached(p: usize, n: u32): usize {
  for (let i: u32 = 0; i < CACHE_SIZE; i++) {
    const e = cache + i * 20;
    if (load<u32>(e) != heapEpoch + 1 || load<u32>(e, 8) != n) continue;
    if (memory.compare(<usize>load<u32>(e, 4), p, n) == 0) return e;
  }
  return 0;
}

let compiledLen: u32 = 0;

function compile(p: usize, n: u32): usize {
  const hit = cached(p, n);
  if (hit != 0) {
    compiledLen = load<u32>(hit, 16);
    return <usize>load<u32>(hit, 12);
  }
  pos = p;
  end = p + n;
  failed = false;
  foldCase = false;
  dotAll = false;
  nesting = 0;
  const ast = parseAlt();
  if (failed || pos != end) return 0;
  programStart();
  emitNode(ast);
  emit(OP_MATCH, 0, 0);
  if (programTooLarge) return 0;
  const key = opa_malloc(n);
  memory.copy(key, p, n);
  const e = cache + cacheNext * 20;
  cacheNext = (cacheNext + 1) % CACHE_SIZE;
  store<u32>(e, heapEpoch + 1);
  store<u32>(e, <u32>key, 4);
  store<u32>(e, n, 8);
  store<u32>(e, <u32>programCode(), 12);
  store<u32>(e, programCount(), 16);
  compiledLen = programCount();
  return programCode();
}

/**
 * regex.match(pattern, value): does the pattern match anywhere in value?
 * An invalid or unsupported pattern, or an input too large for the
 * matcher's memory budget, is an error (undefined).
 */
export function opa_regex_match(pattern: usize, value: usize): usize {
  if (tagOf(pattern) != TYPE_STRING || tagOf(value) != TYPE_STRING) return 0;
  const prog = compile(strPtr(pattern), strLen(pattern));
  if (prog == 0) return 0;
  const r = runProgram(prog, compiledLen, strPtr(value), strLen(value), false);
  if (r < 0) return 0;
  return r == 1 ? TRUE_VALUE : FALSE_VALUE;
}

/** regex.is_valid(pattern): false for anything this engine rejects. */
export function opa_regex_is_valid(pattern: usize): usize {
  if (tagOf(pattern) != TYPE_STRING) return FALSE_VALUE;
  return compile(strPtr(pattern), strLen(pattern)) != 0
    ? TRUE_VALUE
    : FALSE_VALUE;
}
