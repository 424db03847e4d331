import { describe, expect, it } from 'vitest';
import {
  cidrContains,
  cidrContainsMatches,
  cidrExpand,
  cidrMerge,
  formatIp,
  parseIp,
} from './host-net';

describe('host CIDR built-ins', () => {
  it('parses and prints addresses as Go does', () => {
    const ip = parseIp('2601:600:8a80:207e:0:0:0:1');
    expect(ip && formatIp(ip.v6, ip.ip)).toBe('2601:600:8a80:207e::1');
    const mapped = parseIp('::192.0.2.1');
    expect(mapped && formatIp(mapped.v6, mapped.ip)).toBe('::c000:201');
    expect(parseIp('01.2.3.4')).toBeUndefined();
    expect(parseIp('1:2:3:4:5:6:7:8:9')).toBeUndefined();
  });

  it('merges adjacent and contained networks into the fewest CIDRs', () => {
    expect(
      cidrMerge(['192.0.2.112/31', '192.0.2.116/31', '192.0.2.118/31']),
    ).toEqual(['192.0.2.112/31', '192.0.2.116/30']);
    expect(cidrMerge(['192.0.128.0', '192.0.129.0'])).toEqual([
      '192.0.128.0/23',
    ]);
    expect(cidrMerge(['fe80::/120', '::/0', '10.0.0.0/8'])).toEqual([
      '10.0.0.0/8',
      '::/0',
    ]);
    expect(cidrMerge(['fe80::1'])).toBeUndefined();
    expect(cidrMerge(['nope'])).toBeUndefined();
  });

  it('expands a small network and refuses a huge one', () => {
    expect(cidrExpand('10.0.0.254/31')).toEqual(['10.0.0.254', '10.0.0.255']);
    expect(cidrExpand('10.0.0.0/8')).toBeUndefined();
  });

  it('matches keyed operands: strings, arrays, sets, objects', () => {
    expect(cidrContains('10.0.0.0/8', '10.1.2.3')).toBe(true);
    expect(cidrContains('10.0.0.0/8', '11.1.2.3')).toBe(false);
    expect(
      cidrContainsMatches(
        ['10.0.0.0/8', '11.0.0.0/8'],
        '11.2.3.4',
        false,
        false,
      ),
    ).toEqual([[1, '11.2.3.4']]);
    expect(
      cidrContainsMatches([['10.0.0.0/8', 'x']], ['10.0.0.1'], true, true),
    ).toEqual([[['10.0.0.0/8', 'x'], '10.0.0.1']]);
    expect(
      cidrContainsMatches({ k: '10.0.0.0/8' }, ['10.0.0.1'], false, false),
    ).toEqual([['k', 0]]);
    expect(
      cidrContainsMatches(['10.0.0.1'], ['10.0.0.1'], false, false),
    ).toBeUndefined();
  });
});
