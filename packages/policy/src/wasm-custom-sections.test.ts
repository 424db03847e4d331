import { describe, expect, it } from 'vitest';

import { inputPathsOf } from './policy-evaluator';
import { customSections } from './wasm-custom-sections';

const HEADER = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];

function unsigned(value: number): number[] {
  const bytes: number[] = [];
  do {
    let byte = value & 0x7f;
    value >>>= 7;
    if (value !== 0) byte |= 0x80;
    bytes.push(byte);
  } while (value !== 0);

  return bytes;
}

function custom(name: string, text: string): number[] {
  const nameBytes = [...new TextEncoder().encode(name)];
  const body = [
    ...unsigned(nameBytes.length),
    ...nameBytes,
    ...new TextEncoder().encode(text),
  ];

  return [0, ...unsigned(body.length), ...body];
}

/** A type section with no types: a section that is not custom. */
const TYPES = [1, 1, 0];

const moduleOf = (...sections: number[][]) =>
  Uint8Array.from([...HEADER, ...sections.flat()]);

const SECTION = 'cellplane.input_paths';

describe('custom sections of a module', () => {
  it('finds sections by name among others', () => {
    const wasm = moduleOf(
      TYPES,
      custom('name', 'x'),
      custom(SECTION, '[["a"]]'),
      custom(SECTION.repeat(8), 'long name'),
    );
    const found = customSections(wasm, SECTION);
    expect(found.map((b) => new TextDecoder().decode(b))).toEqual(['[["a"]]']);
  });

  it('stops at a section that runs past the end', () => {
    const whole = moduleOf(custom(SECTION, '[["a"]]'));
    const torn = moduleOf(custom('other', 'x'), custom(SECTION, '[["a"]]'));
    expect(customSections(torn.subarray(0, torn.length - 3), SECTION)).toEqual(
      [],
    );
    expect(customSections(whole, SECTION)).toHaveLength(1);
    expect(
      customSections(Uint8Array.from([...HEADER, 0, 0xff]), SECTION),
    ).toEqual([]);
  });
});

describe('the input paths a module declares', () => {
  it('reads well-formed paths', () => {
    const wasm = moduleOf(custom(SECTION, '[["method"],["user","roles"]]'));
    expect(inputPathsOf(wasm)).toEqual([['method'], ['user', 'roles']]);
    expect(inputPathsOf(moduleOf(custom(SECTION, '[]')))).toEqual([]);
  });

  it('claims nothing when absent, repeated or malformed', () => {
    const refused = [
      moduleOf(TYPES),
      moduleOf(custom(SECTION, '[["a"]]'), custom(SECTION, '[["b"]]')),
      moduleOf(custom(SECTION, '[["a"]')),
      moduleOf(custom(SECTION, '{"a":1}')),
      moduleOf(custom(SECTION, '[[]]')),
      moduleOf(custom(SECTION, '[["a", 1]]')),
      moduleOf(custom(SECTION, '["a"]')),
    ];
    for (const wasm of refused) expect(inputPathsOf(wasm)).toBeNull();
  });
});
