import { parseIp } from './ip-address';
import type { IpAddress } from './ip-address';
import { ResilienceError } from './resilience-error';

interface Rule {
  family: 4 | 6;
  bytes: Uint8Array;
  prefix: number;
}

/**
 * A set of addresses and CIDR blocks, IPv4 and IPv6 (`10.0.0.0/8`,
 * `192.0.2.7`, `fd00::/8`, `::1`). An IPv4-mapped block such as
 * `::ffff:10.0.0.0/104` is the IPv4 block `10.0.0.0/8`, matching how
 * `parseIp` reports mapped addresses.
 */
export class AddressMatcher {
  private readonly rules: readonly Rule[];

  /** Throws RESILIENCE_INVALID_ADDRESS for an entry that does not parse. */
  constructor(entries: readonly string[]) {
    this.rules = entries.map(parseRule);
  }

  has(address: IpAddress): boolean {
    return this.rules.some((rule) => matches(rule, address));
  }
}

function parseRule(entry: string): Rule {
  const [addressText, prefixText, extra] = entry.trim().split('/');
  const invalid = () =>
    new ResilienceError(
      'RESILIENCE_INVALID_ADDRESS',
      `not an IP address or CIDR block: ${JSON.stringify(entry)}`,
    );

  const address = parseIp(addressText ?? '');
  if (address === undefined || extra !== undefined) throw invalid();

  // parseIp turned a mapped address into IPv4, so count the prefix from 96.
  const mapped = addressText!.includes(':') && address.family === 4;
  const written = mapped ? 128 : address.family === 4 ? 32 : 128;
  let prefix = written;
  if (prefixText !== undefined) {
    if (!/^\d{1,3}$/.test(prefixText)) throw invalid();
    prefix = Number(prefixText);
    if (prefix > written || (mapped && prefix < 96)) throw invalid();
  }

  return {
    family: address.family,
    bytes: address.bytes,
    prefix: mapped ? prefix - 96 : prefix,
  };
}

function matches(rule: Rule, address: IpAddress): boolean {
  if (rule.family !== address.family) return false;

  const whole = rule.prefix >> 3;
  for (let i = 0; i < whole; i++) {
    if (rule.bytes[i] !== address.bytes[i]) return false;
  }

  const bits = rule.prefix & 7;
  if (bits === 0) return true;
  const mask = (0xff << (8 - bits)) & 0xff;

  return (rule.bytes[whole]! & mask) === (address.bytes[whole]! & mask);
}
