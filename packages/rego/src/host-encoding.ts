/**
 * Encoding built-ins on the host: `hex.encode`, `hex.decode`,
 * `json.marshal_with_options` (Go's json.MarshalIndent output, as OPA
 * prints it) and `uuid.parse` (google/uuid's fields, as OPA reports them).
 */

const isString = (v: unknown): v is string => typeof v === 'string';

export function hexEncode(s: unknown): string | undefined {
  return isString(s) ? Buffer.from(s, 'utf8').toString('hex') : undefined;
}

export function hexDecode(s: unknown): string | undefined {
  if (!isString(s) || !/^(?:[0-9a-fA-F]{2})*$/.test(s)) return undefined;

  return Buffer.from(s, 'hex').toString('utf8');
}

/** Go's encoding/json string escaping (HTML characters too). */
function goString(s: string): string {
  return JSON.stringify(s).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${(c.codePointAt(0) ?? 0).toString(16).padStart(4, '0')}`,
  );
}

function goJson(v: unknown, indent: string | undefined, line: string): string {
  const nl = indent === undefined ? '' : `\n${line}`;
  const inner = indent === undefined ? '' : `${line}${indent}`;
  const next = indent === undefined ? '' : `\n${inner}`;
  const sep = indent === undefined ? ':' : ': ';
  if (Array.isArray(v)) {
    if (v.length === 0) return '[]';
    const items = v.map((x) => goJson(x, indent, inner));
    return `[${next}${items.join(`,${next}`)}${nl}]`;
  }
  if (v !== null && typeof v === 'object') {
    const keys = Object.keys(v).sort();
    if (keys.length === 0) return '{}';
    const items = keys.map(
      (k) =>
        `${goString(k)}${sep}${goJson((v as Record<string, unknown>)[k], indent, inner)}`,
    );
    return `{${next}${items.join(`,${next}`)}${nl}}`;
  }
  if (isString(v)) return goString(v);

  return JSON.stringify(v);
}

/** Go's json.Marshal: compact, keys sorted, HTML characters escaped. */
export function goMarshal(value: unknown): string {
  return goJson(value, undefined, '');
}

/**
 * Options `pretty` (default: true when `indent` or `prefix` is given),
 * `indent` (default a tab) and `prefix` (also before the first line);
 * any other key or a wrong type is an error (undefined).
 */
export function jsonMarshalWithOptions(
  value: unknown,
  options: unknown,
): string | undefined {
  if (options === null || typeof options !== 'object') return undefined;
  if (Array.isArray(options)) return undefined;
  const o = options as Record<string, unknown>;
  for (const [k, v] of Object.entries(o)) {
    if (
      k === 'pretty'
        ? typeof v !== 'boolean'
        : !['indent', 'prefix'].includes(k) || !isString(v)
    ) {
      return undefined;
    }
  }
  const pretty =
    (o.pretty as boolean | undefined) ?? ('indent' in o || 'prefix' in o);
  if (!pretty) return goMarshal(value);
  const prefix = (o.prefix as string | undefined) ?? '';

  return `${prefix}${goJson(value, (o.indent as string | undefined) ?? '\t', prefix)}`;
}

const UUID_TEXT =
  /^(?:urn:uuid:)?([0-9a-f]{8})-?([0-9a-f]{4})-?([0-9a-f]{4})-?([0-9a-f]{4})-?([0-9a-f]{12})$/i;

/** 100-ns intervals between 1582-10-15 and 1970-01-01. */
const GREGORIAN_OFFSET = 122192928000000000n;

function variantName(b: number): string {
  if ((b & 0xc0) === 0x80) return 'RFC4122';
  if ((b & 0xe0) === 0xc0) return 'Microsoft';
  if ((b & 0xe0) === 0xe0) return 'Future';
  return 'Reserved';
}

/**
 * The forms google/uuid accepts: 36 characters with dashes, in braces,
 * with `urn:uuid:`, or 32 hex digits.
 */
export function uuidParse(s: unknown): Record<string, unknown> | undefined {
  if (!isString(s)) return undefined;
  const braced = /^\{.*\}$/.test(s);
  const text = braced ? s.slice(1, -1) : s;
  const m = UUID_TEXT.exec(text);
  if (!m) return undefined;
  const hex = m.slice(1).join('');
  const core = text.startsWith('urn:uuid:') ? text.slice(9) : text;
  const dashed = core.length === 36;
  if (dashed ? core[8] !== '-' : braced || core !== text || core.length !== 32)
    return undefined;
  const b = Buffer.from(hex, 'hex');

  const version = (b[6] as number) >> 4;
  const out: Record<string, unknown> = {
    version,
    variant: variantName(b[8] as number),
  };
  if (version === 1 || version === 2) {
    const ticks =
      BigInt(b.readUInt32BE(0)) |
      (BigInt(b.readUInt16BE(4)) << 32n) |
      (BigInt(b.readUInt16BE(6) & 0xfff) << 48n);
    const since = ticks - GREGORIAN_OFFSET;
    out.time = Number(
      (since / 10_000_000n) * 1_000_000_000n + (since % 10_000_000n) * 100n,
    );
    out.clocksequence = b.readUInt16BE(8) & 0x3fff;
    const node = [...b.subarray(10, 16)];
    out.nodeid = node.map((x) => x.toString(16).padStart(2, '0')).join('-');
    const first = node[0] as number;
    out.macvariables = `${first & 2 ? 'local' : 'global'}:${first & 1 ? 'multicast' : 'unicast'}`;
  }
  if (version === 2) {
    out.id = b.readUInt32BE(0);
    const domain = b[9] as number;
    out.domain = ['Person', 'Group', 'Org'][domain] ?? `Domain${domain}`;
  }

  return out;
}
