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

function regexMatch(pattern: string, value: string): boolean | undefined {
  const r = rt.call('opa_regex_match', rt.str(pattern), rt.str(value));
  return r === 0 ? undefined : (rt.dump(r) as boolean);
}

function globMatch(
  pattern: string,
  delimiters: string[] | null,
  value: string,
): boolean | undefined {
  const r = rt.call(
    'opa_glob_match',
    rt.str(pattern),
    rt.json(delimiters),
    rt.str(value),
  );
  return r === 0 ? undefined : (rt.dump(r) as boolean);
}

describe('regex.match', () => {
  it.each([
    ['abc', 'xxabcxx', true],
    ['^abc$', 'abc', true],
    ['^abc$', 'abcd', false],
    ['^/api/v[0-9]+/users$', '/api/v12/users', true],
    ['^/api/v[0-9]+/users$', '/api/v/users', false],
    ['a|b|c', 'zzc', true],
    ['^(GET|HEAD)$', 'HEAD', true],
    ['^(GET|HEAD)$', 'POST', false],
    ['^a*$', '', true],
    ['^a+$', '', false],
    ['^ab?c$', 'ac', true],
    ['^a{2,3}$', 'aaa', true],
    ['^a{2,3}$', 'aaaa', false],
    ['^a{2}$', 'aa', true],
    ['^a{2,}$', 'aaaaa', true],
    ['^a{,2}$', 'a{,2}', true],
    ['^[^a-z]+$', 'ABC123', true],
    ['^[^a-z]+$', 'ABc', false],
    ['^\\d{3}-\\d{4}$', '555-1234', true],
    ['^\\w+@\\w+\\.com$', 'me@example.com', true],
    ['\\s', 'a b', true],
    ['^\\S+$', 'a b', false],
    ['^\\D+$', 'abc', true],
    ['^[[:alpha:]]+$', 'abcXYZ', true],
    ['^[[:digit:][:upper:]]+$', 'A1B2', true],
    ['^[[:^digit:]]+$', 'ab', true],
    ['\\bfoo\\b', 'a foo b', true],
    ['\\bfoo\\b', 'afoob', false],
    ['\\Bfoo', 'afoo', true],
    ['^.$', 'é', true],
    ['^..$', 'é', false],
    ['^.$', '\n', false],
    ['(?s)^.$', '\n', true],
    ['(?i)^admin$', 'AdMiN', true],
    ['^(?i:ab)c$', 'ABc', true],
    ['^(?i:ab)c$', 'ABC', false],
    ['^[é-ë]$', 'ê', true],
    ['^\\x41\\x{263a}$', 'A☺', true],
    ['^a.*?b$', 'axxb', true],
    ['^(?:ab)+$', 'ababab', true],
    ['^(?P<year>\\d{4})-(?<m>\\d\\d)$', '2024-05', true],
    ['^\\.\\*\\+\\?\\(\\)\\[\\]\\{\\}\\|\\^\\$\\\\$', '.*+?()[]{}|^$\\', true],
    ['\\Aab\\z', 'ab', true],
    ['^$', '', true],
    ['', 'anything', true],
    ['^[a-]+$', 'a-a', true],
    ['^[]a]+$', ']a', true],
  ])('%s on %j is %s', (pattern, value, expected) => {
    expect(regexMatch(pattern, value)).toBe(expected);
  });

  it.each([
    '(',
    ')',
    '[a',
    'a**',
    '*a',
    '+',
    'a{3,2}',
    'a{1001}',
    '[z-a]',
    '\\pL',
    '\\1',
    '(?m)^a',
    '(?<name',
    '\\q',
  ])('rejects %j as invalid (undefined)', (pattern) => {
    expect(regexMatch(pattern, 'a')).toBeUndefined();
    expect(rt.dump(rt.call('opa_regex_is_valid', rt.str(pattern)))).toBe(false);
  });

  it('stays linear on patterns that explode backtracking engines', () => {
    const started = performance.now();
    expect(regexMatch('^(a+)+$', `${'a'.repeat(5000)}b`)).toBe(false);
    expect(regexMatch('(a|aa)*c', 'a'.repeat(3000))).toBe(false);
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('refuses inputs beyond the state budget instead of using unbounded memory', () => {
    const pattern = 'a{1000}'.repeat(10);
    expect(regexMatch(pattern, 'a'.repeat(20000))).toBeUndefined();
  });

  it('handles long patterns and rejects absurd nesting', () => {
    const long = 'ab'.repeat(2000);
    expect(regexMatch(`^${long}$`, long)).toBe(true);
    expect(regexMatch(`${'('.repeat(150)}a${')'.repeat(150)}`, 'a')).toBe(true);
    expect(
      regexMatch(`${'('.repeat(5000)}a${')'.repeat(5000)}`, 'a'),
    ).toBeUndefined();
  });

  it('reuses compiled patterns and recompiles after a heap reset', () => {
    const mark = rt.call('opa_heap_ptr_get');
    expect(regexMatch('^x+$', 'xxx')).toBe(true);
    expect(regexMatch('^x+$', 'xy')).toBe(false);
    rt.call('opa_heap_ptr_set', mark);
    // Overwrite the old heap so a stale cached program would be garbage.
    new Uint8Array(rt.memory.buffer).fill(0xff, mark, mark + 4096);
    expect(regexMatch('^x+$', 'xxx')).toBe(true);
    expect(regexMatch('^y+$', 'yy')).toBe(true);
  });

  it('is undefined for non-string operands', () => {
    expect(rt.call('opa_regex_match', rt.json(1), rt.str('1'))).toBe(0);
    expect(rt.call('opa_regex_match', rt.str('1'), rt.json(1))).toBe(0);
  });
});

// Patterns in the subset where RE2 and JavaScript agree on matching. Only
// single characters take unbounded quantifiers: nested stars would send
// JavaScript's backtracking engine (the reference) exponential.
const leaf = fc.tuple(
  fc.constantFrom('a', 'b', 'c', '.', '[ab]', '[^a]', '[a-b]', '\\w', '\\d'),
  fc.constantFrom('', '', '*', '+', '?', '{1,2}', '{2}', '*?', '+?'),
);
const pattern: fc.Arbitrary<string> = fc.letrec<{ alt: string; term: string }>(
  (tie) => ({
    term: fc.oneof(
      { depthSize: 'small' },
      leaf.map(([a, q]) => a + q),
      fc
        .tuple(tie('alt'), fc.constantFrom('', '?', '{1,2}'), fc.boolean())
        .map(([p, q, capture]) => `(${capture ? '' : '?:'}${p})${q}`),
    ),
    alt: fc
      .tuple(
        fc.array(tie('term'), { minLength: 1, maxLength: 4 }),
        fc.constantFrom('', '|b', '|', '|a*'),
      )
      .map(([terms, alt]) => terms.join('') + alt),
  }),
).alt;

describe('regex.match against JavaScript RegExp', () => {
  it('agrees on random patterns and inputs from the shared subset', () => {
    fc.assert(
      fc.property(
        pattern,
        fc.boolean(),
        fc.boolean(),
        fc.stringMatching(/^[abc1]{0,12}$/),
        (p, start, end, input) => {
          const full = `${start ? '^' : ''}${p}${end ? '$' : ''}`;
          const mark = rt.call('opa_heap_ptr_get');
          const got = regexMatch(full, input);
          rt.call('opa_heap_ptr_set', mark);
          expect(got, `${full} on ${input}`).toBe(new RegExp(full).test(input));
        },
      ),
      { numRuns: 3000 },
    );
  });
});

describe('glob.match', () => {
  it.each([
    ['*.github.com', [], 'api.github.com', true],
    ['*.github.com', [], 'api.cdn.github.com', false],
    ['*hub.com', null, 'api.cdn.github.com', true],
    ['*:github:com', [':'], 'api:github:com', true],
    ['api.**.com', [], 'api.github.com', true],
    ['api.**.com', [], 'api.cdn.github.com', true],
    ['?at', [], 'cat', true],
    ['?at', [], 'at', false],
    ['?at', ['/'], '/at', false],
    ['[ch]at', [], 'hat', true],
    ['[!ch]at', [], 'bat', true],
    ['[!ch]at', [], 'cat', false],
    ['[a-c]at', [], 'bat', true],
    ['{cat,bat,[fr]at}', [], 'rat', true],
    ['{cat,bat}', [], 'hat', false],
    ['/public/**', ['/'], '/public/a/b/c', true],
    ['/public/*', ['/'], '/public/a/b', false],
    ['/public/*', ['/'], '/public/a', true],
    ['/api/*/users', ['/'], '/api/v1/users', true],
    ['\\*', [], '*', true],
    ['\\*', [], 'a', false],
    ['', [], '', true],
    ['exact', [], 'exact', true],
    ['exact', [], 'exactly', false],
    ['*', ['.', '/'], 'a.b', false],
    ['**', ['.', '/'], 'a.b/c', true],
    ['héllo*', [], 'héllo wörld', true],
  ])('%j with %j on %j is %s', (pattern, delims, value, expected) => {
    expect(globMatch(pattern, delims, value)).toBe(expected);
  });

  it('is undefined for bad patterns and operands', () => {
    expect(globMatch('[abc', [], 'a')).toBeUndefined();
    expect(globMatch(`${'{'.repeat(5000)}a`, [], 'a')).toBeUndefined();
    expect(globMatch(`${'{a,'.repeat(100)}b${'}'.repeat(100)}`, [], 'b')).toBe(
      true,
    );
    expect(globMatch('{a,b', [], 'a')).toBeUndefined();
    expect(globMatch('a\\', [], 'a')).toBeUndefined();
    expect(
      rt.call('opa_glob_match', rt.str('*'), rt.json([1]), rt.str('a')),
    ).toBe(0);
    expect(
      rt.call('opa_glob_match', rt.str('*'), rt.json('x'), rt.str('a')),
    ).toBe(0);
  });
});
