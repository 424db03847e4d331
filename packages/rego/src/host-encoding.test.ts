import { describe, expect, it } from 'vitest';
import {
  hexDecode,
  hexEncode,
  jsonMarshalWithOptions,
  uuidParse,
} from './host-encoding';
import { graphReachable } from './host-graph';

describe('host encoding built-ins', () => {
  it('encodes and decodes hex', () => {
    expect(hexEncode('lorem')).toBe('6c6f72656d');
    expect(hexDecode('6c6f72656d')).toBe('lorem');
    expect(hexDecode('abc')).toBeUndefined();
  });

  it('marshals JSON with Go MarshalIndent layout', () => {
    expect(jsonMarshalWithOptions({ b: [1], a: '<' }, {})).toBe(
      '{"a":"\\u003c","b":[1]}',
    );
    expect(jsonMarshalWithOptions({ b: [1], a: {} }, { prefix: '> ' })).toBe(
      '> {\n> \t"a": {},\n> \t"b": [\n> \t\t1\n> \t]\n> }',
    );
    expect(jsonMarshalWithOptions([], { indent: '  ', pretty: false })).toBe(
      '[]',
    );
    expect(jsonMarshalWithOptions(1, { other: true })).toBeUndefined();
    expect(jsonMarshalWithOptions(1, { pretty: 'yes' })).toBeUndefined();
  });

  it('parses UUIDs in the forms google/uuid accepts', () => {
    expect(uuidParse('6bea8ef2d3d33cd184e09bab06a52ece')).toEqual({
      version: 3,
      variant: 'RFC4122',
    });
    expect(uuidParse('urn:uuid:000003e8-48b9-21ee-b200-325096b39f47')).toEqual({
      version: 2,
      variant: 'RFC4122',
      time: 1693566990121469700,
      clocksequence: 12800,
      nodeid: '32-50-96-b3-9f-47',
      macvariables: 'local:unicast',
      id: 1000,
      domain: 'Person',
    });
    expect(uuidParse('{6bea8ef2d3d33cd184e09bab06a52ece}')).toBeUndefined();
    expect(uuidParse('6bea8ef2-d3d33cd184e09bab06a52ece')).toBeUndefined();
  });

  it('walks a graph from its initial nodes', () => {
    expect(
      graphReachable({ a: ['b'], b: ['a', 'c'], x: [] }, ['a', 'z']),
    ).toEqual(['a', 'b']);
    expect(graphReachable([], ['a'])).toBeUndefined();
  });
});
