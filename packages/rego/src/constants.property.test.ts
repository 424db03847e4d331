import { loadPolicy } from '@open-policy-agent/opa-wasm';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { compile } from './compile';
import { prepareRuntime } from './test-runtime';

beforeAll(async () => {
  await prepareRuntime();
}, 120_000);

/** JSON values whose numbers survive int64/float64 unchanged. */
const json = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.constant(null),
    fc.boolean(),
    fc.integer({ min: -1e12, max: 1e12 }),
    fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e9, max: 1e9 }),
    fc.string({ unit: 'grapheme', maxLength: 12 }),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.string({ maxLength: 6 }), tie('value'), { maxKeys: 4 }),
  ),
})).value;

/** Rego source text for a JSON value (JSON is valid Rego, except -0). */
const rego = (v: unknown): string =>
  JSON.stringify(v, (_k, x: unknown) => (Object.is(x, -0) ? 0 : x));

describe('constants and literals', () => {
  it('a literal compiled into a rule comes back as the same value', async () => {
    await fc.assert(
      fc.asyncProperty(json, async (value) => {
        const src = `package t\n\np := ${rego(value)}\n\nsame if input.v == p\n`;
        const { wasm } = compile(
          { 't.rego': src },
          { entrypoints: ['t/p', 't/same'] },
        );
        const policy = await loadPolicy(wasm);
        const expected = JSON.parse(rego(value)) as unknown;

        expect(policy.evaluate({}, 't/p')).toEqual([{ result: expected }]);
        expect(policy.evaluate({ v: expected }, 't/same')).toEqual([
          { result: true },
        ]);
      }),
      { numRuns: 40 },
    );
  }, 120_000);
});
