import { beforeAll, describe, expect, it } from 'vitest';
import {
  BUILD_TIMEOUT_MS,
  callText,
  loadRuntime,
  type RuntimeHarness,
} from './runtime-harness';

let rt: RuntimeHarness;

beforeAll(async () => {
  rt = await loadRuntime();
}, BUILD_TIMEOUT_MS);

const ev = (name: string, ...args: string[]) => callText(rt, name, ...args);

describe('arithmetic', () => {
  it('keeps integers exact and switches to floats as OPA does', () => {
    expect(ev('opa_arith_plus', '1', '2')).toBe('3');
    // Compared as numbers: the printer's digits may differ in the last
    // place from JavaScript's while denoting the same double.
    const sum = rt.call('opa_arith_plus', rt.json(0.1), rt.json(0.2));
    expect(rt.dump(sum)).toBe(0.1 + 0.2);
    expect(ev('opa_arith_minus', '5', '7')).toBe('-2');
    expect(ev('opa_arith_multiply', '6', '7')).toBe('42');
    expect(ev('opa_arith_multiply', '1.5', '2')).toBe('3');
    expect(ev('opa_arith_divide', '6', '2')).toBe('3');
    expect(ev('opa_arith_divide', '7', '2')).toBe('3.5');
    expect(ev('opa_arith_divide', '-1', '4')).toBe('-0.25');
    expect(ev('opa_arith_rem', '7', '3')).toBe('1');
    expect(ev('opa_arith_rem', '-7', '3')).toBe('-1');
    expect(ev('opa_arith_rem', '7.0', '2')).toBe('1');
  });

  it('overflows int64 into float64', () => {
    expect(ev('opa_arith_plus', '9223372036854775807', '1')).toBe(
      '9223372036854776000',
    );
    expect(ev('opa_arith_multiply', '4294967296', '4294967296')).toBe(
      '18446744073709552000',
    );
  });

  it('is undefined on division by zero and wrong types', () => {
    expect(ev('opa_arith_divide', '1', '0')).toBeUndefined();
    expect(ev('opa_arith_divide', '1.5', '0.0')).toBeUndefined();
    expect(ev('opa_arith_rem', '1', '0')).toBeUndefined();
    expect(ev('opa_arith_rem', '1.5', '1')).toBeUndefined();
    expect(ev('opa_arith_plus', '"1"', '1')).toBeUndefined();
    expect(ev('opa_arith_minus', '[1]', '1')).toBeUndefined();
    expect(ev('opa_arith_multiply', '1e300', '1e300')).toBeUndefined();
  });

  it('subtracts sets and rounds numbers', () => {
    expect(ev('opa_arith_minus', '{1, 2, 3}', '{2}')).toBe('{1, 3}');
    expect(ev('opa_arith_abs', '-3')).toBe('3');
    expect(ev('opa_arith_abs', '-2.5')).toBe('2.5');
    expect(ev('opa_arith_round', '2.5')).toBe('3');
    expect(ev('opa_arith_round', '-2.5')).toBe('-3');
    expect(ev('opa_arith_round', '2.4')).toBe('2');
    expect(ev('opa_arith_ceil', '1.2')).toBe('2');
    expect(ev('opa_arith_floor', '-1.2')).toBe('-2');
  });
});

