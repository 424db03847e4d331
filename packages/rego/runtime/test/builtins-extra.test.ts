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

describe('units', () => {
  it.each([
    ['"500m"', '0.5'],
    ['"0.0005K"', '0.5'],
    ['"0.0000005M"', '0.5'],
    ['"1024"', '1024'],
    ['"1Ki"', '1024'],
    ['"1.1Ki"', '1126.4'],
    ['"10K"', '10000'],
    ['"10k"', '10000'],
    ['"100mi"', '104857600'],
    ['"200M"', '200000000'],
    ['"\\"100TI\\""', '109951162777600'],
    ['"10e"', '10000000000000000000'],
    ['"5E"', '5000000000000000000'],
    ['"2.5e3K"', '2500000'],
    ['"1e-2"', '0.01'],
    ['"-3.5E2m"', '-0.35'],
    ['".5K"', '500'],
    ['"0"', '0'],
  ])('units.parse(%s) = %s', (arg, want) => {
    expect(ev('opa_units_parse', arg)).toBe(want);
  });

  it.each([
    ['"1.1KiB"', '1126'],
    ['"1.1KB"', '1100'],
    ['"10Kib"', '10240'],
    ['"100m"', '100000000'],
    ['"100mib"', '104857600'],
    ['"1e-2KB"', '10'],
    ['"\\"100TIB\\""', '109951162777600'],
    ['"5E"', '5000000000000000000'],
    ['".0"', '0'],
  ])('units.parse_bytes(%s) = %s', (arg, want) => {
    expect(ev('opa_units_parse_bytes', arg)).toBe(want);
  });

  it.each(['""', '"G"', '"foo"', '"0.0.0"', '".5.2"', '"100 k"', '"1Q"', '1'])(
    'rejects %s',
    (arg) => {
      expect(ev('opa_units_parse', arg)).toBeUndefined();
      expect(ev('opa_units_parse_bytes', arg)).toBeUndefined();
    },
  );
});

describe('numbers', () => {
  it('builds ranges', () => {
    expect(ev('opa_numbers_range', '-2', '3')).toBe('[-2, -1, 0, 1, 2, 3]');
    expect(ev('opa_numbers_range', '2', '-1')).toBe('[2, 1, 0, -1]');
    expect(ev('opa_numbers_range', '0', '0')).toBe('[0]');
    expect(ev('opa_numbers_range', '3.14', '4')).toBeUndefined();
    expect(ev('opa_numbers_range', '0', '100000000000')).toBeUndefined();
    expect(ev('opa_numbers_range_step', '0', '10', '4')).toBe('[0, 4, 8]');
    expect(ev('opa_numbers_range_step', '0', '-10', '5')).toBe('[0, -5, -10]');
    expect(ev('opa_numbers_range_step', '2', '2', '2')).toBe('[2]');
    expect(ev('opa_numbers_range_step', '0', '10', '-2')).toBeUndefined();
    expect(
      ev('opa_numbers_range_step', '0', '10', '99999999999999999999'),
    ).toBe('[0]');
  });

  it('formats integers in a base', () => {
    expect(ev('opa_format_int', '15.5', '16')).toBe('"f"');
    expect(ev('opa_format_int', '-255', '16')).toBe('"-ff"');
    expect(ev('opa_format_int', '5', '2')).toBe('"101"');
    expect(ev('opa_format_int', '-3.5', '10')).toBe('"-4"');
    expect(ev('opa_format_int', '8', '8')).toBe('"10"');
    expect(ev('opa_format_int', '4.1', '199')).toBeUndefined();
    expect(ev('opa_format_int', '"1"', '10')).toBeUndefined();
  });
});

