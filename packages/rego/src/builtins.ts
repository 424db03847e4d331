import { runtimeBuiltins } from '../runtime/builtin-table';

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
}

/** Built-ins the host implements when the runtime lacks them. */
const HOST_ONLY: Record<string, number> = {
  'time.now_ns': 0,
  'regex.split': 2,
  'strings.replace_n': 2,
};

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
      { arity, host: true } satisfies BuiltinSpec,
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
