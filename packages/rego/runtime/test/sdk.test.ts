import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import binaryen from 'binaryen';
import { loadPolicy } from '@open-policy-agent/opa-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureRuntime } from '../build-runtime';
import { linkPolicy, type PolicyBuilder } from './link-policy';
import { BUILD_TIMEOUT_MS } from './runtime-harness';

let runtime: Uint8Array<ArrayBuffer>;
let sdkSource: string;

beforeAll(async () => {
  runtime = new Uint8Array(await readFile(await ensureRuntime()));
  // The package exports only its entry; opa.js sits beside it in src/.
  const require = createRequire(import.meta.url);
  const entry = require.resolve('@open-policy-agent/opa-wasm');
  sdkSource = await readFile(join(dirname(entry), 'opa.js'), 'utf8');
}, BUILD_TIMEOUT_MS);

const ctx = (b: PolicyBuilder) => b.mod.local.get(0, binaryen.i32);

/** eval adds each value built by `results` to the result set. */
function evalBody(b: PolicyBuilder, results: number[]): number {
  return b.mod.block(
    null,
    [
      ...results.map((r) =>
        b.call('cellplane_result_add', [ctx(b), r], binaryen.none),
      ),
      b.mod.i32.const(0),
    ],
    binaryen.i32,
  );
}

/** A policy whose single result is the input. */
function echoPolicy(): Uint8Array {
  return linkPolicy(runtime, {
    eval: (b) => evalBody(b, [b.call('opa_eval_ctx_get_input', [ctx(b)])]),
    entrypoints: (b) => b.json('{"echo/input":0,"echo/data":1}'),
    builtins: (b) => b.call('opa_object', []),
  });
}

describe('the module and the SDK', () => {
  it('exports every function and global opa.js uses', () => {
    const used = new Set(
      [...sdkSource.matchAll(/exports\.(\w+)/g)].map((m) => m[1]),
    );
    expect(used.size).toBeGreaterThan(10);
    const exported = new Set(
      WebAssembly.Module.exports(new WebAssembly.Module(runtime)).map(
        (e) => e.name,
      ),
    );
    for (const name of used) expect(exported, name).toContain(name);
  });

  it('imports only what opa.js provides, plus the placeholders', () => {
    const provided = new Set(
      [...sdkSource.matchAll(/^ {6}(opa_\w+): function/gm)].map((m) => m[1]),
    );
    provided.add('memory');
    for (const imp of WebAssembly.Module.imports(
      new WebAssembly.Module(runtime),
    )) {
      if (imp.module === 'cellplane') {
        expect(['eval', 'entrypoints', 'builtins']).toContain(imp.name);
      } else {
        expect(imp.module).toBe('env');
        expect(provided, imp.name).toContain(imp.name);
      }
    }
  });

  it('declares ABI 1.2', async () => {
    const noop = () => 0;
    const { instance } = await WebAssembly.instantiate(runtime, {
      env: {
        memory: new WebAssembly.Memory({ initial: 2 }),
        opa_abort: noop,
        opa_builtin0: noop,
      },
      cellplane: { eval: noop, entrypoints: noop, builtins: noop },
    });
    const global = (name: string) =>
      (instance.exports[name] as WebAssembly.Global).value;
    expect(global('opa_wasm_abi_version')).toBe(1);
    expect(global('opa_wasm_abi_minor_version')).toBe(2);
  });

  it('evaluates a linked policy through loadPolicy (fast path)', async () => {
    const policy = await loadPolicy(echoPolicy());
    expect(policy.entrypoints).toEqual({ 'echo/input': 0, 'echo/data': 1 });
    const input = { method: 'GET', path: ['a', 'é'], n: 1.5, ok: true };
    expect(policy.evaluate(input)).toEqual([{ result: input }]);
    expect(policy.evaluate({ other: null }, 'echo/input')).toEqual([
      { result: { other: null } },
    ]);
  });

  it('gives no result when the generated code adds none', async () => {
    const wasm = linkPolicy(runtime, {
      eval: (b) => evalBody(b, []),
      entrypoints: (b) => b.json('{"none":0}'),
      builtins: (b) => b.call('opa_object', []),
    });
    const policy = await loadPolicy(wasm);
    expect(policy.evaluate({})).toEqual([]);
  });

  it('reads data set with setData and keeps it across evaluations', async () => {
    const wasm = linkPolicy(runtime, {
      eval: (b) =>
        evalBody(b, [
          b.call('opa_value_get', [
            b.call('opa_eval_ctx_get_data', [ctx(b)]),
            b.str('roles'),
          ]),
        ]),
      entrypoints: (b) => b.json('{"roles":0}'),
      builtins: (b) => b.call('opa_object', []),
    });
    const policy = await loadPolicy(wasm);
    policy.setData({ roles: { '/admin': ['admin'] } });
    for (let i = 0; i < 3; i++) {
      expect(policy.evaluate({ i })).toEqual([
        { result: { '/admin': ['admin'] } },
      ]);
    }
  });

  it('grows memory for large inputs and stays flat when repeated', async () => {
    const policy = await loadPolicy(echoPolicy());
    const big = { items: Array.from({ length: 20000 }, (_, i) => `item-${i}`) };
    expect(policy.evaluate(big)).toEqual([{ result: big }]);
    const pages = () => policy.mem.buffer.byteLength / 65536;
    const small = { method: 'GET', path: '/public/x', headers: { a: 'b' } };
    for (let i = 0; i < 200; i++) policy.evaluate(small);
    const warm = pages();
    for (let i = 0; i < 5000; i++) policy.evaluate(small);
    expect(pages()).toBe(warm);
  });

  it('serves time.now_ns through the builtin call path, once per evaluation', async () => {
    let calls = 0;
    const timed = linkPolicy(runtime, {
      eval: (b) => {
        const pair = b.call('opa_array', []);
        return b.mod.block(
          null,
          [
            b.mod.local.set(1, pair),
            b.call(
              'opa_array_append',
              [
                b.mod.local.get(1, binaryen.i32),
                b.call('cellplane_time_now_ns', [b.mod.i32.const(7)]),
              ],
              binaryen.none,
            ),
            b.call(
              'opa_array_append',
              [
                b.mod.local.get(1, binaryen.i32),
                b.call('cellplane_time_now_ns', [b.mod.i32.const(7)]),
              ],
              binaryen.none,
            ),
            b.call(
              'cellplane_result_add',
              [ctx(b), b.mod.local.get(1, binaryen.i32)],
              binaryen.none,
            ),
            b.mod.i32.const(0),
          ],
          binaryen.i32,
        );
      },
      entrypoints: (b) => b.json('{"now":0}'),
      builtins: (b) => b.json('{"time.now_ns":7}'),
      locals: [binaryen.i32],
    });
    const policy = await loadPolicy(timed, undefined, {
      'time.now_ns': () => {
        calls++;
        return 1_700_000_000_000_000 + calls;
      },
    });
    const [first] = policy.evaluate({}) as [{ result: number[] }];
    expect(first.result[0]).toBe(first.result[1]);
    expect(calls).toBe(1);
    policy.evaluate({});
    expect(calls).toBe(2);
  });

  it('turns opa_abort into a thrown error', async () => {
    const policy = await loadPolicy(echoPolicy());
    expect(() => policy.evaluate(new TextEncoder().encode('{').buffer)).toThrow(
      /invalid input json/,
    );
  });
});
