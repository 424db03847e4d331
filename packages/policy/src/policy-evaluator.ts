import { randomUUID } from 'node:crypto';
import { loadPolicy, type LoadedPolicy } from '@open-policy-agent/opa-wasm';
import {
  hostBuiltins,
  hostBuiltinsArePure,
} from '@cellplane/rego/host-builtins';
import { INPUT_PATHS_SECTION } from '@cellplane/rego/input-paths';
import { projectInput } from '@cellplane/rego/project-input';
import type { Bundle } from './bundle';
import { customSections } from './wasm-custom-sections';
import { PolicyError } from './policy-error';

/** One evaluation's outcome; only a boolean `true` result allows (K20). */
export interface Decision {
  allow: boolean;
  decisionId: string;
  /** The entrypoint's value, or undefined when it was undefined. */
  result: unknown;
  revision: string;
  durationNs: number;
  /** Set when the evaluation failed; the decision is then a deny. */
  error?: string;
}

/**
 * The SDK's instance state that its ABI 1.2 fast path uses (opa.js,
 * `evaluate`): not in its typings, read once at load and checked.
 */
interface FastPath {
  /** The module's `WebAssembly.Memory`. */
  readonly mem: { readonly buffer: ArrayBuffer; grow(pages: number): number };
  readonly exports: {
    opa_eval(
      reserved: number,
      entrypoint: number,
      data: number,
      input: number,
      inputLength: number,
      heap: number,
      format: number,
    ): number;
  };
  /** Where `setData` left the heap: each evaluation starts there. */
  readonly dataAddr: number;
  readonly dataHeapPtr: number;
}

const WASM_PAGE_BYTES = 65_536;

/** Stands for a `builtins` export that could not be read: not pure. */
const UNREADABLE = '(unreadable builtins export)';

