import { compile } from '@cellplane/rego';
import { prepareRuntime } from '@cellplane/rego/test-runtime';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';

import { assembleBundle, PolicyEvaluator } from '../src/index';

/**
 * `evaluate` hands the module only the parts of the input the policy
 * reads. For policies that read scalars, deep keys, array elements, whole
 * objects, an imported part, non-boolean results and the whole input,
 * its answer must be the one the whole input's text gives, over inputs
 * whose values on the way are objects, arrays, strings, null or absent.
 */
const POLICIES: Record<string, string> = {
  scalars: `package x
import rego.v1
allow if {
  input.method == "GET"
  input.user.tenant == input.tenant
}`,
  deep: `package x
import rego.v1
allow if input.user.claims.scope.write == true
allow if "admin" in input.user.roles`,
  elements: `package x
import rego.v1
allow if input.segments[0] == "api"
allow if count(input.segments) > 3`,
  wholeObject: `package x
import rego.v1
allow if count(input.user) > 2
allow if object.get(input.user, "sub", "") == "u-1"`,
  imported: `package x
import rego.v1
import input.user.claims as c
allow if c.level >= 2`,
  result: `package x
import rego.v1
allow := {"roles": input.user.roles, "n": count(input.segments)}`,
  wholeInput: `package x
import rego.v1
allow if count(input) > 3`,
};

const evaluators = new Map<string, PolicyEvaluator>();

beforeAll(async () => {
  await prepareRuntime();
  for (const [name, text] of Object.entries(POLICIES)) {
    const { wasm } = compile({ 'p.rego': text }, { entrypoints: ['x/allow'] });
    const bundle = assembleBundle(wasm, {
      entrypoints: ['x/allow'],
      revision: name,
      data: {},
      sources: {},
    });
    evaluators.set(name, await PolicyEvaluator.load(bundle));
  }
}, 300_000);

const small = <T>(...values: T[]) => fc.constantFrom(...values);

/** A value on the way to a path: sometimes not an object at all. */
const odd = small<unknown>(null, 'text', 3, ['u-1'], true);

const inputArb = fc.record(
  {
    method: fc.oneof(small('GET', 'POST'), odd),
    tenant: small('t-1', 't-2'),
    segments: fc.oneof(
      fc.array(small('api', 'v1', 'x'), { maxLength: 5 }),
      odd,
    ),
    headers: fc.dictionary(small('accept', 'x-env'), small('a', 'b')),
    user: fc.oneof(
      fc.record(
        {
          sub: small('u-1', 'u-2'),
          tenant: fc.oneof(small('t-1', 't-2'), odd),
          roles: fc.oneof(fc.subarray(['admin', 'shopper']), odd),
          claims: fc.oneof(
            fc.record(
              {
                scope: fc.oneof(fc.record({ write: fc.boolean() }), odd),
                level: fc.oneof(fc.nat(3), odd),
                jti: fc.uuid(),
              },
              { requiredKeys: [] },
            ),
            odd,
          ),
        },
        { requiredKeys: [] },
      ),
      odd,
    ),
  },
  { requiredKeys: ['tenant'] },
);

describe('evaluation on the parts of the input the policy reads', () => {
  it.each(Object.keys(POLICIES))(
    '%s: the answer is the whole input’s answer',
    (name) => {
      const evaluator = evaluators.get(name)!;
      if (name === 'wholeInput') expect(evaluator.inputPaths).toBeNull();
      else expect(evaluator.inputPaths).not.toBeNull();

      const outcomes = new Set<string>();
      for (const input of fc.sample(inputArb, { numRuns: 800, seed: 7 })) {
        const projected = evaluator.evaluate(input, 'x/allow');
        const whole = evaluator.evaluateJson(JSON.stringify(input), 'x/allow');

        expect(
          { result: projected.result, error: projected.error },
          JSON.stringify(input),
        ).toEqual({ result: whole.result, error: whole.error });
        outcomes.add(JSON.stringify(projected.result ?? null));
      }

      // Not vacuous: the policy answered in more than one way.
      expect(outcomes.size).toBeGreaterThan(1);
    },
  );
});