describe('comparison and ordering', () => {
  const ordered = [
    'null',
    'false',
    'true',
    '-1',
    '0',
    '0.5',
    '1',
    '"A"',
    '"a"',
    '"ab"',
    '"é"',
    '[]',
    '[1]',
    '[1, 2]',
    '[2]',
    '{}',
    '{"a": 1}',
    '{"a": 2}',
    '{"b": 0}',
    'set()',
    '{1}',
    '{1, 2}',
    '{2}',
  ];

  it('orders values across and within types like OPA', () => {
    for (let i = 0; i < ordered.length; i++) {
      for (let j = 0; j < ordered.length; j++) {
        const a = rt.parseValue(ordered[i] as string);
        const b = rt.parseValue(ordered[j] as string);
        const c = rt.call('opa_value_compare', a, b);
        expect(Math.sign(c), `${ordered[i]} vs ${ordered[j]}`).toBe(
          Math.sign(i - j),
        );
      }
    }
  });

  it('treats 1 and 1.0 as equal and hashes them alike', () => {
    const one = rt.parseValue('1');
    const oneF = rt.parseValue('1.0');
    expect(rt.call('opa_value_equal', one, oneF)).toBe(1);
    expect(rt.call('opa_value_hash', one)).toBe(
      rt.call('opa_value_hash', oneF),
    );
    expect(ev('opa_cmp_eq', '{"a": [1, 2]}', '{"a": [1.0, 2]}')).toBe('true');
    expect(ev('opa_cmp_neq', '1', '"1"')).toBe('true');
    expect(ev('opa_cmp_lt', '1', '"1"')).toBe('true');
    expect(ev('opa_cmp_lte', '2', '2')).toBe('true');
    expect(ev('opa_cmp_gt', '[1]', '{"a": 1}')).toBe('false');
    expect(ev('opa_cmp_gte', '{1}', '{"a": 1}')).toBe('true');
  });

  it('hashes equal structures alike', () => {
    const a = rt.parseValue('{"x": [1, {2, 3}], "y": null}');
    const b = rt.parseValue('{"y": null, "x": [1.0, {3, 2}]}');
    expect(rt.call('opa_value_hash', a)).toBe(rt.call('opa_value_hash', b));
  });
});