describe('more strings', () => {
  it('matches any prefix or suffix', () => {
    expect(
      ev('opa_strings_any_prefix_match', '["a/b", "c/d"]', '{"c/", "x"}'),
    ).toBe('true');
    expect(ev('opa_strings_any_prefix_match', '"a/b"', '["b", "c"]')).toBe(
      'false',
    );
    expect(ev('opa_strings_any_prefix_match', '"a/b"', '"a"')).toBe('true');
    expect(ev('opa_strings_any_suffix_match', '{"x.json"}', '".json"')).toBe(
      'true',
    );
    expect(
      ev('opa_strings_any_prefix_match', '["a", 1]', '"a"'),
    ).toBeUndefined();
    expect(ev('opa_strings_any_suffix_match', '"a"', '[1]')).toBeUndefined();
  });

  it('counts, finds every index and reverses', () => {
    expect(ev('opa_strings_count', '"cheese"', '"e"')).toBe('3');
    expect(ev('opa_strings_count', '"aaaa"', '"aa"')).toBe('2');
    expect(ev('opa_strings_count', '"five5"', '""')).toBe('6');
    expect(ev('opa_strings_indexof_n', '"dogcatdogcat"', '"cat"')).toBe(
      '[3, 9]',
    );
    expect(ev('opa_strings_indexof_n', '"😇😀😇😀"', '"😀"')).toBe('[1, 3]');
    expect(ev('opa_strings_indexof_n', '"aaa"', '"aa"')).toBe('[0, 1]');
    expect(ev('opa_strings_indexof_n', '"abc"', '"z"')).toBe('[]');
    expect(ev('opa_strings_reverse', '"bar"')).toBe('"rab"');
    expect(ev('opa_strings_reverse', '"1😀𝛾"')).toBe('"𝛾😀1"');
    expect(ev('opa_strings_reverse', '""')).toBe('""');
    expect(ev('opa_strings_reverse', '1')).toBeUndefined();
  });
});

describe('more objects, arrays and networks', () => {
  it('removes and filters keys given as array, set or object', () => {
    const obj = '{"a": 1, "b": {"c": 3}, "d": 4}';
    expect(ev('opa_object_remove_keys', obj, '{"b", "d"}')).toBe('{"a": 1}');
    expect(ev('opa_object_remove_keys', obj, '["d", "b"]')).toBe('{"a": 1}');
    expect(ev('opa_object_remove_keys', obj, '{"b": 1, "d": ""}')).toBe(
      '{"a": 1}',
    );
    expect(ev('opa_object_remove_keys', obj, '"a"')).toBeUndefined();
    expect(ev('opa_object_filter', obj, '{"a", "z"}')).toBe('{"a": 1}');
    expect(ev('opa_object_filter', obj, '[]')).toBe('{}');
    expect(ev('opa_object_filter', '[1]', '["a"]')).toBeUndefined();
  });

  it('merges objects recursively', () => {
    expect(
      ev(
        'opa_object_union',
        '{"a": {"b": {"c": 1}}, "e": 1}',
        '{"a": {"b": "foo", "b1": "bar"}, "d": 7, "e": 17}',
      ),
    ).toBe('{"a": {"b": "foo", "b1": "bar"}, "d": 7, "e": 17}');
    expect(ev('opa_object_union', '{"a": {"x": 1}}', '{"a": {"y": 2}}')).toBe(
      '{"a": {"x": 1, "y": 2}}',
    );
    expect(ev('opa_object_union', '{}', '[]')).toBeUndefined();
    expect(ev('opa_object_union_n', '[{"a": 1}, {"b": 2}, {"a": 3}]')).toBe(
      '{"a": 3, "b": 2}',
    );
    expect(ev('opa_object_union_n', '[]')).toBe('{}');
    expect(ev('opa_object_union_n', '[{"a": 1}, 2]')).toBeUndefined();
  });

  it('reverses arrays and validates CIDRs', () => {
    expect(ev('opa_array_reverse', '[1, [2], "3"]')).toBe('["3", [2], 1]');
    expect(ev('opa_array_reverse', '[]')).toBe('[]');
    expect(ev('opa_cidr_is_valid', '"192.168.1.0/24"')).toBe('true');
    expect(ev('opa_cidr_is_valid', '"2002::1234:abcd:ffff:c0a8:101/64"')).toBe(
      'true',
    );
    expect(ev('opa_cidr_is_valid', '"192.168.1.2"')).toBe('false');
    expect(ev('opa_cidr_is_valid', '""')).toBe('false');
    expect(ev('opa_cidr_is_valid', '1')).toBe('false');
  });
});

