const HEADER_BYTES = 8;
const CUSTOM_SECTION_ID = 0;

const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * The contents of a WebAssembly module's custom sections named `name`,
 * read from its binary (section id, LEB128 size, and for a custom section
 * its name) without compiling it. A binary that ends mid-section gives
 * what was whole before that point.
 */
export function customSections(wasm: Uint8Array, name: string): Uint8Array[] {
  const found: Uint8Array[] = [];
  let at = HEADER_BYTES;

  while (at < wasm.length) {
    const id = wasm[at]!;
    const size = readUnsigned(wasm, at + 1);
    if (size === null) break;
    const start = size.next;
    const end = start + size.value;
    if (end > wasm.length) break;

    if (id === CUSTOM_SECTION_ID) {
      const length = readUnsigned(wasm, start);
      const nameEnd = length === null ? end + 1 : length.next + length.value;
      if (length !== null && nameEnd <= end) {
        let sectionName: string | null;
        try {
          sectionName = decoder.decode(wasm.subarray(length.next, nameEnd));
        } catch {
          sectionName = null;
        }
        if (sectionName === name) found.push(wasm.subarray(nameEnd, end));
      }
    }
    at = end;
  }

  return found;
}

/** An unsigned LEB128 of at most 5 bytes (u32) at `at`, or null. */
function readUnsigned(
  bytes: Uint8Array,
  at: number,
): { value: number; next: number } | null {
  let value = 0;
  for (let i = 0; i < 5; i += 1) {
    const byte = bytes[at + i];
    if (byte === undefined) return null;
    value += (byte & 0x7f) * 2 ** (7 * i);
    if ((byte & 0x80) === 0) return { value, next: at + i + 1 };
  }

  return null;
}
