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

const roundTrip = (value: unknown): unknown => rt.dump(rt.json(value));

describe('opa_json_parse and opa_json_dump', () => {
  it.each([
    null,
    true,
    false,
    0,
    -1,
    42,
    'plain',
    '',
    [],
    {},
    [1, 'a', null, [true, { b: [] }]],
    { z: 1, a: { nested: ['x'] } },
  ])('round-trips %j', (value) => {
    expect(roundTrip(value)).toEqual(value);
  });

  it('round-trips strings that need escapes', () => {
    const tricky = 'quote " backslash \\ slash / \n\r\t\b\f \u0001 \u001f';
    expect(roundTrip(tricky)).toBe(tricky);
    expect(rt.dumpText(rt.str('a"b\\c\nd\u0000'))).toBe(
      '"a\\"b\\\\c\\nd\\u0000"',
    );
  });

  it('decodes unicode escapes, surrogate pairs and raw UTF-8', () => {
    expect(rt.dump(rt.parseText('"\\u00e9\\u4e2d\\ud83d\\ude00"'))).toBe(
      'é中😀',
    );
    expect(roundTrip('naïve — 日本語 😀')).toBe('naïve — 日本語 😀');
    expect(rt.dump(rt.parseText('"\\ud800x"'))).toBe('\ufffdx');
    expect(rt.dump(rt.parseText('"\\/"'))).toBe('/');
  });

  it('keeps integers exact up to int64 and prints floats shortest', () => {
    expect(rt.dumpText(rt.parseText('9007199254740993'))).toBe(
      '9007199254740993',
    );
    expect(rt.dumpText(rt.parseText('-9223372036854775808'))).toBe(
      '-9223372036854775808',
    );
    expect(rt.dumpText(rt.parseText('9223372036854775807'))).toBe(
      '9223372036854775807',
    );
    expect(rt.dumpText(rt.parseText('0.1'))).toBe('0.1');
    expect(rt.dumpText(rt.parseText('1.5'))).toBe('1.5');
    expect(rt.dumpText(rt.parseText('-2.25e-3'))).toBe('-0.00225');
    expect(rt.dumpText(rt.parseText('1e3'))).toBe('1000');
    expect(rt.dumpText(rt.parseText('3.0'))).toBe('3');
    expect(rt.dumpText(rt.parseText('-0'))).toBe('0');
  });

  it('turns integers beyond int64 and extreme exponents into floats', () => {
    expect(rt.dump(rt.parseText('9223372036854775808'))).toBe(
      9223372036854775808,
    );
    for (const n of [
      1e300, 5e-324, 1.7976931348623157e308, 1e21, 1e-7, 1.5e-300,
      2.2250738585072014e-308, 2.225073858507201e-308, 0.30000000000000004,
    ]) {
      expect(rt.dump(rt.parseText(String(n)))).toBe(n);
    }
    // Literals JavaScript itself rounds: compare with its own parse.
    for (const text of ['9007199254740993.5', '123456789012345678901234']) {
      expect(rt.dump(rt.parseText(text))).toBe(Number(text));
    }
    // Exactly halfway between two doubles: ties go to the even one.
    expect(rt.dumpText(rt.parseText('9007199254740993'))).toBe(
      '9007199254740993',
    );
    expect(rt.dump(rt.parseText('9007199254740993.0'))).toBe(9007199254740992);
    expect(rt.dump(rt.parseText('9007199254740995.0'))).toBe(9007199254740996);
    // A long tail of digits decides the rounding even past 800 digits.
    const halfUp = `9007199254740993.${'0'.repeat(900)}1`;
    expect(rt.dump(rt.parseText(halfUp))).toBe(9007199254740994);
    expect(rt.dump(rt.parseText('1.7976931348623158e308'))).toBe(
      Number.MAX_VALUE,
    );
    expect(rt.parseText('1.7976931348623159e308')).toBe(0);
    expect(rt.dump(rt.parseText('2e-324'))).toBe(0);
    expect(rt.dump(rt.parseText('3e-324'))).toBe(5e-324);
    expect(rt.parseText('1e400')).toBe(0);
  });

  it('sorts object keys and lets the last duplicate win', () => {
    expect(rt.dumpText(rt.parseText('{"b":1,"a":2,"c":3,"a":4}'))).toBe(
      '{"a":4,"b":1,"c":3}',
    );
    const many = Object.fromEntries(
      Array.from({ length: 100 }, (_, i) => [`k${99 - i}`, i]),
    );
    expect(roundTrip(many)).toEqual(many);
  });

  it.each([
    '',
    ' ',
    '{',
    '[1,]',
    '{"a":1,}',
    '{"a" 1}',
    '{1:2}',
    '01',
    '1.',
    '.5',
    '-',
    '1e',
    'nul',
    'tru',
    '"unterminated',
    '"bad \\x escape"',
    '"raw \u0001 control"',
    '[1] 2',
    'set()',
    '{1, 2}',
    '"\\u12"',
  ])('rejects %j', (text) => {
    expect(rt.parseText(text)).toBe(0);
  });

  it('accepts surrounding whitespace and deep nesting within the limit', () => {
    expect(rt.dump(rt.parseText(' \n\t[ 1 , 2 ]\r\n'))).toEqual([1, 2]);
    expect(rt.parseText('['.repeat(600) + ']'.repeat(600))).toBe(0);
    const deep = '['.repeat(200) + ']'.repeat(200);
    expect(rt.dumpText(rt.parseText(deep))).toBe(deep);
  });
});

describe('opa_value_parse and opa_value_dump', () => {
  it('parses and prints sets, with sets as arrays in JSON', () => {
    const set = rt.parseValue('{3, 1, 2, 1}');
    expect(rt.valueText(set)).toBe('{1, 2, 3}');
    expect(rt.dumpText(set)).toBe('[1,2,3]');
    expect(rt.valueText(rt.parseValue('set()'))).toBe('set()');
    expect(rt.dumpText(rt.parseValue('set()'))).toBe('[]');
    expect(rt.valueText(rt.parseValue('{}'))).toBe('{}');
  });

  it('prints Rego syntax with spaces and non-string keys', () => {
    const v = rt.parseValue('{"a": [1, {2, "x"}], 1: null, [1]: true}');
    expect(rt.valueText(v)).toBe('{1: null, "a": [1, {2, "x"}], [1]: true}');
    expect(rt.dumpText(v)).toBe('{"1":null,"a":[1,[2,"x"]],"[1]":true}');
  });
});
