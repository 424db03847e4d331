/**
 * OPA's CIDR built-ins on the host, with addresses as BigInts:
 * `net.cidr_merge`, `net.cidr_expand`, `net.cidr_contains_matches`, and
 * the parsing and printing they share (Go's net package forms: IPv6
 * compressed at the longest run of zero groups).
 */

export interface Network {
  v6: boolean;
  /** First address of the network (masked). */
  start: bigint;
  bits: number;
}

const V4_PART = /^(0|[1-9]\d{0,2})$/;

function parseV4(text: string): bigint | undefined {
  const parts = text.split('.');
  if (parts.length !== 4 || !parts.every((p) => V4_PART.test(p))) {
    return undefined;
  }
  const bytes = parts.map(Number);
  if (bytes.some((b) => b > 255)) return undefined;

  return bytes.reduce((acc, b) => (acc << 8n) | BigInt(b), 0n);
}

function parseV6(text: string): bigint | undefined {
  let groups = text;
  const lastColon = text.lastIndexOf(':');
  if (text.slice(lastColon + 1).includes('.')) {
    // An IPv4 tail (`::ffff:1.2.3.4`) is the last two groups.
    const v4 = parseV4(text.slice(lastColon + 1));
    if (v4 === undefined) return undefined;
    groups = `${text.slice(0, lastColon + 1)}${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`;
  }
  const halves = groups.split('::');
  if (halves.length > 2) return undefined;
  const read = (s: string): bigint[] | undefined => {
    if (s === '') return [];
    const out: bigint[] = [];
    for (const g of s.split(':')) {
      if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
      out.push(BigInt(parseInt(g, 16)));
    }
    return out;
  };
  const head = read(halves[0] as string);
  const rest = halves.length === 2 ? read(halves[1] as string) : [];
  if (!head || !rest) return undefined;
  const known = head.length + rest.length;
  if (halves.length === 2 ? known > 7 : known !== 8) return undefined;
  const zeros = new Array<bigint>(8 - known).fill(0n);

  return [...head, ...zeros, ...rest].reduce((acc, g) => (acc << 16n) | g, 0n);
}

export function parseIp(text: string): { v6: boolean; ip: bigint } | undefined {
  if (text.includes(':')) {
    const ip = parseV6(text);
    return ip === undefined ? undefined : { v6: true, ip };
  }
  const ip = parseV4(text);

  return ip === undefined ? undefined : { v6: false, ip };
}

const width = (v6: boolean): number => (v6 ? 128 : 32);

function mask(v6: boolean, bits: number): bigint {
  const w = BigInt(width(v6));
  return ((1n << w) - 1n) ^ ((1n << (w - BigInt(bits))) - 1n);
}

/** `a.b.c.d/n` or an IPv6 CIDR, masked to its network. */
export function parseCidr(text: string): Network | undefined {
  const slash = text.indexOf('/');
  if (slash < 0) return undefined;
  const ip = parseIp(text.slice(0, slash));
  const len = text.slice(slash + 1);
  if (!ip || !/^(0|[1-9]\d{0,2})$/.test(len)) return undefined;
  const bits = Number(len);
  if (bits > width(ip.v6)) return undefined;

  return { v6: ip.v6, start: ip.ip & mask(ip.v6, bits), bits };
}

export function lastAddress(n: Network): bigint {
  return n.start | ((1n << BigInt(width(n.v6) - n.bits)) - 1n);
}

export function formatIp(v6: boolean, ip: bigint): string {
  if (!v6) {
    return [24n, 16n, 8n, 0n].map((s) => String((ip >> s) & 255n)).join('.');
  }
  const groups = Array.from({ length: 8 }, (_, i) =>
    Number((ip >> BigInt(112 - 16 * i)) & 0xffffn),
  );
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8;) {
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) {
      best = i;
      bestLen = j - i;
    }
    i = j === i ? i + 1 : j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best < 0) return hex.join(':');

  return `${hex.slice(0, best).join(':')}::${hex.slice(best + bestLen).join(':')}`;
}

const formatCidr = (n: Network): string =>
  `${formatIp(n.v6, n.start)}/${n.bits}`;

/**
 * A CIDR, or an address with its classful default mask as Go's
 * `IP.DefaultMask` gives it (what OPA's cidr_merge does with addresses).
 */
function mergeInput(text: string): Network | undefined {
  if (text.includes('/')) return parseCidr(text);
  const ip = parseIp(text);
  if (!ip || ip.v6) return undefined;
  const first = Number(ip.ip >> 24n);
  const bits = first < 128 ? 8 : first < 192 ? 16 : first < 224 ? 24 : 0;
  if (bits === 0) return undefined;

  return { v6: false, start: ip.ip & mask(false, bits), bits };
}

