import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  BUILD_TIMEOUT_MS,
  loadRuntime,
  type RuntimeHarness,
} from './runtime-harness';

let rt: RuntimeHarness;

beforeAll(async () => {
  rt = await loadRuntime();
}, BUILD_TIMEOUT_MS);

/** Resets the heap after each property run so memory stays bounded. */
function withHeap<T>(fn: () => T): T {
  const mark = rt.call('opa_heap_ptr_get');
  try {
    return fn();
  } finally {
    rt.call('opa_heap_ptr_set', mark);
  }
}

describe('properties', () => {
  it('round-trips any JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) =>
        withHeap(() => {
          const text = JSON.stringify(value);
          const addr = rt.parseText(text);
          expect(addr).not.toBe(0);
          expect(rt.dump(addr)).toEqual(JSON.parse(text));
        }),
      ),
      { numRuns: 500 },
    );
  });

  it('parses every float64 exactly and prints it back', () => {
    // Most doubles print with 16-17 digits, which takes the slow, exact
    // path of the decimal conversion.
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (n) =>
        withHeap(() => {
          const text = JSON.stringify(n);
          const parsed = rt.parseText(text);
          expect(rt.dump(parsed)).toBe(JSON.parse(text) as number);
          const upper = rt.parseText(text.replace('e', 'E'));
          expect(rt.call('opa_value_equal', parsed, upper)).toBe(1);
        }),
      ),
      { numRuns: 5000 },
    );
  });

  it('round-trips any string, including lone surrogates', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) =>
        withHeap(() => {
          const text = JSON.stringify(s);
          expect(rt.dump(rt.parseText(text))).toBe(
            JSON.parse(text).toWellFormed(),
          );
        }),
      ),
      { numRuns: 500 },
    );
  });

  it('orders numbers as JavaScript does and compares consistently', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.integer(),
          fc.double({ noNaN: true, noDefaultInfinity: true }),
        ),
        fc.oneof(
          fc.integer(),
          fc.double({ noNaN: true, noDefaultInfinity: true }),
        ),
        (a, b) =>
          withHeap(() => {
            const c = rt.call('opa_value_compare', rt.json(a), rt.json(b));
            const ja = JSON.parse(JSON.stringify(a)) as number;
            const jb = JSON.parse(JSON.stringify(b)) as number;
            expect(Math.sign(c)).toBe(Math.sign(ja - jb) || 0);
          }),
      ),
      { numRuns: 500 },
    );
  });

  it('is antisymmetric and agrees with equality on arbitrary values', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.jsonValue(), (a, b) =>
        withHeap(() => {
          const x = rt.json(a);
          const y = rt.json(b);
          const ab = Math.sign(rt.call('opa_value_compare', x, y));
          const ba = Math.sign(rt.call('opa_value_compare', y, x));
          expect(ab + ba).toBe(0);
          expect(rt.call('opa_value_equal', x, x)).toBe(1);
          if (ab === 0) {
            expect(rt.call('opa_value_hash', x)).toBe(
              rt.call('opa_value_hash', y),
            );
          }
        }),
      ),
      { numRuns: 300 },
    );
  });

  it('agrees with JavaScript on string built-ins', () => {
    const text = fc
      .array(fc.constantFrom('a', 'b', ',', 'é', '😀'), { maxLength: 10 })
      .map((chars) => chars.join(''));
    const str = (v: string) => rt.str(v);
    const dump = (addr: number) => (addr === 0 ? undefined : rt.dump(addr));
    fc.assert(
      fc.property(
        text,
        text.filter((d) => d.length > 0),
        text,
        (s, d, r) =>
          withHeap(() => {
            expect(dump(rt.call('opa_strings_split', str(s), str(d)))).toEqual(
              s.split(d),
            );
            expect(
              dump(rt.call('opa_strings_replace', str(s), str(d), str(r))),
            ).toBe(s.split(d).join(r));
            expect(dump(rt.call('opa_strings_contains', str(s), str(d)))).toBe(
              s.includes(d),
            );
            expect(
              dump(rt.call('opa_strings_startswith', str(s), str(d))),
            ).toBe(s.startsWith(d));
            expect(dump(rt.call('opa_strings_endswith', str(s), str(d)))).toBe(
              s.endsWith(d),
            );
            expect(dump(rt.call('opa_agg_count', str(s)))).toBe([...s].length);
            const idx = s.indexOf(d);
            expect(dump(rt.call('opa_strings_indexof', str(s), str(d)))).toBe(
              idx < 0 ? -1 : [...s.slice(0, idx)].length,
            );
            const parts = s.split(',');
            expect(
              dump(rt.call('opa_strings_concat', str('-'), rt.json(parts))),
            ).toBe(parts.join('-'));
            expect(dump(rt.call('opa_strings_upper', str(s)))).toBe(
              s.toUpperCase(),
            );
          }),
      ),
      { numRuns: 1000 },
    );
  });
});
