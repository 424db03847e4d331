import { isIP } from 'node:net';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseIp } from './ip-address';

describe('parseIp', () => {
  it.each([
    ['192.0.2.1', '192.0.2.1', 4],
    ['0.0.0.0', '0.0.0.0', 4],
    ['::1', '::1', 6],
    ['::', '::', 6],
    ['2001:DB8:0:0:0:0:0:1', '2001:db8::1', 6],
    ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1', 6],
    ['2001:0db8:0000:0000:0001:0000:0000:0001', '2001:db8::1:0:0:1', 6],
    ['2001:db8:0:1:1:1:1:1', '2001:db8:0:1:1:1:1:1', 6],
    ['fe80::1%eth0', 'fe80::1', 6],
    ['::ffff:192.0.2.1', '192.0.2.1', 4],
    ['::FFFF:c000:0201', '192.0.2.1', 4],
    ['64:ff9b::192.0.2.1', '64:ff9b::c000:201', 6],
  ])('reads %s as %s', (text, canonical, family) => {
    expect(parseIp(text)).toMatchObject({ text: canonical, family });
  });

  it.each([
    '',
    '1.2.3',
    '1.2.3.4.5',
    '256.1.1.1',
    '01.2.3.4',
    '1.2.3.4 ',
    '1:2:3:4:5:6:7:8:9',
    '1::2::3',
    '1:2:3:4:5:6:7::8',
    '12345::',
    ':::',
    'g::1',
    '::1.2.3',
    '1.2.3.4::',
    'localhost',
  ])('refuses %j', (text) => {
    expect(parseIp(text)).toBeUndefined();
  });

  it('accepts what node:net accepts and formats IPv6 as URL does', () => {
    fc.assert(
      fc.property(fc.oneof(fc.ipV4(), fc.ipV6()), (text) => {
        const parsed = parseIp(text);
        expect(parsed).toBeDefined();
        if (parsed!.family === 6) {
          expect(parsed!.text).toBe(
            new URL(`http://[${text}]`).hostname.slice(1, -1),
          );
          expect(parsed!.bytes).toHaveLength(16);
        } else {
          expect(isIP(parsed!.text)).toBe(4);
        }
      }),
      { numRuns: 2_000 },
    );
  });

  it('refuses what node:net refuses', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom(...'0123456789abcdef.:') }),
        (text) => {
          if (isIP(text) === 0) expect(parseIp(text)).toBeUndefined();
        },
      ),
      { numRuns: 5_000 },
    );
  });
});