/** The fewest aligned networks covering [start, end]. */
function cover(v6: boolean, start: bigint, end: bigint): Network[] {
  const out: Network[] = [];
  let at = start;
  while (at <= end) {
    let bits = width(v6);
    while (bits > 0) {
      const size = 1n << BigInt(width(v6) - bits + 1);
      if (at % size !== 0n || at + size - 1n > end) break;
      bits--;
    }
    const n = { v6, start: at, bits };
    out.push(n);
    at = lastAddress(n) + 1n;
  }

  return out;
}

export function cidrMerge(addrs: unknown): string[] | undefined {
  if (!Array.isArray(addrs)) return undefined;
  const nets: Network[] = [];
  for (const a of addrs) {
    const n = typeof a === 'string' ? mergeInput(a) : undefined;
    if (!n) return undefined;
    nets.push(n);
  }

  const out: string[] = [];
  for (const v6 of [false, true]) {
    const ranges = nets
      .filter((n) => n.v6 === v6)
      .map((n) => [n.start, lastAddress(n)] as [bigint, bigint])
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const merged: [bigint, bigint][] = [];
    for (const [s, e] of ranges) {
      const top = merged.at(-1);
      if (top && s <= top[1] + 1n) top[1] = e > top[1] ? e : top[1];
      else merged.push([s, e]);
    }
    for (const [s, e] of merged) out.push(...cover(v6, s, e).map(formatCidr));
  }

  return out;
}

/** Expanding more addresses than this is refused (undefined). */
export const CIDR_EXPAND_LIMIT = 65_536;

export function cidrExpand(cidr: unknown): string[] | undefined {
  const n = typeof cidr === 'string' ? parseCidr(cidr) : undefined;
  if (!n) return undefined;
  const last = lastAddress(n);
  if (last - n.start >= BigInt(CIDR_EXPAND_LIMIT)) return undefined;
  const out: string[] = [];
  for (let ip = n.start; ip <= last; ip++) out.push(formatIp(n.v6, ip));

  return out;
}

/** An address or CIDR as a network (an address is a full-length one). */
function asNetwork(text: string): Network | undefined {
  if (text.includes('/')) return parseCidr(text);
  const ip = parseIp(text);

  return ip && { v6: ip.v6, start: ip.ip, bits: width(ip.v6) };
}

export function networkContains(outer: Network, inner: Network): boolean {
  return (
    outer.v6 === inner.v6 &&
    inner.bits >= outer.bits &&
    (inner.start & mask(outer.v6, outer.bits)) === outer.start
  );
}

/** `net.cidr_contains(cidr, cidr_or_ip)`. */
export function cidrContains(
  cidr: unknown,
  other: unknown,
): boolean | undefined {
  if (typeof cidr !== 'string' || typeof other !== 'string') return undefined;
  const outer = parseCidr(cidr);
  const inner = asNetwork(other);
  if (!outer || !inner) return undefined;

  return networkContains(outer, inner);
}

/**
 * The keyed entries of a cidr_contains_matches operand: a string is its
 * own key, array elements are keyed by index, set elements by themselves,
 * object members by their key; an entry is a string or an array whose
 * first element is the string.
 */
function entries(
  v: unknown,
  isSet: unknown,
  parse: (text: string) => Network | undefined,
): [unknown, Network][] | undefined {
  const pairs: [unknown, unknown][] =
    typeof v === 'string'
      ? [[v, v]]
      : Array.isArray(v)
        ? v.map((e, i) => [isSet === true ? e : i, e])
        : v !== null && typeof v === 'object'
          ? Object.entries(v)
          : [];
  if (pairs.length === 0 && typeof v !== 'object') return undefined;
  const out: [unknown, Network][] = [];
  for (const [key, e] of pairs) {
    const text: unknown = Array.isArray(e) ? e[0] : e;
    const n = typeof text === 'string' ? parse(text) : undefined;
    if (!n) return undefined;
    out.push([key, n]);
  }

  return out;
}

export function cidrContainsMatches(
  cidrs: unknown,
  addrs: unknown,
  cidrsIsSet: unknown,
  addrsIsSet: unknown,
): unknown[][] | undefined {
  const outer = entries(cidrs, cidrsIsSet, parseCidr);
  const inner = entries(addrs, addrsIsSet, asNetwork);
  if (!outer || !inner) return undefined;
  const out: unknown[][] = [];
  for (const [k1, n1] of outer) {
    for (const [k2, n2] of inner) {
      if (networkContains(n1, n2)) out.push([k1, k2]);
    }
  }

  return out;
}
