import { beforeAll, describe, expect, it } from 'vitest';
import { ensureRuntime } from '../build-runtime';
import { BUILD_TIMEOUT_MS, loadRuntime } from './runtime-harness';

beforeAll(async () => {
  await ensureRuntime();
}, BUILD_TIMEOUT_MS);

describe('allocator', () => {
  it('starts above the static data and hands out aligned blocks', async () => {
    const rt = await loadRuntime();
    const start = rt.call('opa_heap_ptr_get');
    expect(start % 16).toBe(0);
    expect(start).toBeGreaterThanOrEqual(rt.call('cellplane_data_end'));
    const a = rt.call('opa_malloc', 3);
    const b = rt.call('opa_malloc', 9);
    const c = rt.call('opa_malloc', 0);
    expect(a).toBe(start);
    expect(b).toBe(a + 8);
    expect(c).toBe(b + 16);
    for (const p of [a, b, c]) expect(p % 8).toBe(0);
  });

  it('grows the imported memory on demand', async () => {
    const rt = await loadRuntime();
    const before = rt.memory.buffer.byteLength;
    const big = rt.call('opa_malloc', 1 << 20);
    expect(rt.memory.buffer.byteLength).toBeGreaterThan(before);
    expect(big + (1 << 20)).toBeLessThanOrEqual(rt.memory.buffer.byteLength);
    new Uint8Array(rt.memory.buffer).fill(1, big, big + (1 << 20));
  });

  it('reuses memory after the heap pointer is reset', async () => {
    const rt = await loadRuntime();
    const mark = rt.call('opa_heap_ptr_get');
    rt.json({ a: [1, 2, 3], b: 'x' });
    rt.call('opa_heap_ptr_set', mark);
    expect(rt.call('opa_malloc', 8)).toBe(mark);
    const again = rt.json({ c: true });
    expect(rt.dump(again)).toEqual({ c: true });
  });

  it('keeps values below a saved pointer intact across resets', async () => {
    const rt = await loadRuntime();
    const data = rt.json({ roles: { '/admin': ['admin'] } });
    const saved = rt.call('opa_heap_ptr_get');
    for (let i = 0; i < 100; i++) {
      rt.call('opa_heap_ptr_set', saved);
      rt.json({ noise: Array.from({ length: 50 }, (_, j) => `v${i}-${j}`) });
    }
    expect(rt.dump(data)).toEqual({ roles: { '/admin': ['admin'] } });
  });

  it('frees only the most recent block', async () => {
    const rt = await loadRuntime();
    const a = rt.call('opa_malloc', 32);
    const b = rt.call('opa_malloc', 32);
    rt.call('opa_free', a);
    expect(rt.call('opa_heap_ptr_get')).toBe(b + 32);
    rt.call('opa_free', b);
    expect(rt.call('opa_heap_ptr_get')).toBe(b);
    expect(rt.call('opa_malloc', 8)).toBe(b);
  });

  it('aborts through opa_abort when memory cannot grow', async () => {
    const rt = await loadRuntime({ maximumPages: 8 });
    expect(() => rt.call('opa_malloc', 1 << 20)).toThrow(/out of memory/);
    expect(() => rt.call('opa_malloc', 0xfffffff0)).toThrow(/out of memory/);
    expect(rt.aborts).toEqual(['out of memory', 'out of memory']);
  });
});

describe('evaluation context', () => {
  it('follows the SDK 1.1 sequence (ctx functions, eval, result)', async () => {
    let seen = 0;
    const rt = await loadRuntime({
      eval: (ctx) => {
        seen = rt.call('opa_eval_ctx_get_entrypoint', ctx);
        const row = rt.call('opa_array');
        rt.call(
          'opa_array_append',
          row,
          rt.call('opa_eval_ctx_get_input', ctx),
        );
        rt.call('opa_array_append', row, rt.call('opa_eval_ctx_get_data', ctx));
        rt.call('cellplane_result_add', ctx, row);
        return 0;
      },
    });
    const data = rt.json({ d: 1 });
    const base = rt.call('opa_heap_ptr_get');
    for (let i = 0; i < 3; i++) {
      rt.call('opa_heap_ptr_set', base);
      const input = rt.json({ i });
      const ctx = rt.call('opa_eval_ctx_new');
      rt.call('opa_eval_ctx_set_input', ctx, input);
      rt.call('opa_eval_ctx_set_data', ctx, data);
      rt.call('opa_eval_ctx_set_entrypoint', ctx, 4);
      rt.call('eval', ctx);
      const result = rt.call('opa_eval_ctx_get_result', ctx);
      expect(rt.dump(result)).toEqual([{ result: [{ i }, { d: 1 }] }]);
    }
    expect(seen).toBe(4);
  });

  it('returns an empty result set when eval adds nothing', async () => {
    const rt = await loadRuntime();
    const ctx = rt.call('opa_eval_ctx_new');
    rt.call('eval', ctx);
    rt.call('cellplane_result_add', ctx, 0);
    expect(rt.dumpText(rt.call('opa_eval_ctx_get_result', ctx))).toBe('[]');
  });

  it('implements the opa_eval fast path in both formats', async () => {
    const rt = await loadRuntime({
      eval: (ctx) => {
        const s = rt.call('opa_set');
        rt.call('opa_set_add', s, rt.call('opa_eval_ctx_get_input', ctx));
        rt.call('cellplane_result_add', ctx, s);
        return 0;
      },
    });
    const data = rt.json({});
    const heap = rt.call('opa_heap_ptr_get');
    const text = new TextEncoder().encode('{"x":[1,"é"]}');
    new Uint8Array(rt.memory.buffer).set(text, heap);
    const read = (addr: number) => {
      const bytes = new Uint8Array(rt.memory.buffer);
      let end = addr;
      while (bytes[end] !== 0) end++;
      return new TextDecoder().decode(bytes.subarray(addr, end));
    };
    const json = rt.call(
      'opa_eval',
      0,
      0,
      data,
      heap,
      text.length,
      heap + text.length,
      0,
    );
    expect(read(json)).toBe('[{"result":[{"x":[1,"é"]}]}]');
    const value = rt.call(
      'opa_eval',
      0,
      0,
      data,
      heap,
      text.length,
      heap + text.length,
      1,
    );
    expect(read(value)).toBe('{{"result": {{"x": [1, "é"]}}}}');
    const none = rt.call('opa_eval', 0, 0, data, 0, 0, heap, 0);
    expect(read(none)).toBe('[{"result":[]}]');
  });
});
