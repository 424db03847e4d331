// UTF-8 decoding for the string built-ins, following Go's unicode/utf8:
// an invalid or incomplete sequence (stray continuation byte, overlong
// form, surrogate, beyond U+10FFFF) decodes as U+FFFD one byte at a time.

/** Byte length of the rune decoded by the last decodeRune call. */
export let runeSize: u32 = 1;

function isCont(b: u32): bool {
  return (b & 0xc0) == 0x80;
}

export function decodeRune(p: usize, end: usize): u32 {
  const b0 = <u32>load<u8>(p);
  runeSize = 1;
  if (b0 < 0x80) return b0;
  if (b0 < 0xc2 || b0 > 0xf4) return 0xfffd;
  const need: u32 = b0 < 0xe0 ? 1 : b0 < 0xf0 ? 2 : 3;
  if (p + need >= end) return 0xfffd;
  const b1 = <u32>load<u8>(p + 1);
  // The second byte's range is narrower after E0, ED, F0 and F4.
  let lo: u32 = 0x80;
  let hi: u32 = 0xbf;
  if (b0 == 0xe0) lo = 0xa0;
  else if (b0 == 0xed) hi = 0x9f;
  else if (b0 == 0xf0) lo = 0x90;
  else if (b0 == 0xf4) hi = 0x8f;
  if (b1 < lo || b1 > hi) return 0xfffd;
  if (need == 1) {
    runeSize = 2;
    return ((b0 & 0x1f) << 6) | (b1 & 0x3f);
  }
  const b2 = <u32>load<u8>(p + 2);
  if (!isCont(b2)) return 0xfffd;
  if (need == 2) {
    runeSize = 3;
    return ((b0 & 0x0f) << 12) | ((b1 & 0x3f) << 6) | (b2 & 0x3f);
  }
  const b3 = <u32>load<u8>(p + 3);
  if (!isCont(b3)) return 0xfffd;
  runeSize = 4;
  return (
    ((b0 & 0x07) << 18) | ((b1 & 0x3f) << 12) | ((b2 & 0x3f) << 6) | (b3 & 0x3f)
  );
}

/** Counts code points as Go does: each invalid byte counts as one. */
export function countRunes(p: usize, n: u32): u32 {
  const end = p + n;
  let runes: u32 = 0;
  while (p < end) {
    if (load<u8>(p) < 0x80) p++;
    else {
      decodeRune(p, end);
      p += runeSize;
    }
    runes++;
  }
  return runes;
}

/** Unicode white space as Go's unicode.IsSpace. */
export function isSpace(cp: u32): bool {
  if (cp == 0x20 || (cp >= 0x09 && cp <= 0x0d)) return true;
  if (cp < 0x85) return false;
  return (
    cp == 0x85 ||
    cp == 0xa0 ||
    cp == 0x1680 ||
    (cp >= 0x2000 && cp <= 0x200a) ||
    cp == 0x2028 ||
    cp == 0x2029 ||
    cp == 0x202f ||
    cp == 0x205f ||
    cp == 0x3000
  );
}
