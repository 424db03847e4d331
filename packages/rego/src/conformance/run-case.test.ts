import { beforeAll, describe, expect, it } from 'vitest';
import { prepareRuntime } from '../test-runtime';
import { jsonCompare, runCase } from './run-case';

beforeAll(async () => {
  await prepareRuntime();
}, 120_000);

describe('jsonCompare (Go util.Compare over JSON)', () => {
  it('orders null, booleans, numbers, strings, arrays, objects', () => {
    const values = [{}, [], 'a', 2, true, false, null, [1], { a: 1 }];

    expect([...values].sort(jsonCompare)).toEqual([
      null,
      false,
      true,
      2,
      'a',
      [],
      [1],
      {},
      { a: 1 },
    ]);
  });

  it('compares arrays element-wise, then by length', () => {
    expect(jsonCompare([{ b: ['a'] }], [{ b: ['a', 'c'] }])).toBeLessThan(0);
    expect(jsonCompare([2], [1, 5])).toBeGreaterThan(0);
  });
});

describe('runCase with sort_bindings', () => {
  const setCase = {
    note: 't/set of falsy values',
    dir: 't',
    query: 'data.t.p = x',
    modules: ['package t\n\np := {0, "", null, [], {}, set()}\n'],
    want_result: [{ x: [null, 0, '', [], [], {}] }],
  };

  it('sorts array bindings as OPA sorts them (a set dumps as an array)', async () => {
    expect(await runCase({ ...setCase, sort_bindings: true })).toEqual({
      status: 'passed',
    });
  });

  it('compares arrays in Rego order without it', async () => {
    expect((await runCase(setCase)).status).toBe('failed');
  });
});
