import { PolicyError } from './policy-error';

/** One regular file of a tar archive. */
export interface TarEntry {
  name: string;
  data: Uint8Array;
}

const BLOCK = 512;

function writeString(
  buf: Uint8Array,
  offset: number,
  size: number,
  s: string,
): void {
  const bytes = Buffer.from(s, 'utf8');
  if (bytes.length > size) {
    throw new PolicyError('POLICY_BUNDLE_INVALID', `tar field too long: ${s}`);
  }
  buf.set(bytes, offset);
}

function writeOctal(
  buf: Uint8Array,
  offset: number,
  size: number,
  n: number,
): void {
  writeString(buf, offset, size, `${n.toString(8).padStart(size - 1, '0')}\0`);
}

/** Writes a ustar archive of regular files (no compression). */
export function writeTar(entries: TarEntry[], mtime = 0): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const e of entries) {
    const header = new Uint8Array(BLOCK);
    let name = e.name;
    let prefix = '';
    if (Buffer.byteLength(name) > 100) {
      const cut = name.lastIndexOf('/', 155);
      prefix = name.slice(0, cut);
      name = name.slice(cut + 1);
    }
    writeString(header, 0, 100, name);
    writeOctal(header, 100, 8, 0o644);
    writeOctal(header, 108, 8, 0);
    writeOctal(header, 116, 8, 0);
    writeOctal(header, 124, 12, e.data.length);
    writeOctal(header, 136, 12, mtime);
    header.fill(0x20, 148, 156);
    header[156] = 0x30;
    writeString(header, 257, 6, 'ustar');
    writeString(header, 263, 2, '00');
    writeString(header, 345, 155, prefix);
    const sum = header.reduce((a, b) => a + b, 0);
    writeString(header, 148, 8, `${sum.toString(8).padStart(6, '0')}\0 `);
    parts.push(header, e.data);
    const pad = (BLOCK - (e.data.length % BLOCK)) % BLOCK;
    if (pad > 0) parts.push(new Uint8Array(pad));
  }
  parts.push(new Uint8Array(BLOCK * 2));

  return Buffer.concat(parts);
}

function readString(buf: Uint8Array, offset: number, size: number): string {
  const slice = buf.subarray(offset, offset + size);
  const end = slice.indexOf(0);

  return Buffer.from(end < 0 ? slice : slice.subarray(0, end)).toString('utf8');
}

function readOctal(buf: Uint8Array, offset: number, size: number): number {
  const text = readString(buf, offset, size).trim();

  return text === '' ? 0 : parseInt(text, 8);
}

/** Reads the regular files of a tar archive (ustar, GNU and pax names). */
export function readTar(archive: Uint8Array): TarEntry[] {
  const entries: TarEntry[] = [];
  let pos = 0;
  let longName: string | undefined;
  let paxPath: string | undefined;

  while (pos + BLOCK <= archive.length) {
    const header = archive.subarray(pos, pos + BLOCK);
    if (header.every((b) => b === 0)) break;
    const stored = readOctal(header, 148, 8);
    const sum = header.reduce(
      (a, b, i) => a + (i >= 148 && i < 156 ? 0x20 : b),
      0,
    );
    if (stored !== sum) {
      throw new PolicyError(
        'POLICY_BUNDLE_READ',
        `bad tar header checksum at ${pos}`,
      );
    }
    const size = readOctal(header, 124, 12);
    const type = String.fromCharCode(header[156] ?? 0);
    const dataStart = pos + BLOCK;
    const data = archive.subarray(dataStart, dataStart + size);
    if (data.length !== size) {
      throw new PolicyError('POLICY_BUNDLE_READ', 'truncated tar archive');
    }
    pos = dataStart + Math.ceil(size / BLOCK) * BLOCK;

    if (type === 'L') {
      longName = readString(data, 0, size);
      continue;
    }
    if (type === 'x') {
      paxPath = /(?:^|\n)\d+ path=([^\n]*)\n/.exec(
        Buffer.from(data).toString('utf8'),
      )?.[1];
      continue;
    }
    const prefix = readString(header, 345, 155);
    const base = readString(header, 0, 100);
    const name = paxPath ?? longName ?? (prefix ? `${prefix}/${base}` : base);
    longName = undefined;
    paxPath = undefined;
    if (type === '0' || type === '\0')
      entries.push({ name, data: Uint8Array.from(data) });
  }

  return entries;
}
