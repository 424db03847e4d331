import { runtimeBuiltins } from '../runtime/builtin-table';
import { JWT_ALGS } from './host-jwt';

/**
 * The built-in functions the compiler knows: their arity, and the runtime
 * export that implements them (`rt`, from the runtime's own table), or
 * `host` when the host supplies the implementation through
 * `env.opa_builtinN` (host-builtins.ts, or the SDK's own). Operators
 * appear under OPA's internal names (`plus`, `equal`, ...).
 */
export interface BuiltinSpec {
  arity: number;
  rt?: string;
  host?: true;
  /**
   * The host returns a JSON array for a Rego set: the module turns it
   * back into a set.
   */
  returnsSet?: true;
  /**
   * The host also gets, after the arguments, whether each one is a set:
   * arguments arrive as JSON, where a set is an array, and the built-in
   * treats them differently (`net.cidr_contains_matches` keys).
   */
  setFlags?: true;
}

/** Built-ins the host implements when the runtime lacks them. */
const HOST_ONLY: Record<string, number> = {
  'time.now_ns': 0,
  'regex.split': 2,
  'strings.replace_n': 2,
  'regex.find_n': 3,
  'regex.find_all_string_submatch_n': 3,
  'regex.replace': 3,
  'net.cidr_merge': 1,
  'net.cidr_expand': 1,
  'net.cidr_contains_matches': 2,
  'graph.reachable': 2,
  'uuid.parse': 1,
  'hex.encode': 1,
  'hex.decode': 1,
  'glob.quote_meta': 1,
  'json.marshal_with_options': 2,
  'io.jwt.decode_verify': 2,
  'io.jwt.encode_sign': 3,
  'io.jwt.encode_sign_raw': 3,
  'time.date': 1,
  'time.clock': 1,
  'time.weekday': 1,
  ...Object.fromEntries(
    JWT_ALGS.map((alg) => [`io.jwt.verify_${alg.toLowerCase()}`, 2]),
  ),
};

const RETURNS_SET = new Set([
  'net.cidr_merge',
  'net.cidr_expand',
  'net.cidr_contains_matches',
  'graph.reachable',
]);

const SET_FLAGS = new Set(['net.cidr_contains_matches']);

const HOST_FALLBACK = new Set([
  'sprintf',
  'json.unmarshal',
  'json.marshal',
  'json.is_valid',
  'base64.decode',
  'base64.encode',
  'base64url.decode',
  'base64url.encode',
  'glob.match',
  'regex.match',
  'net.cidr_contains',
  'io.jwt.decode',
]);

export const BUILTINS: Record<string, BuiltinSpec> = {
  ...Object.fromEntries(
    Object.entries(HOST_ONLY).map(([name, arity]) => [
      name,
      {
        arity,
        host: true,
        ...(RETURNS_SET.has(name) ? { returnsSet: true as const } : {}),
        ...(SET_FLAGS.has(name) ? { setFlags: true as const } : {}),
      } satisfies BuiltinSpec,
    ]),
  ),
  ...Object.fromEntries(
    Object.entries(runtimeBuiltins).map(([name, b]) => [
      name,
      {
        arity: b.arity,
        rt: b.export,
        ...(HOST_FALLBACK.has(name) ? { host: true as const } : {}),
      } satisfies BuiltinSpec,
    ]),
  ),
};
