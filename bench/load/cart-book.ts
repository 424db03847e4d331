/**
 * The carts one load worker has filled and not yet checked out, one per
 * tenant, oldest first. Bounded, so a run with few checkouts cannot grow
 * it without limit; the oldest cart is forgotten first.
 */
export class CartBook {
  private readonly open = new Map<string, string>();

  constructor(private readonly capacity = 64) {}

  cartOf(tenantId: string): string | undefined {
    return this.open.get(tenantId);
  }

  remember(tenantId: string, cartId: string): void {
    this.open.delete(tenantId);
    this.open.set(tenantId, cartId);

    if (this.open.size > this.capacity) {
      const oldest = this.open.keys().next().value;
      if (oldest !== undefined) this.open.delete(oldest);
    }
  }

  /** Removes and returns the oldest open cart, if any. */
  takeOldest(): { tenantId: string; cartId: string } | undefined {
    const first = this.open.entries().next().value;
    if (!first) return undefined;

    const [tenantId, cartId] = first;
    this.open.delete(tenantId);

    return { tenantId, cartId };
  }
}
