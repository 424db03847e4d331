import type { Socket } from 'node:net';

import {
  clientAddress,
  parseIp,
  type AddressMatcher,
} from '@cellplane/resilience';

/**
 * The TCP peer of a request and whether the snapshot trusts it as a proxy.
 *
 * ```ts
 * const peer = peerOf(req.socket, table.trustedProxies); // cached
 * clientOf(peer, req.headers['x-forwarded-for'], table.trustedProxies)
 * ```
 *
 * The peer is the same for every request of a keep-alive connection, so
 * it is parsed once per connection and matched again only when another
 * table (another trusted list) is in service.
 */
export interface Peer {
  /** `socket.remoteAddress` as node gives it. */
  readonly address: string;
  /** The parsed address's text; `address` when it does not parse. */
  readonly text: string;
  readonly trusted: boolean;
}

interface CachedPeer extends Peer {
  readonly matcher: AddressMatcher | null;
}

const peers = new WeakMap<Socket, CachedPeer>();

export function peerOf(
  socket: Socket,
  trustedProxies: AddressMatcher | null,
): Peer {
  const cached = peers.get(socket);
  if (cached !== undefined && cached.matcher === trustedProxies) return cached;

  const address = cached?.address ?? socket.remoteAddress ?? '';
  const ip = parseIp(address);
  const peer: CachedPeer = {
    address,
    text: ip?.text ?? address,
    trusted:
      ip !== undefined && trustedProxies !== null && trustedProxies.has(ip),
    matcher: trustedProxies,
  };
  peers.set(socket, peer);

  return peer;
}

/**
 * The client address (K09): the peer itself unless it is a trusted proxy,
 * then the nearest `x-forwarded-for` hop not in the trusted list.
 */
export function clientOf(
  peer: Peer,
  forwardedFor: string | readonly string[] | undefined,
  trustedProxies: AddressMatcher,
): string {
  return peer.trusted
    ? clientAddress(peer.address, forwardedFor, trustedProxies)
    : peer.text;
}
