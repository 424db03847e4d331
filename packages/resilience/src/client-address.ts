import { AddressMatcher } from './address-matcher';
import { parseIp } from './ip-address';
import type { IpAddress } from './ip-address';

/**
 * The client a request came from: the nearest address on the path that is
 * not a trusted proxy (K09). Starting from the socket's peer, each hop that
 * is trusted hands over to the address it appended to `x-forwarded-for`, read
 * right to left; the first untrusted hop is the client. Entries left of it
 * were written by the client and never count.
 *
 * - A peer that is not trusted is the client, whatever the header says.
 * - When every hop is trusted, the leftmost entry is the client.
 * - An entry that is not an address (garbage, an empty field) ends the walk
 *   at the trusted hop that passed it on: its address is the key, so a
 *   client cannot pick its own key by writing nonsense.
 * - Entries may carry a port (`192.0.2.1:443`, `[2001:db8::1]:443`) or
 *   brackets; the result is the canonical text of `parseIp`.
 *
 * Build `trustedProxies` once (an AddressMatcher) on the request path; a
 * plain list is compiled on every call.
 */
export function clientAddress(
  remoteAddr: string,
  xForwardedFor: string | readonly string[] | undefined,
  trustedProxies: AddressMatcher | readonly string[],
): string {
  const trusted =
    trustedProxies instanceof AddressMatcher
      ? trustedProxies
      : new AddressMatcher(trustedProxies);

  const peer = parseHop(remoteAddr);
  if (peer === undefined) return remoteAddr;

  let nearest = peer;
  if (!trusted.has(nearest)) return nearest.text;

  const hops = forwardedHops(xForwardedFor);
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = parseHop(hops[i]!);
    if (hop === undefined) return nearest.text;

    nearest = hop;
    if (!trusted.has(nearest)) return nearest.text;
  }

  return nearest.text;
}

function forwardedHops(header: string | readonly string[] | undefined) {
  if (header === undefined) return [];

  // Repeated headers are one list, in the order they arrived.
  const joined = typeof header === 'string' ? header : header.join(',');
  if (joined.trim() === '') return [];

  return joined.split(',');
}

function parseHop(raw: string): IpAddress | undefined {
  const text = raw.trim();

  if (text.startsWith('[')) {
    const close = text.indexOf(']');
    const rest = text.slice(close + 1);
    if (close < 0 || (rest !== '' && !/^:\d{1,5}$/.test(rest))) {
      return undefined;
    }

    return parseIp(text.slice(1, close));
  }

  // One colon can only be IPv4 with a port; IPv6 has at least two.
  const colon = text.indexOf(':');
  if (colon >= 0 && colon === text.lastIndexOf(':')) {
    if (!/^\d{1,5}$/.test(text.slice(colon + 1))) return undefined;

    return parseIp(text.slice(0, colon));
  }

  return parseIp(text);
}
