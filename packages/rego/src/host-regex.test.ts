import { describe, expect, it } from 'vitest';
import { re2, regexBuiltins } from './host-regex';

const find = regexBuiltins['regex.find_n'];
const submatch = regexBuiltins['regex.find_all_string_submatch_n'];
const replace = regexBuiltins['regex.replace'];

describe('host regex built-ins (RE2 on JavaScript)', () => {
  it('translates RE2 syntax or refuses it', () => {
    expect(re2('(?i)^ab\\z')?.test('AB')).toBe(true);
    expect(re2('[[:digit:]]+')?.test('42')).toBe(true);
    expect(re2('\\Q.*\\E')?.test('.*')).toBe(true);
    expect(re2('\\s')?.test('\u00a0')).toBe(false);
    expect(re2('\\pL')).toBeUndefined();
    expect(re2('[')).toBeUndefined();
  });

  it('finds matches as Go FindAll does, empty ones included', () => {
    expect(find('a.', 'paranormal', -1)).toEqual(['ar', 'an', 'al']);
    expect(find('a.', 'paranormal', 2)).toEqual(['ar', 'an']);
    expect(find('a*', 'baaac', -1)).toEqual(['', 'aaa', '']);
    expect(submatch('a(x*)b', '-ab-axb-', -1)).toEqual([
      ['ab', ''],
      ['axb', 'x'],
    ]);
    expect(submatch('a(y)?b', 'ab', -1)).toEqual([['ab', '']]);
  });

  it('replaces with Go template expansion', () => {
    expect(replace('-wy-wxxy-', 'w(x*)y', '0')).toBe('-0-0-');
    expect(replace('foo', '(foo)', '$1$1')).toBe('foofoo');
    expect(replace('foo', '(?P<w>fo)o', '${w}-$w1-$$')).toBe('fo--$');
    expect(replace('foo', '[', 'x')).toBeUndefined();
  });
});
