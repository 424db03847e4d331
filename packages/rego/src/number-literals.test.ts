import { loadPolicy } from '@open-policy-agent/opa-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { compile } from './compile';
import { RegoError } from './rego-error';
import { prepareRuntime } from './test-runtime';

beforeAll(async () => {
  await prepareRuntime();
}, 120_000);

function compileRule(value: string): Uint8Array {
  return compile(
    { 'p.rego': `package x\np := ${value}` },
    { entrypoints: ['x/p'] },
  ).wasm;
}

describe('number literals the int64/float64 runtime cannot hold', () => {
  it.each([
    ['28857836529306024611913', 'integer literal beyond int64'],
    ['-99999999999999999999', 'integer literal beyond int64'],
    ['2e308', 'number literal beyond float64'],
  ])('refuses %s by name instead of rounding it', (text, construct) => {
    let error: unknown;
    try {
      compileRule(text);
    } catch (e) {
      error = e;
    }

    expect(error).toBeInstanceOf(RegoError);
    expect((error as RegoError).code).toBe('REGO_UNSUPPORTED');
    expect((error as RegoError).message).toContain(`${construct}: ${text}`);
    expect((error as RegoError).message).toMatch(/^p\.rego:2:\d+: /);
  });

  it.each([
    '9223372036854775807',
    '-9223372036854775808',
    '10000000000000000000',
  ])('keeps %s, which it holds exactly', async (text) => {
    const policy = await loadPolicy(compileRule(`sprintf("%d", [${text}])`));

    expect(policy.evaluate({}, 'x/p')).toEqual([{ result: text }]);
  });
});
