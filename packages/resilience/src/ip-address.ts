/** An IP address in network byte order, with its canonical text. */
export interface IpAddress {
  family: 4 | 6;
  /** 4 bytes for IPv4, 16 for IPv6. */
  bytes: Uint8Array;
  /** Dotted quad, or RFC 5952 form for IPv6 (lower case, `::` compressed). */
  text: string;
}

const DECIMAL_OCTET = /^(?:0|[1-9]\d{0,2})$/;
const HEX_GROUP = /^[0-9a-fA-F]{1,4}$/;

/**
 * Parses an IPv4 or IPv6 address. An IPv4-mapped IPv6 address
 * (`::ffff:1.2.3.4`, what a dual-stack socket reports) comes back as IPv4,
 * and an IPv6 zone (`%eth0`) is dropped, so that one host has one text.
 * Octets with leading zeros are refused: some parsers read them as octal.
 */
export function parseIp(text: string): IpAddress | undefined {
  if (text.includes(':')) return parseIpv6(text);

  const bytes = parseIpv4Bytes(text);

  return bytes === undefined ? undefined : ipv4(bytes);
}

function ipv4(bytes: Uint8Array): IpAddress {
  return { family: 4, bytes, text: bytes.join('.') };
}

function parseIpv4Bytes(text: string): Uint8Array | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;

  const bytes = new Uint8Array(4);
  for (let i = 0; i < 4; i++) {
    const part = parts[i]!;
    if (!DECIMAL_OCTET.test(part)) return undefined;
    const value = Number(part);
    if (value > 255) return undefined;
    bytes[i] = value;
  }

  return bytes;
}

function parseIpv6(text: string): IpAddress | undefined {
  const zone = text.indexOf('%');
  const address = zone >= 0 ? text.slice(0, zone) : text;
  const halves = address.split('::');
  if (halves.length > 2) return undefined;

  const head = parseGroups(halves[0]!, halves.length === 1);
  const tail = halves.length === 2 ? parseGroups(halves[1]!, true) : [];
  if (head === undefined || tail === undefined) return undefined;

  const missing = 8 - head.length - tail.length;
  // '::' stands for at least one zero group; without it there must be 8.
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;

  const groups = [...head, ...new Array<number>(missing).fill(0), ...tail];
  const bytes = new Uint8Array(16);
  groups.forEach((group, i) => {
    bytes[i * 2] = group >> 8;
    bytes[i * 2 + 1] = group & 0xff;
  });

  if (isIpv4Mapped(bytes)) return ipv4(bytes.slice(12));

  return { family: 6, bytes, text: formatIpv6(groups) };
}

// Hex groups separated by ':'; the last may be a dotted quad when
// `mayEndInIpv4` (only the final part of an address can hold one).
function parseGroups(
  text: string,
  mayEndInIpv4: boolean,
): number[] | undefined {
  if (text === '') return [];

  const parts = text.split(':');
  const groups: number[] = [];

  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    if (mayEndInIpv4 && i === parts.length - 1 && part.includes('.')) {
      const quad = parseIpv4Bytes(part);
      if (quad === undefined) return undefined;
      groups.push((quad[0]! << 8) | quad[1]!, (quad[2]! << 8) | quad[3]!);
    } else if (HEX_GROUP.test(part)) {
      groups.push(parseInt(part, 16));
    } else {
      return undefined;
    }
  }

  return groups;
}

function isIpv4Mapped(bytes: Uint8Array): boolean {
  for (let i = 0; i < 10; i++) if (bytes[i] !== 0) return false;

  return bytes[10] === 0xff && bytes[11] === 0xff;
}

// RFC 5952 section 4: the longest run of two or more zero groups (the first
// on a tie) becomes '::'; groups are lower-case hex without leading zeros.
function formatIpv6(groups: readonly number[]): string {
  let bestStart = -1;
  let bestLength = 1;

  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let end = i;
    while (end < 8 && groups[end] === 0) end++;
    if (end - i > bestLength) {
      bestStart = i;
      bestLength = end - i;
    }
    i = end;
  }

  const hex = groups.map((group) => group.toString(16));
  if (bestStart < 0) return hex.join(':');

  const head = hex.slice(0, bestStart).join(':');
  const tail = hex.slice(bestStart + bestLength).join(':');

  return `${head}::${tail}`;
}
