import type pg from 'pg';

import { tenantCatalog } from './tenant-catalog';

/**
 * Creates a tenant's catalog in this cell's database the first time the
 * tenant is seen, so a tenant placed or moved here starts working at once.
 * Idempotent (ON CONFLICT DO NOTHING): several instances of the cell and
 * concurrent first requests may all try, and an existing catalog is never
 * reset.
 */
export class TenantProvisioner {
  private readonly ready = new Set<string>();
  private readonly inFlight = new Map<string, Promise<void>>();

  constructor(private readonly pool: pg.Pool) {}

  async ensure(tenantId: string): Promise<void> {
    if (this.ready.has(tenantId)) return;

    let pending = this.inFlight.get(tenantId);
    if (!pending) {
      pending = this.provision(tenantId).finally(() => {
        this.inFlight.delete(tenantId);
      });
      this.inFlight.set(tenantId, pending);
    }

    await pending;
  }

  private async provision(tenantId: string): Promise<void> {
    const products = tenantCatalog(tenantId);

    await this.pool.query(
      `INSERT INTO products (tenant_id, sku, name, price_cents, inventory)
       SELECT $1, p.sku, p.name, p.price_cents, p.inventory
         FROM unnest($2::text[], $3::text[], $4::int[], $5::int[])
           AS p(sku, name, price_cents, inventory)
       ON CONFLICT (tenant_id, sku) DO NOTHING`,
      [
        tenantId,
        products.map((product) => product.sku),
        products.map((product) => product.name),
        products.map((product) => product.priceCents),
        products.map((product) => product.inventory),
      ],
    );

    this.ready.add(tenantId);
  }
}
