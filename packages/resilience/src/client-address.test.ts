import { describe, expect, it } from 'vitest';
import { AddressMatcher } from './address-matcher';
import { clientAddress } from './client-address';
import { parseIp } from './ip-address';
import { RateLimiter } from './rate-limiter';

const proxy = '10.0.0.5';

describe('clientAddress', () => {
  it('K09: a peer that is not a trusted proxy is the client, whatever it forwards', () => {
    const trusted = new AddressMatcher([proxy]);

    expect(clientAddress('203.0.113.9', '1.2.3.4', trusted)).toBe(
      '203.0.113.9',
    );
    expect(clientAddress('203.0.113.9', `1.2.3.4, ${proxy}`, trusted)).toBe(
      '203.0.113.9',
    );
  });

  it('K09: spoofed forwarded addresses cannot dodge the per-client limit', () => {
    const clock = { now: 0 };
    const limiter = new RateLimiter({
      ratePerSecond: 5 / 60,
      burst: 5,
      now: () => clock.now,
    });
    const trusted = new AddressMatcher([proxy]);
    const real = '198.51.100.23';

    const statuses: number[] = [];
    for (let i = 1; i <= 20; i++) {
      const key = clientAddress(real, `192.0.2.${i}`, trusted);
      statuses.push(limiter.check(key).allowed ? 200 : 429);
      clock.now += 100;
    }
    const key = clientAddress(real, `1.2.3.4, ${real}`, trusted);
    const last = limiter.check(key);

    expect(statuses.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
    expect(statuses.slice(5)).toEqual(new Array(15).fill(429));
    expect(key).toBe(real);
    expect(last.allowed).toBe(false);
    expect(limiter.size).toBe(1);
  });

  it('K09: behind a trusted proxy the key is the nearest untrusted hop', () => {
    const trusted = new AddressMatcher([proxy, '172.16.0.0/12']);

    expect(clientAddress(proxy, '198.51.100.23', trusted)).toBe(
      '198.51.100.23',
    );
    // The client wrote 1.2.3.4 itself; the proxies appended the rest.
    expect(
      clientAddress(proxy, '1.2.3.4, 198.51.100.23, 172.16.4.4', trusted),
    ).toBe('198.51.100.23');
    expect(
      clientAddress(proxy, ['1.2.3.4', '198.51.100.23, 172.31.0.1'], trusted),
    ).toBe('198.51.100.23');
  });

  it('returns the leftmost hop when every hop is trusted', () => {
    expect(clientAddress(proxy, '10.0.0.7, 10.0.0.6', ['10.0.0.0/8'])).toBe(
      '10.0.0.7',
    );
    expect(clientAddress(proxy, undefined, [proxy])).toBe(proxy);
    expect(clientAddress(proxy, '  ', [proxy])).toBe(proxy);
  });

  it('ends the walk at the trusted hop that passed on a malformed entry', () => {
    const trusted = ['10.0.0.0/8'];

    expect(clientAddress(proxy, 'evil, not-an-ip', trusted)).toBe(proxy);
    expect(clientAddress(proxy, '1.2.3.4, , 10.0.0.9', trusted)).toBe(
      '10.0.0.9',
    );
    expect(clientAddress(proxy, '1.2.3.4:99999999', trusted)).toBe(proxy);
  });

  it('reads ports, brackets, IPv6 and IPv4-mapped peers', () => {
    const trusted = ['::ffff:10.0.0.0/104', 'fd00::/8'];

    expect(clientAddress('::ffff:10.1.2.3', '192.0.2.1:4711', trusted)).toBe(
      '192.0.2.1',
    );
    expect(
      clientAddress('fd00::1', '[2001:DB8::0:1]:443, fd12::2', trusted),
    ).toBe('2001:db8::1');
    expect(clientAddress('::ffff:192.0.2.1', '1.2.3.4', trusted)).toBe(
      '192.0.2.1',
    );
  });

  it('returns an unparsable peer as it is, untrusted', () => {
    expect(clientAddress('unknown', '1.2.3.4', ['0.0.0.0/0'])).toBe('unknown');
  });
});

describe('AddressMatcher', () => {
  const matcher = new AddressMatcher([
    '192.0.2.7',
    '10.0.0.0/8',
    '172.16.0.0/12',
    '2001:db8::/32',
    '::1',
    '::ffff:100.64.0.0/106',
  ]);
  const has = (text: string) => matcher.has(parseIp(text)!);

  it.each([
    ['192.0.2.7', true],
    ['192.0.2.8', false],
    ['10.255.255.255', true],
    ['11.0.0.0', false],
    ['172.31.255.255', true],
    ['172.32.0.0', false],
    ['2001:db8:ffff::1', true],
    ['2001:db9::1', false],
    ['::1', true],
    ['::2', false],
    ['100.127.255.255', true],
    ['100.128.0.0', false],
    ['::ffff:10.9.9.9', true],
  ])('%s is matched: %s', (address, expected) => {
    expect(has(address)).toBe(expected);
  });

  it('matches everything with /0 and only its family', () => {
    const all4 = new AddressMatcher(['0.0.0.0/0']);

    expect(all4.has(parseIp('203.0.113.1')!)).toBe(true);
    expect(all4.has(parseIp('2001:db8::1')!)).toBe(false);
  });

  it.each([
    '10.0.0.0/33',
    '10.0.0.0/',
    '10.0.0/8',
    'fd00::/129',
    '1.2.3.4/8/8',
    '::ffff:1.2.3.4/95',
    'proxy',
  ])('refuses %j', (entry) => {
    expect(() => new AddressMatcher([entry])).toThrowError(
      expect.objectContaining({ code: 'RESILIENCE_INVALID_ADDRESS' }) as Error,
    );
  });
});
