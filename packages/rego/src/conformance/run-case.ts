import { loadPolicy } from '@open-policy-agent/opa-wasm';
import type { Term } from '../ast';
import { compile } from '../compile';
import { hostBuiltins } from '../host-builtins';
import { parseModule } from '../parser';
import { projectInput } from '../project-input';
import { RegoError, type RegoErrorCode } from '../rego-error';
import type { ConformanceCase } from './load-cases';

export type CaseOutcome =
  | { status: 'passed' }
  | { status: 'failed'; reason: string }
  | { status: 'skipped'; reason: string };

const QUERY_PACKAGE = 'cellplane_conformance';

/** OPA's error code for each compile error of this compiler. */
const COMPILE_CODES: Record<RegoErrorCode, string[]> = {
  REGO_PARSE: ['rego_parse_error'],
  REGO_UNSAFE_VAR: ['rego_unsafe_var_error', 'rego_compile_error'],
  REGO_RECURSION: ['rego_recursion_error'],
  REGO_ARITY: ['rego_type_error'],
  REGO_UNDEFINED_FUNCTION: ['rego_type_error'],
  REGO_TYPE: ['rego_type_error', 'rego_compile_error'],
  REGO_UNSUPPORTED: [],
  REGO_RUNTIME: [],
};

/**
 * Runs one case: the query becomes a set rule of bindings in an extra
 * module, compiled with the case's modules, and evaluated through the
 * unmodified OPA SDK with the case's data and input.
 */
export async function runCase(
  c: ConformanceCase,
  wasmExceptions: ReadonlyMap<string, string> = new Map(),
): Promise<CaseOutcome> {
  const exception = wasmExceptions.get(c.note);
  if (exception !== undefined) {
    return {
      status: 'skipped',
      reason: `OPA's WebAssembly target skips it too: ${exception}`,
    };
  }
  if (c.env) return { status: 'skipped', reason: 'environment variables' };
  if (c.strict_error) {
    return {
      status: 'skipped',
      reason: 'strict built-in errors (WebAssembly gives undefined)',
    };
  }
  if (/(^|[^.\w])data\s*($|[^.\w[])/.test(c.query)) {
    return { status: 'skipped', reason: 'query of the whole data document' };
  }

  let input: unknown = c.input;
  if (c.input_term !== undefined) {
    const converted = termText(c.input_term);
    if (!converted.ok) return { status: 'skipped', reason: converted.reason };
    input = converted.value;
  }

  const vars = Object.keys(c.want_result?.[0] ?? {});
  const head =
    vars.length === 0
      ? 'true'
      : `{${vars.map((v) => `${JSON.stringify(v)}: ${v}`).join(', ')}}`;
  const sources: Record<string, string> = {};
  (c.modules ?? []).forEach((m, i) => (sources[`module${i}.rego`] = m));
  sources['query.rego'] =
    `package ${QUERY_PACKAGE}\n\nresults contains ${head} if {\n${c.query}\n}\n`;

  const expectsError =
    c.want_error_code !== undefined || c.want_error !== undefined;
  let wasm: Uint8Array;
  let inputPaths: string[][] | null;
  try {
    ({ wasm, inputPaths } = compile(sources, {
      entrypoints: [`${QUERY_PACKAGE}/results`],
    }));
  } catch (e) {
    if (e instanceof RegoError && e.code === 'REGO_UNSUPPORTED') {
      return { status: 'skipped', reason: e.detail };
    }
    if (expectsError && e instanceof RegoError) {
      const codes = COMPILE_CODES[e.code];
      if (
        c.want_error_code === undefined ||
        codes.includes(c.want_error_code)
      ) {
        return { status: 'passed' };
      }
      return {
        status: 'failed',
        reason: `expected ${c.want_error_code}, compile error ${e.message}`,
      };
    }
    return { status: 'failed', reason: `compile: ${String(e)}` };
  }

  let result: unknown;
  try {
    const policy = await loadPolicy(wasm, undefined, hostBuiltins());
    if (c.data !== undefined) policy.setData(c.data as object);
    result = policy.evaluate(input);

    // The module must answer the same on only the input it says it reads
    // (what the gateway hands it): a miss in the input-path walk shows.
    if (inputPaths !== null) {
      const projected = policy.evaluate(projectInput(input, inputPaths));
      if (JSON.stringify(projected) !== JSON.stringify(result)) {
        return {
          status: 'failed',
          reason:
            `on the input at ${JSON.stringify(inputPaths)} only: ` +
            `${JSON.stringify(projected)}, whole input: ${JSON.stringify(result)}`,
        };
      }
    }
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    if (expectsError) {
      if (c.want_error_code?.startsWith('rego_')) {
        return {
          status: 'failed',
          reason: `expected compile error ${c.want_error_code}, eval error ${message}`,
        };
      }
      if (c.want_error_code && !message.includes(c.want_error_code)) {
        return {
          status: 'failed',
          reason: `expected ${c.want_error_code}, got ${message}`,
        };
      }
      return { status: 'passed' };
    }
    return { status: 'failed', reason: `eval: ${message}` };
  }

  if (expectsError) {
    return {
      status: 'failed',
      reason: `expected error ${c.want_error_code ?? c.want_error}, got ${JSON.stringify(result)}`,
    };
  }

  const rows = extractRows(result);
  if (c.want_defined !== undefined) {
    return rows.length > 0 === c.want_defined
      ? { status: 'passed' }
      : { status: 'failed', reason: `defined: ${rows.length > 0}` };
  }
  const want = c.want_result ?? [];
  const got = (vars.length === 0 ? rows.map(() => ({})) : rows) as Record<
    string,
    unknown
  >[];
  if (c.sort_bindings) got.forEach(sortArrayBindings);
  if (sameBindings(want, got)) return { status: 'passed' };

  return {
    status: 'failed',
    reason: `want ${JSON.stringify(want)}, got ${JSON.stringify(got)}`,
  };
}

function extractRows(result: unknown): unknown[] {
  const first = Array.isArray(result)
    ? (result[0] as { result?: unknown })
    : undefined;
  const rows = first?.result;

  return Array.isArray(rows) ? rows : [];
}

/**
 * `sort_bindings`: OPA's harness sorts every array bound in a result row
 * by its JSON order (util.Compare) before comparing, since those arrays
 * are often sets converted to JSON, whose element order is not Rego's.
 */
function sortArrayBindings(row: Record<string, unknown>): void {
  for (const v of Object.values(row)) if (Array.isArray(v)) v.sort(jsonCompare);
}

const JSON_RANK = (v: unknown): number =>
  v === null
    ? 0
    : typeof v === 'boolean'
      ? 1
      : typeof v === 'number'
        ? 2
        : typeof v === 'string'
          ? 3
          : Array.isArray(v)
            ? 4
            : 5;

/** Go's util.Compare over JSON: null, booleans, numbers, strings, arrays, objects. */
export function jsonCompare(a: unknown, b: unknown): number {
  const ra = JSON_RANK(a);
  const rb = JSON_RANK(b);
  if (ra !== rb) return ra - rb;
  if (ra <= 3) {
    const [x, y] = [a, b] as [number | string, number | string];
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (ra === 4) {
    const [x, y] = [a as unknown[], b as unknown[]];
    for (let i = 0; i < Math.min(x.length, y.length); i++) {
      const c = jsonCompare(x[i], y[i]);
      if (c !== 0) return c;
    }
    return x.length - y.length;
  }
  const [x, y] = [a as Record<string, unknown>, b as Record<string, unknown>];
  const kx = Object.keys(x).sort();
  const ky = Object.keys(y).sort();
  for (let i = 0; i < Math.min(kx.length, ky.length); i++) {
    const [ka, kb] = [kx[i] as string, ky[i] as string];
    if (ka !== kb) return ka < kb ? -1 : 1;
    const c = jsonCompare(x[ka], y[kb]);
    if (c !== 0) return c;
  }
  return kx.length - ky.length;
}

function canonical(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) => {
    if (x && typeof x === 'object' && !Array.isArray(x)) {
      return Object.fromEntries(
        Object.entries(x as Record<string, unknown>).sort(([a], [b]) =>
          a < b ? -1 : a > b ? 1 : 0,
        ),
      );
    }
    return x;
  });
}