describe('collections', () => {
  it('inserts into objects and sets in sorted order', () => {
    const obj = rt.call('opa_object');
    for (const k of ['b', 'a', 'c', 'a']) {
      rt.call('opa_object_insert', obj, rt.str(k), rt.json(k.length));
    }
    expect(rt.valueText(obj)).toBe('{"a": 1, "b": 1, "c": 1}');
    const set = rt.call('opa_set');
    for (const v of ['3', '1', '"x"', '1.0', '2']) {
      rt.call('opa_set_add', set, rt.parseValue(v));
    }
    expect(rt.valueText(set)).toBe('{1, 2, 3, "x"}');
    expect(rt.call('opa_value_length', set)).toBe(4);
  });

  it('looks up, removes and iterates', () => {
    const obj = rt.parseValue('{"a": 1, "b": [10, 20], "c": {3}}');
    const key = new TextEncoder().encode('b');
    const at = rt.call('opa_malloc', 1);
    new Uint8Array(rt.memory.buffer).set(key, at);
    expect(rt.valueText(rt.call('opa_object_get_str', obj, at, 1))).toBe(
      '[10, 20]',
    );
    const arr = rt.call('opa_object_get', obj, rt.str('b'));
    expect(rt.valueText(rt.call('opa_value_get', arr, rt.json(1)))).toBe('20');
    expect(rt.call('opa_value_get', arr, rt.json(2))).toBe(0);
    expect(rt.call('opa_value_get', arr, rt.parseValue('1.5'))).toBe(0);
    const set = rt.call('opa_object_get', obj, rt.str('c'));
    expect(rt.valueText(rt.call('opa_value_get', set, rt.json(3)))).toBe('3');

    const keys: string[] = [];
    for (let k = rt.call('opa_value_iter', obj, 0); k !== 0;) {
      keys.push(rt.valueText(k));
      k = rt.call('opa_value_iter', obj, k);
    }
    expect(keys).toEqual(['"a"', '"b"', '"c"']);
    const idx: string[] = [];
    for (let i = 0; i < rt.call('opa_value_length', arr); i++) {
      idx.push(
        `${rt.valueText(rt.call('opa_value_key_at', arr, i))}=` +
          rt.valueText(rt.call('opa_value_at', arr, i)),
      );
    }
    expect(idx).toEqual(['0=10', '1=20']);
    expect(rt.call('opa_value_iter', arr, rt.str('x'))).toBe(0);
    expect(rt.call('opa_value_iter', rt.json(5), 0)).toBe(0);
    expect(rt.call('opa_value_length', rt.json(true))).toBe(0);
    expect(rt.call('opa_value_length', rt.str('héllo'))).toBe(6);
    expect(rt.call('opa_object_remove', obj, rt.str('a'))).toBe(1);
    expect(rt.call('opa_object_remove', obj, rt.str('a'))).toBe(0);
    expect(rt.valueText(obj)).toBe('{"b": [10, 20], "c": {3}}');
  });

  it('grows arrays past their initial capacity', () => {
    const arr = rt.call('opa_array');
    for (let i = 0; i < 1000; i++) rt.call('opa_array_append', arr, rt.json(i));
    expect(rt.dump(arr)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
  });

  it('does set algebra and array built-ins', () => {
    expect(ev('opa_sets_union', '{1, 3}', '{2, 3}')).toBe('{1, 2, 3}');
    expect(ev('opa_set_union', '{1}', 'set()')).toBe('{1}');
    expect(ev('opa_sets_intersection', '{1, 2, 3}', '{2, 3, 4}')).toBe(
      '{2, 3}',
    );
    expect(ev('opa_sets_difference', '{1, 2}', '{2, 5}')).toBe('{1}');
    expect(ev('opa_sets_union', '[1]', '{1}')).toBeUndefined();
    expect(ev('opa_sets_union_n', '{{1}, {2, 3}}')).toBe('{1, 2, 3}');
    expect(ev('opa_sets_intersection_n', '{{1, 2}, {2, 3}}')).toBe('{2}');
    expect(ev('opa_sets_intersection_n', 'set()')).toBe('set()');
    expect(ev('opa_array_concat', '[1]', '[2, 3]')).toBe('[1, 2, 3]');
    expect(ev('opa_array_slice', '[1, 2, 3, 4]', '1', '3')).toBe('[2, 3]');
    expect(ev('opa_array_slice', '[1, 2, 3]', '-5', '10')).toBe('[1, 2, 3]');
    expect(ev('opa_array_slice', '[1, 2, 3]', '2', '1')).toBe('[]');
    expect(ev('opa_array_to_set', '[2, 1, 2]')).toBe('{1, 2}');
  });
});

describe('aggregates', () => {
  it('counts, sums and picks extremes', () => {
    expect(ev('opa_agg_count', '"héllo"')).toBe('5');
    expect(ev('opa_agg_count', '[1, 2]')).toBe('2');
    expect(ev('opa_agg_count', '{"a": 1}')).toBe('1');
    expect(ev('opa_agg_count', '{1, 2, 3}')).toBe('3');
    expect(ev('opa_agg_count', '1')).toBeUndefined();
    // Go counts each byte of an invalid UTF-8 sequence as one rune
    // (OPA case "aggregates/count with invalid utf-8 chars").
    const bytes = rt.call(
      'opa_base64_decode',
      rt.str('2E84ZuPUd7zfvCZSNEchVpDEIj6PL7JfLpIqyxVG16k='),
    );
    expect(rt.dump(rt.call('opa_agg_count', bytes))).toBe(30);
    expect(ev('opa_agg_sum', '[1, 2, 3.5]')).toBe('6.5');
    expect(ev('opa_agg_sum', '[]')).toBe('0');
    expect(ev('opa_agg_sum', '[1, "a"]')).toBeUndefined();
    expect(ev('opa_agg_product', '{2, 3}')).toBe('6');
    expect(ev('opa_agg_max', '[3, 1, 2]')).toBe('3');
    expect(ev('opa_agg_max', '[1, "a"]')).toBe('"a"');
    expect(ev('opa_agg_min', '{3, 1, 2}')).toBe('1');
    expect(ev('opa_agg_max', '[]')).toBeUndefined();
    expect(ev('opa_agg_min', '"x"')).toBeUndefined();
    expect(ev('opa_agg_sort', '[3, "a", 1, null]')).toBe('[null, 1, 3, "a"]');
    expect(ev('opa_agg_sort', '{2, 1}')).toBe('[1, 2]');
    expect(ev('opa_agg_all', '[true, true]')).toBe('true');
    expect(ev('opa_agg_all', '[true, 1]')).toBe('false');
    expect(ev('opa_agg_any', '{false, true}')).toBe('true');
    expect(ev('opa_agg_any', '[]')).toBe('false');
  });
});

describe('strings', () => {
  it('tests prefixes, suffixes and containment', () => {
    expect(ev('opa_strings_startswith', '"/public/x"', '"/public/"')).toBe(
      'true',
    );
    expect(ev('opa_strings_startswith', '"/pub"', '"/public/"')).toBe('false');
    expect(ev('opa_strings_endswith', '"a.json"', '".json"')).toBe('true');
    expect(ev('opa_strings_endswith', '"a.json"', '".yaml"')).toBe('false');
    expect(ev('opa_strings_contains', '"hello world"', '"o w"')).toBe('true');
    expect(ev('opa_strings_contains', '"hello"', '""')).toBe('true');
    expect(ev('opa_strings_contains', '"hello"', '"z"')).toBe('false');
    expect(ev('opa_strings_startswith', '1', '"1"')).toBeUndefined();
  });

  it('changes case, concatenates and splits', () => {
    expect(ev('opa_strings_lower', '"HeLLo-É"')).toBe('"hello-é"');
    expect(ev('opa_strings_upper', '"abc"')).toBe('"ABC"');
    const words = 'Ünïcödé ŁÓDŹ Ĳssel ΑΘΗΝΑ Москва Ёж ÿ ß µ 日本';
    expect(rt.dump(rt.call('opa_strings_lower', rt.str(words)))).toBe(
      'ünïcödé łódź ĳssel αθηνα москва ёж ÿ ß µ 日本',
    );
    expect(rt.dump(rt.call('opa_strings_upper', rt.str(words)))).toBe(
      'ÜNÏCÖDÉ ŁÓDŹ ĲSSEL ΑΘΗΝΑ МОСКВА ЁЖ Ÿ ß µ 日本',
    );
    expect(ev('opa_strings_lower', '1')).toBeUndefined();
    expect(ev('opa_strings_concat', '"/"', '["a", "b", "c"]')).toBe('"a/b/c"');
    expect(ev('opa_strings_concat', '", "', '{"b", "a"}')).toBe('"a, b"');
    expect(ev('opa_strings_concat', '"-"', '[]')).toBe('""');
    expect(ev('opa_strings_concat', '"-"', '["a", 1]')).toBeUndefined();
    expect(ev('opa_strings_split', '"a/b//c"', '"/"')).toBe(
      '["a", "b", "", "c"]',
    );
    expect(ev('opa_strings_split', '""', '","')).toBe('[""]');
    expect(ev('opa_strings_split', '"aé"', '""')).toBe('["a", "é"]');
  });

  it('trims like Go', () => {
    expect(ev('opa_strings_trim', '"  xx  "', '" "')).toBe('"xx"');
    expect(ev('opa_strings_trim', '"abcxcba"', '"ab"')).toBe('"cxc"');
    expect(ev('opa_strings_trim', '"ééxé"', '"é"')).toBe('"x"');
    expect(ev('opa_strings_trim_left', '"xxa"', '"x"')).toBe('"a"');
    expect(ev('opa_strings_trim_right', '"axx"', '"x"')).toBe('"a"');
    expect(ev('opa_strings_trim_space', '" \\t\\n a b \\r\\n"')).toBe('"a b"');
    expect(ev('opa_strings_trim_prefix', '"Bearer abc"', '"Bearer "')).toBe(
      '"abc"',
    );
    expect(ev('opa_strings_trim_prefix', '"abc"', '"x"')).toBe('"abc"');
    expect(ev('opa_strings_trim_suffix', '"a.rego"', '".rego"')).toBe('"a"');
  });

  it('replaces, finds and slices by code point', () => {
    expect(ev('opa_strings_replace', '"a-b-c"', '"-"', '"+"')).toBe('"a+b+c"');
    expect(ev('opa_strings_replace', '"ab"', '""', '"."')).toBe('".a.b."');
    expect(ev('opa_strings_indexof', '"héllo"', '"l"')).toBe('2');
    expect(ev('opa_strings_indexof', '"abc"', '"z"')).toBe('-1');
    expect(ev('opa_strings_substring', '"héllo"', '1', '3')).toBe('"éll"');
    expect(ev('opa_strings_substring', '"hello"', '2', '-1')).toBe('"llo"');
    expect(ev('opa_strings_substring', '"hello"', '9', '2')).toBe('""');
    expect(ev('opa_strings_substring', '"hello"', '-1', '2')).toBeUndefined();
  });
});

describe('sprintf', () => {
  it.each([
    ['"%s=%d"', '["a", 5]', '"a=5"'],
    [
      '"%v %v %v"',
      '[[1, "a"], {"k": true}, {1, 2}]',
      '"[1, \\"a\\"] {\\"k\\": true} {1, 2}"',
    ],
    ['"%.2f|%f"', '[3.14159, 2]', '"3.14|2.000000"'],
    ['"%5d|%-5s|%05d"', '[42, "ab", -42]', '"   42|ab   |-0042"'],
    ['"%x %X %x"', '[255, 255, "hi"]', '"ff FF 6869"'],
    ['"%t %q %%"', '[true, "q\\"x"]', '"true \\"q\\\\\\"x\\" %"'],
    ['"%d %s"', '[1]', '"1 %!s(MISSING)"'],
    ['"%d"', '[1.5]', '"1.5"'],
    ['"%v"', '[null]', '"null"'],
    ['"%g"', '[0.25]', '"0.25"'],
  ])('formats %s with %s', (format, args, expected) => {
    expect(ev('opa_sprintf', format, args)).toBe(expected);
  });

  it('needs a string and an array', () => {
    expect(ev('opa_sprintf', '1', '[]')).toBeUndefined();
    expect(ev('opa_sprintf', '"%s"', '"a"')).toBeUndefined();
  });
});

describe('types and conversion', () => {
  it('reports types', () => {
    const cases: [string, string][] = [
      ['null', 'null'],
      ['true', 'boolean'],
      ['1', 'number'],
      ['"s"', 'string'],
      ['[]', 'array'],
      ['{}', 'object'],
      ['set()', 'set'],
    ];
    for (const [value, name] of cases) {
      expect(ev('opa_types_name', value)).toBe(`"${name}"`);
      expect(ev(`opa_types_is_${name}`, value)).toBe('true');
      expect(ev(`opa_types_is_${name}`, name === 'null' ? '1' : 'null')).toBe(
        'false',
      );
    }
  });

  it('converts to numbers', () => {
    expect(ev('opa_to_number', '"42"')).toBe('42');
    expect(ev('opa_to_number', '"-1.5e2"')).toBe('-150');
    expect(ev('opa_to_number', '"+7"')).toBe('7');
    expect(ev('opa_to_number', '"007"')).toBe('7');
    expect(ev('opa_to_number', 'true')).toBe('1');
    expect(ev('opa_to_number', 'null')).toBe('0');
    expect(ev('opa_to_number', '3.5')).toBe('3.5');
    expect(ev('opa_to_number', '"abc"')).toBeUndefined();
    expect(ev('opa_to_number', '"1 "')).toBeUndefined();
    expect(ev('opa_to_number', '""')).toBeUndefined();
    expect(ev('opa_to_number', '[1]')).toBeUndefined();
  });

  it('builds numbers from policy text and reads booleans', () => {
    const num = (text: string): string | undefined => {
      const bytes = new TextEncoder().encode(text);
      const at = rt.call('opa_malloc', bytes.length);
      new Uint8Array(rt.memory.buffer).set(bytes, at);
      const v = rt.call('opa_number_ref', at, bytes.length);
      return v === 0 ? undefined : rt.valueText(v);
    };
    expect(num('1e3')).toBe('1000');
    expect(num('0.5')).toBe('0.5');
    expect(Number(num('123456789012345678901234'))).toBe(
      Number('123456789012345678901234'),
    );
    expect(num('12x')).toBeUndefined();
    expect(rt.call('opa_value_boolean', rt.parseValue('true'))).toBe(1);
    expect(rt.call('opa_value_boolean', rt.parseValue('false'))).toBe(0);
  });
});

describe('objects', () => {
  it('gets with defaults and paths', () => {
    const obj = '{"a": {"b": [10, {"c": 1}]}, "k": null}';
    expect(ev('opa_object_get_default', obj, '"k"', '"d"')).toBe('null');
    expect(ev('opa_object_get_default', obj, '"x"', '"d"')).toBe('"d"');
    expect(ev('opa_object_get_default', obj, '["a", "b", 1, "c"]', '0')).toBe(
      '1',
    );
    expect(ev('opa_object_get_default', obj, '["a", "z"]', '0')).toBe('0');
    expect(ev('opa_object_get_default', obj, '[]', '0')).toBe(
      '{"a": {"b": [10, {"c": 1}]}, "k": null}',
    );
    expect(ev('opa_object_get_default', '[1]', '0', '0')).toBeUndefined();
    expect(ev('opa_object_keys', '{"b": 1, "a": 2}')).toBe('{"a", "b"}');
  });
});

describe('encoding', () => {
  it('decodes and encodes base64 and base64url', () => {
    expect(ev('opa_base64_decode', '"aGVsbG8="')).toBe('"hello"');
    expect(ev('opa_base64_decode', '"aGVsbG8"')).toBeUndefined();
    expect(ev('opa_base64_decode', '"a$=="')).toBeUndefined();
    expect(ev('opa_base64_encode', '"hello"')).toBe('"aGVsbG8="');
    expect(ev('opa_base64_encode', '""')).toBe('""');
    const raw = rt.call('opa_base64url_decode', rt.str('-_8'));
    expect(rt.call('opa_value_length', raw)).toBe(2);
    const view = new DataView(rt.memory.buffer);
    const at = view.getUint32(raw + 8, true);
    expect([view.getUint8(at), view.getUint8(at + 1)]).toEqual([0xfb, 0xff]);
    expect(ev('opa_base64url_encode', '"??>"')).toBe('"Pz8-"');
    expect(ev('opa_base64_url_decode', '"aGk"')).toBe('"hi"');
  });

  it('unmarshals and marshals JSON', () => {
    expect(ev('opa_json_unmarshal', '"{\\"a\\": [1, true]}"')).toBe(
      '{"a": [1, true]}',
    );
    expect(ev('opa_json_unmarshal', '"{bad"')).toBeUndefined();
    expect(ev('opa_json_marshal', '{"a": {1, 2}}')).toBe('"{\\"a\\":[1,2]}"');
    expect(ev('opa_json_is_valid', '"[1]"')).toBe('true');
    expect(ev('opa_json_is_valid', '"[1"')).toBe('false');
  });

  it('decodes JWTs without verifying them', () => {
    const b64 = (v: unknown) =>
      Buffer.from(JSON.stringify(v)).toString('base64url');
    const header = { alg: 'HS256', typ: 'JWT' };
    const payload = { sub: 'u1', tenant: 't-7', roles: ['admin'] };
    const sig = Buffer.from([0xde, 0xad, 0xbe, 0xef]).toString('base64url');
    const token = `${b64(header)}.${b64(payload)}.${sig}`;
    expect(rt.dump(rt.call('opa_jwt_decode', rt.str(token)))).toEqual([
      header,
      payload,
      'deadbeef',
    ]);
    expect(rt.call('opa_io_jwt_decode', rt.str(token))).not.toBe(0);

    // A nested token (header cty "JWT") decodes to its innermost token,
    // as in OPA's jwtbuiltins/nested case.
    const inner = `${b64(header)}.${b64(payload)}.${sig}`;
    const outer = `${b64({ ...header, cty: 'JWT' })}.${b64(inner)}.${sig}`;
    const twice = `${b64({ alg: 'none', cty: 'JWT' })}.${b64(outer)}.`;
    for (const nested of [outer, twice]) {
      expect(rt.dump(rt.call('opa_jwt_decode', rt.str(nested)))).toEqual([
        header,
        payload,
        'deadbeef',
      ]);
    }
    const notString = `${b64({ cty: 'JWT' })}.${b64(payload)}.${sig}`;
    expect(rt.call('opa_jwt_decode', rt.str(notString))).toBe(0);
    for (const bad of [
      'abc',
      `${b64(header)}.${b64(payload)}`,
      `${b64(header)}.${b64(payload)}.${sig}.x`,
      `${b64(header)}.${Buffer.from('nope').toString('base64url')}.${sig}`,
      `${b64([1])}.${b64(payload)}.${sig}`,
      `${b64(header)}.${b64(payload)}.***`,
    ]) {
      expect(rt.call('opa_jwt_decode', rt.str(bad)), bad).toBe(0);
    }
  });
});

describe('net.cidr_contains', () => {
  it.each([
    ['"10.0.0.0/8"', '"10.1.2.3"', 'true'],
    ['"10.0.0.0/8"', '"11.0.0.1"', 'false'],
    ['"10.0.0.0/8"', '"10.20.0.0/16"', 'true'],
    ['"10.20.0.0/16"', '"10.0.0.0/8"', 'false'],
    ['"192.168.1.0/24"', '"192.168.1.255"', 'true'],
    ['"0.0.0.0/0"', '"8.8.8.8"', 'true'],
    ['"10.0.0.1/32"', '"10.0.0.1"', 'true'],
    ['"2001:db8::/32"', '"2001:db8:1::1"', 'true'],
    ['"2001:db8::/32"', '"2001:db9::1"', 'false'],
    ['"fe80::/10"', '"fe80::1"', 'true'],
    ['"::/0"', '"::1"', 'true'],
    ['"10.0.0.0/8"', '"::ffff:10.1.1.1"', 'true'],
    ['"10.0.0.0/8"', '"2001:db8::1"', 'false'],
    ['"2001:db8::/32"', '"10.0.0.1"', 'false'],
    ['"::ffff:0:0/96"', '"::ffff:1.2.3.4/128"', 'true'],
  ])('%s contains %s: %s', (cidr, other, expected) => {
    expect(ev('opa_cidr_contains', cidr, other)).toBe(expected);
    expect(ev('opa_net_cidr_contains', cidr, other)).toBe(expected);
  });

  it.each([
    ['"10.0.0.0"', '"10.0.0.1"'],
    ['"10.0.0.0/33"', '"10.0.0.1"'],
    ['"10.0.0/8"', '"10.0.0.1"'],
    ['"10.0.0.0/8"', '"10.0.0.256"'],
    ['"10.0.0.0/8"', '"010.0.0.1"'],
    ['"1:2:3:4:5:6:7:8:9/64"', '"::1"'],
    ['"1::2::3/64"', '"::1"'],
    ['"10.0.0.0/8"', '1'],
  ])('rejects %s with %s', (cidr, other) => {
    expect(ev('opa_cidr_contains', cidr, other)).toBeUndefined();
  });
});

describe('time.now_ns through the host', () => {
  it('asks the host once per evaluation context', async () => {
    let calls = 0;
    const host = await loadRuntime({
      builtin0: (id) => {
        calls++;
        expect(id).toBe(3);
        return host.json(1_700_000_000_000_000 + calls);
      },
    });
    host.call('opa_eval_ctx_new');
    const a = host.call('cellplane_time_now_ns', 3);
    const b = host.call('cellplane_time_now_ns', 3);
    expect(host.valueText(a)).toBe(host.valueText(b));
    expect(calls).toBe(1);
    host.call('opa_eval_ctx_new');
    host.call('cellplane_time_now_ns', 3);
    expect(calls).toBe(2);
  });
});