describe('json paths, subsets and the rest', () => {
  it('removes and filters by paths', () => {
    const doc = '{"a": {"b": {"c": 7, "d": 8}, "e": 9}, "f": [{"g": 1}, 2]}';
    expect(ev('opa_json_remove', doc, '{"a/b/c", "f/1"}')).toBe(
      '{"a": {"b": {"d": 8}, "e": 9}, "f": [{"g": 1}]}',
    );
    expect(ev('opa_json_remove', doc, '[["a", "b"], "f"]')).toBe(
      '{"a": {"e": 9}}',
    );
    expect(ev('opa_json_remove', doc, '{"a", "a/b"}')).toBe(
      '{"f": [{"g": 1}, 2]}',
    );
    expect(ev('opa_json_filter', doc, '{"a/b/c", "f/0"}')).toBe(
      '{"a": {"b": {"c": 7}}, "f": [{"g": 1}]}',
    );
    expect(ev('opa_json_filter', doc, '["/a/e", ["f", 1]]')).toBe(
      '{"a": {"e": 9}, "f": [2]}',
    );
    expect(ev('opa_json_filter', doc, 'set()')).toBe('{}');
    expect(ev('opa_json_remove', '[1]', '{"a"}')).toBeUndefined();
    expect(ev('opa_json_remove', '{}', '"a"')).toBeUndefined();
    expect(ev('opa_json_filter', '{}', '[1.5]')).toBeUndefined();
  });

  it('tests subsets of objects, sets and arrays', () => {
    const sup =
      '{"a": 5, "n": {"x": 10, "s": {1, 2, 3}, "arr": [6, 7, 8]}, "b": 1}';
    const sub = '{"a": 5, "n": {"s": {3, 1}, "arr": [7, 8]}}';
    expect(ev('opa_object_subset', sup, sub)).toBe('true');
    expect(ev('opa_object_subset', sub, sup)).toBe('false');
    expect(ev('opa_object_subset', '{"a": [1, 2]}', '{"a": [2, 1]}')).toBe(
      'false',
    );
    expect(ev('opa_object_subset', '{1, 2, 3}', '{1, 3}')).toBe('true');
    expect(ev('opa_object_subset', '[1, 2, 3, 4]', '[2, 3]')).toBe('true');
    expect(ev('opa_object_subset', '[1, 2, 3, 4]', '[2, 4]')).toBe('false');
    expect(ev('opa_object_subset', '[1, 2, 3]', '{3, 1}')).toBe('true');
    expect(ev('opa_object_subset', '[1]', '[]')).toBe('true');
    expect(ev('opa_object_subset', '{1}', '[1]')).toBeUndefined();
  });

  it('flattens one level, intersects networks and compares MACs', () => {
    expect(ev('opa_array_flatten', '[1, [2, "s"], {"a": 1}, [3, [4]]]')).toBe(
      '[1, 2, "s", {"a": 1}, 3, [4]]',
    );
    expect(ev('opa_array_flatten', '{1}')).toBeUndefined();
    expect(
      ev('opa_cidr_intersects', '"192.168.1.0/25"', '"192.168.1.64/26"'),
    ).toBe('true');
    expect(
      ev('opa_cidr_intersects', '"192.168.1.0/24"', '"192.168.2.0/24"'),
    ).toBe('false');
    expect(
      ev(
        'opa_cidr_intersects',
        '"fd1e:5bfe:8af3:9ddc::/64"',
        '"fd1e:5bfe:8af3:9ddc:1111::/72"',
      ),
    ).toBe('true');
    expect(ev('opa_cidr_intersects', '"10.0.0.0/8"', '"::/0"')).toBe('false');
    expect(ev('opa_cidr_intersects', '"x"', '"10.0.0.0/8"')).toBeUndefined();
    expect(ev('opa_crypto_hmac_equal', '"abc"', '"abc"')).toBe('true');
    expect(ev('opa_crypto_hmac_equal', '"abc"', '"abd"')).toBe('false');
    expect(ev('opa_crypto_hmac_equal', '"abc"', '"ab"')).toBe('false');
    expect(ev('opa_crypto_hmac_equal', '"abc"', '1')).toBeUndefined();
  });
});

