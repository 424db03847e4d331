import {
  hexDecode,
  hexEncode,
  jsonMarshalWithOptions,
  uuidParse,
} from './host-encoding';
import { graphReachable } from './host-graph';
import {
  cidrContains,
  cidrContainsMatches,
  cidrExpand,
  cidrMerge,
} from './host-net';
import {
  JWT_ALGS,
  jwtDecodeVerify,
  jwtEncodeSign,
  jwtEncodeSignRaw,
  jwtVerify,
} from './host-jwt';
import { regexBuiltins } from './host-regex';
import { timeBuiltins } from './host-time';

/**
 * Built-ins the host implements for a policy module, passed to the SDK's
 * `loadPolicy` as custom built-ins; the module calls them through
 * `env.opa_builtinN` with arguments and results as JSON. A type error
 * gives `undefined`, as OPA's non-strict built-in errors do.
 */
export type HostBuiltin = (...args: unknown[]) => unknown;

const isString = (v: unknown): v is string => typeof v === 'string';

function tryOr<T>(fn: () => T): T | undefined {
  try {
    return fn();
  } catch {
    return undefined;
  }
}

function base64Decode(s: unknown, url: boolean): string | undefined {
  if (!isString(s)) return undefined;
  const ok = url ? /^[A-Za-z0-9_-]*=*$/ : /^[A-Za-z0-9+/]*=*$/;
  if (!ok.test(s)) return undefined;

  return Buffer.from(s, url ? 'base64url' : 'base64').toString('utf8');
}

function escapeRegex(c: string): string {
  return c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** gobwas/glob syntax as OPA's glob.match uses it. */
function globToRegex(
  pattern: string,
  delimiters: string[],
): RegExp | undefined {
  const notDelim =
    delimiters.length > 0
      ? `[^${delimiters.map(escapeRegex).join('')}]`
      : '[\\s\\S]';
  let out = '';
  let depth = 0;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string;
    if (c === '\\') {
      out += escapeRegex(pattern[++i] ?? '');
    } else if (c === '*') {
      if (pattern[i + 1] === '*') {
        out += '[\\s\\S]*';
        i++;
      } else {
        out += `${notDelim}*`;
      }
    } else if (c === '?') {
      out += notDelim;
    } else if (c === '[') {
      const end = pattern.indexOf(']', i);
      if (end < 0) return undefined;
      let body = pattern.slice(i + 1, end);
      if (body.startsWith('!')) body = `^${body.slice(1)}`;
      out += `[${body}]`;
      i = end;
    } else if (c === '{') {
      depth++;
      out += '(?:';
    } else if (c === '}' && depth > 0) {
      depth--;
      out += ')';
    } else if (c === ',' && depth > 0) {
      out += '|';
    } else {
      out += escapeRegex(c);
    }
  }
  if (depth !== 0) return undefined;

  return tryOr(() => new RegExp(`^${out}$`, 'u'));
}

function jwtDecode(token: unknown): unknown {
  if (!isString(token)) return undefined;
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  const [h, p, s] = parts as [string, string, string];

  return tryOr(() => [
    JSON.parse(Buffer.from(h, 'base64url').toString('utf8')),
    JSON.parse(Buffer.from(p, 'base64url').toString('utf8')),
    Buffer.from(s, 'base64url').toString('hex'),
  ]);
}

/**
 * Host built-ins whose answer depends on more than their arguments: the
 * clock, or a signature's randomness. A policy that calls one may answer
 * the same input differently from one evaluation to the next.
 */
const NONDETERMINISTIC = new Set([
  'time.now_ns',
  'io.jwt.decode_verify',
  'io.jwt.encode_sign',
  'io.jwt.encode_sign_raw',
]);

/**
 * Whether every host built-in a module calls (its `builtins` export)
 * answers from its arguments alone, so that the module answers an input
 * the same way every time. A name this table does not implement counts
 * as not, whatever implements it.
 */
export function hostBuiltinsArePure(names: readonly string[]): boolean {
  const known = hostBuiltins();

  return names.every(
    (name) => Object.hasOwn(known, name) && !NONDETERMINISTIC.has(name),
  );
}

/** The host built-ins, fresh per policy instance (time is per evaluation). */
export function hostBuiltins(): Record<string, HostBuiltin> {
  return {
    'time.now_ns': () => Date.now() * 1e6,
    'json.unmarshal': (s) =>
      isString(s) ? tryOr(() => JSON.parse(s)) : undefined,
    'json.marshal': (v) => JSON.stringify(v),
    'json.is_valid': (s) =>
      isString(s) ? (tryOr(() => (JSON.parse(s), true)) ?? false) : undefined,
    'base64.decode': (s) => base64Decode(s, false),
    'base64.encode': (s) =>
      isString(s) ? Buffer.from(s).toString('base64') : undefined,
    'base64url.decode': (s) => base64Decode(s, true),
    'base64url.encode': (s) =>
      isString(s)
        ? Buffer.from(s)
            .toString('base64url')
            .padEnd(Math.ceil(s.length / 3) * 4, '=')
        : undefined,
    'regex.match': (p, v) =>
      isString(p) && isString(v)
        ? tryOr(() => new RegExp(p, 'u').test(v))
        : undefined,
    'glob.match': (p, d, v) => {
      if (!isString(p) || !isString(v)) return undefined;
      const delims =
        d === null
          ? ['.']
          : Array.isArray(d) && d.every(isString)
            ? d
            : undefined;
      if (!delims) return undefined;
      return globToRegex(p, delims.length === 0 ? ['.'] : delims)?.test(v);
    },
    'net.cidr_contains': cidrContains,
    'net.cidr_merge': cidrMerge,
    'net.cidr_expand': cidrExpand,
    'net.cidr_contains_matches': cidrContainsMatches,
    'graph.reachable': graphReachable,
    ...regexBuiltins,
    ...timeBuiltins,
    'uuid.parse': uuidParse,
    'hex.encode': hexEncode,
    'hex.decode': hexDecode,
    'json.marshal_with_options': jsonMarshalWithOptions,
    'glob.quote_meta': (s) =>
      isString(s) ? s.replace(/[*?\\[\]{}]/g, '\\$&') : undefined,
    'io.jwt.decode': jwtDecode,
    'io.jwt.decode_verify': jwtDecodeVerify(() => Date.now() * 1e6),
    'io.jwt.encode_sign': jwtEncodeSign,
    'io.jwt.encode_sign_raw': jwtEncodeSignRaw,
    ...Object.fromEntries(
      JWT_ALGS.map((alg) => [
        `io.jwt.verify_${alg.toLowerCase()}`,
        jwtVerify(alg),
      ]),
    ),
    'strings.replace_n': (patterns, s) => {
      if (!isString(s) || !patterns || typeof patterns !== 'object')
        return undefined;
      let out = s;
      for (const [k, v] of Object.entries(
        patterns as Record<string, unknown>,
      )) {
        if (!isString(v)) return undefined;
        out = out.split(k).join(v);
      }
      return out;
    },
  };
}
