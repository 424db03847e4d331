// UTF-8 decoding for the string built-ins. Invalid bytes decode as U+FFFD
// one byte at a time, as Go does.

/** Byte length of the rune decoded by the last decodeRune call. */
export let runeSize: u32 = 1;

export function decodeRune(p: usize, end: usize): u32 {
  const b0 = <u32>load<u8>(p);
  runeSize = 1;
  if (b0 < 0x80) return b0;
  let need: u32 = 0;
  let cp: u32 = 0;
  if ((b0 & 0xe0) == 0xc0) {
    need = 1;
    cp = b0 & 0x1f;
  } else if ((b0 & 0xf0) == 0xe0) {
    need = 2;
    cp = b0 & 0x0f;
  } else if ((b0 & 0xf8) == 0xf0) {
    need = 3;
    cp = b0 & 0x07;
  } else return 0xfffd;
  if (p + need >= end) return 0xfffd;
  for (let i: u32 = 1; i <= need; i++) {
    const b = <u32>load<u8>(p + i);
    if ((b & 0xc0) != 0x80) return 0xfffd;
    cp = (cp << 6) | (b & 0x3f);
  }
  runeSize = need + 1;
  return cp;
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