/** `[{"result":true}]`, what `opa_eval` writes for an allow. */
const ALLOW_RESULT = new TextEncoder().encode('[{"result":true}]');

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * Evaluates a bundle's `policy.wasm` in-process through the OPA SDK, with
 * the bundle's data loaded once. Not safe for concurrent use across
 * workers; one instance per event loop.
 *
 * On modules of ABI 1.2 or later the evaluation calls the module's
 * `opa_eval` itself, as the SDK's fast path does, but writes the input's
 * UTF-8 straight into the module's memory and reads an allow without
 * parsing it: the SDK's path encoded into a fresh buffer, copied it, and
 * built a `TextEncoder` and a `TextDecoder` per call (a third of an
 * evaluation's time in the gateway). Older modules go through the SDK.
 */
export class PolicyEvaluator {
  /**
   * Whether the module answers an input the same way every time: every
   * host built-in it calls answers from its arguments alone (no clock,
   * no randomness), and its data is fixed at load. Then a decision may be
   * remembered by its input for as long as this evaluator serves.
   */
  readonly deterministic: boolean;

  private constructor(
    private readonly policy: LoadedPolicy,
    readonly revision: string,
    private readonly entrypointIds: ReadonlyMap<string, number>,
    /** The host built-ins the module calls (its `builtins` export). */
    readonly hostBuiltins: readonly string[],
    /**
     * The input paths the module reads, as its compiler recorded them
     * (`collectInputPaths`); null when it may read the whole input, or
     * did not say (a module `opa build` made).
     */
    readonly inputPaths: readonly (readonly string[])[] | null,
  ) {
    this.deterministic = hostBuiltinsArePure(hostBuiltins);
  }

  get entrypoints(): string[] {
    return [...this.entrypointIds.keys()];
  }

  static async load(bundle: Bundle): Promise<PolicyEvaluator> {
    let policy: LoadedPolicy;
    try {
      policy = await loadPolicy(bundle.wasm, undefined, hostBuiltins());
      policy.setData(bundle.data);
    } catch (cause) {
      throw new PolicyError(
        'POLICY_LOAD_FAILED',
        `policy.wasm does not load: ${String(cause)}`,
        {
          cause,
        },
      );
    }
    const ids = (policy as unknown as { entrypoints: Record<string, number> })
      .entrypoints;

    return new PolicyEvaluator(
      policy,
      bundle.manifest.revision,
      new Map(Object.entries(ids)),
      hostBuiltinNames(policy),
      inputPathsOf(bundle.wasm),
    );
  }

  /**
   * Evaluates `input` at `entrypoint`; errors become a deny, never a
   * throw. The module is handed only the parts of `input` it reads
   * (`inputPaths`): parsing the input is most of an evaluation's cost,
   * and a gateway's input carries headers and claims few policies read.
   */
  evaluate(input: unknown, entrypoint: string): Decision {
    const start = process.hrtime.bigint();
    let text: string | undefined;
    try {
      text = JSON.stringify(
        this.inputPaths === null ? input : projectInput(input, this.inputPaths),
      );
    } catch (e) {
      return this.decision(start, undefined, messageOf(e));
    }

    // No input at all (the SDK's behaviour for `undefined`): `input` is
    // then undefined in the policy, not null.
    return this.run(start, text ?? '', entrypoint);
  }

  /**
   * Evaluates an input already serialized as JSON (the gateway serializes
   * it once, for the evaluation and the decision log). `json` must be
   * well-formed JSON; errors become a deny, never a throw.
   */
  evaluateJson(json: string, entrypoint: string): Decision {
    if (json === '') {
      return this.decision(process.hrtime.bigint(), undefined, 'empty input');
    }

    return this.run(process.hrtime.bigint(), json, entrypoint);
  }

  private run(start: bigint, json: string, entrypoint: string): Decision {
    const id = this.entrypointIds.get(entrypoint);
    if (id === undefined) {
      return this.decision(
        start,
        undefined,
        `unknown entrypoint ${entrypoint}`,
      );
    }

    try {
      const fast = fastPathOf(this.policy);
      const rs =
        fast === null
          ? (this.policy.evaluate(
              json === '' ? undefined : encoder.encode(json).buffer,
              id,
            ) as unknown)
          : evaluateFast(fast, json, id);
      if (rs === true) return this.decision(start, true);
      if (!Array.isArray(rs) || rs.length === 0) {
        return this.decision(start, undefined);
      }
      if (rs.length > 1)
        return this.decision(start, undefined, 'several results');

      return this.decision(start, (rs[0] as { result?: unknown }).result);
    } catch (e) {
      return this.decision(start, undefined, messageOf(e));
    }
  }

  private decision(start: bigint, result: unknown, error?: string): Decision {
    const durationNs = Number(process.hrtime.bigint() - start);
    const decision: Decision = {
      allow: error === undefined && result === true,
      decisionId: randomUUID(),
      result,
      revision: this.revision,
      durationNs,
    };
    if (error !== undefined) decision.error = error;

    return decision;
  }
}

/**
 * The SDK's fast-path state, or null when the module predates ABI 1.2 or
 * the SDK no longer keeps it where this reads it (then the SDK's own
 * `evaluate` is used). Read per call: `setData` moves the heap.
 */
function fastPathOf(policy: LoadedPolicy): FastPath | null {
  const state = policy as unknown as {
    minorVersion?: unknown;
    mem?: unknown;
    wasmInstance?: { exports?: Record<string, unknown> };
    dataAddr?: unknown;
    dataHeapPtr?: unknown;
  };
  const exports = state.wasmInstance?.exports;
  if (
    typeof state.minorVersion !== 'number' ||
    state.minorVersion < 2 ||
    !isMemory(state.mem) ||
    typeof exports?.opa_eval !== 'function' ||
    typeof state.dataAddr !== 'number' ||
    typeof state.dataHeapPtr !== 'number'
  ) {
    return null;
  }

  return {
    mem: state.mem,
    exports: exports as unknown as FastPath['exports'],
    dataAddr: state.dataAddr,
    dataHeapPtr: state.dataHeapPtr,
  };
}

/**
 * OPA's ABI 1.2 `opa_eval`: the input's bytes at the heap pointer, the
 * result set's JSON back, NUL-terminated. Returns `true` for the result
 * set of an allow (`[{"result":true}]`) without parsing it.
 */
function evaluateFast(
  fast: FastPath,
  json: string,
  entrypoint: number,
): unknown {
  const { mem, dataHeapPtr } = fast;

  // UTF-8 takes at most 3 bytes per UTF-16 unit.
  const needed = dataHeapPtr + json.length * 3 - mem.buffer.byteLength;
  if (needed > 0) mem.grow(Math.ceil(needed / WASM_PAGE_BYTES));

  const memory = new Uint8Array(mem.buffer);
  const { written } = encoder.encodeInto(json, memory.subarray(dataHeapPtr));
  const resultAddr = fast.exports.opa_eval(
    0,
    entrypoint,
    fast.dataAddr,
    written === 0 ? 0 : dataHeapPtr,
    written,
    dataHeapPtr + written,
    0,
  );

  // opa_eval may have grown the memory: view it again.
  const after = new Uint8Array(mem.buffer);
  const end = after.indexOf(0, resultAddr);
  if (end - resultAddr === ALLOW_RESULT.length) {
    let same = true;
    for (let i = 0; i < ALLOW_RESULT.length && same; i++) {
      same = after[resultAddr + i] === ALLOW_RESULT[i];
    }
    if (same) return true;
  }

  return JSON.parse(decoder.decode(after.subarray(resultAddr, end))) as unknown;
}

/**
 * The names in the module's `builtins` export (name to import id): the
 * built-ins it leaves to the host. Read through the ABI's own exports,
 * as the SDK does at load without keeping them. Unreadable: one unknown
 * name, so the module counts as not deterministic.
 */
function hostBuiltinNames(policy: LoadedPolicy): string[] {
  const state = policy as unknown as {
    mem?: unknown;
    wasmInstance?: { exports?: Record<string, unknown> };
  };
  const exports = state.wasmInstance?.exports as
    | {
        builtins?: () => number;
        opa_json_dump?: (value: number) => number;
      }
    | undefined;
  if (
    !isMemory(state.mem) ||
    typeof exports?.builtins !== 'function' ||
    typeof exports.opa_json_dump !== 'function'
  ) {
    return [UNREADABLE];
  }

  try {
    const at = exports.opa_json_dump(exports.builtins());
    const memory = new Uint8Array(state.mem.buffer);
    const text = decoder.decode(memory.subarray(at, memory.indexOf(0, at)));
    const names: unknown = JSON.parse(text);

    return names !== null && typeof names === 'object'
      ? Object.keys(names)
      : [UNREADABLE];
  } catch {
    return [UNREADABLE];
  }
}

/**
 * The module's `cellplane.input_paths` section: a JSON array of paths,
 * each an array of keys. Absent, repeated or malformed: null, which
 * claims nothing (the whole input is then taken to matter).
 */
export function inputPathsOf(wasm: Uint8Array): string[][] | null {
  const sections = customSections(wasm, INPUT_PATHS_SECTION);
  if (sections.length !== 1) return null;

  let paths: unknown;
  try {
    paths = JSON.parse(decoder.decode(sections[0]));
  } catch {
    return null;
  }
  const wellFormed =
    Array.isArray(paths) &&
    paths.every(
      (path) =>
        Array.isArray(path) &&
        path.length > 0 &&
        path.every((key) => typeof key === 'string'),
    );

  return wellFormed ? (paths as string[][]) : null;
}

function isMemory(value: unknown): value is FastPath['mem'] {
  const memory = value as Partial<FastPath['mem']> | undefined;

  return (
    memory?.buffer instanceof ArrayBuffer && typeof memory.grow === 'function'
  );
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