describe('bits, urlquery, semver and base64 variants', () => {
  it('does bit operations on integers', () => {
    expect(ev('opa_bits_and', '12', '10')).toBe('8');
    expect(ev('opa_bits_or', '12', '10')).toBe('14');
    expect(ev('opa_bits_xor', '12', '10')).toBe('6');
    expect(ev('opa_bits_negate', '5')).toBe('-6');
    expect(ev('opa_bits_lsh', '1', '3')).toBe('8');
    expect(ev('opa_bits_lsh', '9223372036854775807', '1')).toBe(
      '18446744073709552000',
    );
    expect(ev('opa_bits_rsh', '-16', '2')).toBe('-4');
    expect(ev('opa_bits_rsh', '5', '100')).toBe('0');
    expect(ev('opa_bits_and', '1.5', '1')).toBeUndefined();
    expect(ev('opa_bits_lsh', '7', '-1')).toBeUndefined();
  });

  it('escapes and parses query strings like Go', () => {
    expect(ev('opa_urlquery_encode', '"a=b+1 c/é~"')).toBe(
      '"a%3Db%2B1+c%2F%C3%A9~"',
    );
    expect(ev('opa_urlquery_decode', '"a%3Db%2B1+c%2f"')).toBe('"a=b+1 c/"');
    expect(ev('opa_urlquery_decode', '"%zz"')).toBeUndefined();
    expect(ev('opa_urlquery_decode', '"%4"')).toBeUndefined();
    expect(
      ev('opa_urlquery_encode_object', '{"b": ["x y", "z"], "a": {"2", "1"}}'),
    ).toBe('"a=1&a=2&b=x+y&b=z"');
    expect(ev('opa_urlquery_encode_object', '{"a": 1}')).toBeUndefined();
    expect(ev('opa_urlquery_decode_object', '"a=1&b&a=2&&c=%41"')).toBe(
      '{"a": ["1", "2"], "b": [""], "c": ["A"]}',
    );
    expect(ev('opa_urlquery_decode_object', '""')).toBe('{}');
    expect(ev('opa_urlquery_decode_object', '"a=1;b=2"')).toBeUndefined();
  });

  it('validates and orders semantic versions', () => {
    for (const v of ['1.0.0', '0.0.1', '1.2.3-alpha.1', '1.2.3+build.01']) {
      expect(ev('opa_semver_is_valid', `"${v}"`), v).toBe('true');
    }
    for (const v of ['1', '1.0', '01.0.0', 'v1.0.0', '1.0.0-', '1.0.0-01']) {
      expect(ev('opa_semver_is_valid', `"${v}"`), v).toBe('false');
    }
    expect(ev('opa_semver_is_valid', '1')).toBe('false');
    const order = [
      '1.0.0-alpha',
      '1.0.0-alpha.1',
      '1.0.0-alpha.beta',
      '1.0.0-beta',
      '1.0.0-beta.2',
      '1.0.0-beta.11',
      '1.0.0-rc.1',
      '1.0.0',
      '1.0.1',
      '1.10.0',
      '10.0.0',
    ];
    for (let i = 0; i < order.length; i++) {
      for (let j = 0; j < order.length; j++) {
        expect(
          ev('opa_semver_compare', `"${order[i]}"`, `"${order[j]}"`),
          `${order[i]} vs ${order[j]}`,
        ).toBe(String(Math.sign(i - j)));
      }
    }
    expect(ev('opa_semver_compare', '"1.0.0+a"', '"1.0.0+b"')).toBe('0');
    expect(ev('opa_semver_compare', '"1"', '"1.0.0"')).toBeUndefined();
  });

  it('encodes base64url without padding and checks base64', () => {
    expect(ev('opa_base64url_encode_no_pad', '"hello"')).toBe('"aGVsbG8"');
    expect(ev('opa_base64url_encode_no_pad', '"??>"')).toBe('"Pz8-"');
    expect(ev('opa_base64_is_valid', '"aGVsbG8="')).toBe('true');
    expect(ev('opa_base64_is_valid', `"{'not':'base64'}"`)).toBe('false');
    expect(ev('opa_base64_is_valid', '1')).toBe('false');
  });
});
