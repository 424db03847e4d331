import { describe, expect, it } from 'vitest';
import { readTar, writeTar } from './tar';

describe('tar', () => {
  it('round-trips files, long names included', () => {
    const long = `/${'a'.repeat(60)}/${'b'.repeat(60)}.rego`;
    const entries = [
      { name: '/data.json', data: Buffer.from('{"a":1}') },
      { name: long, data: Buffer.from('package x') },
      { name: '/empty', data: new Uint8Array() },
    ];

    expect(
      readTar(writeTar(entries)).map((e) => [
        e.name,
        Buffer.from(e.data).toString(),
      ]),
    ).toEqual(entries.map((e) => [e.name, Buffer.from(e.data).toString()]));
  });

  it('rejects a corrupted header', () => {
    const archive = writeTar([{ name: '/a', data: Buffer.from('x') }]);
    archive[10] = 0x41;

    expect(() => readTar(archive)).toThrow(/checksum/);
  });
});
