import type { MintedToken } from './token-minter';

/**
 * The tokens minted lately, shared by the run's workers: a bounded ring
 * for "a request from a user seen recently", and each tenant's latest
 * token for a checkout by the user who filled the cart. A token within
 * `marginMs` of its expiry is not reused (an identity provider's client
 * refreshes before then).
 */
export class RecentTokens {
  private readonly ring: (MintedToken | undefined)[];
  private next = 0;
  private filled = 0;
  private readonly byTenant = new Map<string, MintedToken>();

  constructor(
    capacity = 1_024,
    private readonly marginMs = 30_000,
  ) {
    this.ring = new Array<MintedToken | undefined>(capacity);
  }

  add(token: MintedToken): void {
    this.ring[this.next] = token;
    this.next = (this.next + 1) % this.ring.length;
    this.filled = Math.min(this.filled + 1, this.ring.length);

    this.byTenant.delete(token.tenantId);
    this.byTenant.set(token.tenantId, token);
    if (this.byTenant.size > this.ring.length) {
      const oldest = this.byTenant.keys().next().value;
      if (oldest !== undefined) this.byTenant.delete(oldest);
    }
  }

  /** A random recent token still far from expiry, if any. */
  pick(random: () => number, now: number): MintedToken | undefined {
    const token = this.ring[Math.floor(random() * this.filled)];

    return token && this.usable(token, now) ? token : undefined;
  }

  /** The latest token of a tenant still far from expiry, if any. */
  ofTenant(tenantId: string, now: number): MintedToken | undefined {
    const token = this.byTenant.get(tenantId);

    return token && this.usable(token, now) ? token : undefined;
  }

  private usable(token: MintedToken, now: number): boolean {
    return token.expiresAt - now > this.marginMs;
  }
}