/** Result sets compare as sets of bindings (the rule dedups rows). */
function sameBindings(
  want: Record<string, unknown>[],
  got: Record<string, unknown>[],
): boolean {
  const a = [...new Set(want.map(canonical))].sort();
  const b = [...new Set(got.map(canonical))].sort();

  return a.length === b.length && a.every((x, i) => x === b[i]);
}

type Converted = { ok: true; value: unknown } | { ok: false; reason: string };

/** `input_term` is Rego term text; constant JSON-like terms convert. */
function termText(text: string): Converted {
  try {
    const m = parseModule(`package t\nv := ${text}`, 'input_term');
    return toJson(m.rules[0]?.value as Term);
  } catch {
    return { ok: false, reason: 'input_term that is not a constant' };
  }
}

function toJson(t: Term): Converted {
  switch (t.type) {
    case 'null':
      return { ok: true, value: null };
    case 'boolean':
      return { ok: true, value: t.value };
    case 'number':
      return { ok: true, value: Number(t.text) };
    case 'string':
      return { ok: true, value: t.value };
    case 'array': {
      const items: unknown[] = [];
      for (const i of t.items) {
        const c = toJson(i);
        if (!c.ok) return c;
        items.push(c.value);
      }
      return { ok: true, value: items };
    }
    case 'object': {
      const obj: Record<string, unknown> = {};
      for (const [k, v] of t.entries) {
        if (k.type !== 'string')
          return { ok: false, reason: 'input_term with non-string keys' };
        const c = toJson(v);
        if (!c.ok) return c;
        obj[k.value] = c.value;
      }
      return { ok: true, value: obj };
    }
    default:
      return { ok: false, reason: `input_term with a ${t.type}` };
  }
}
