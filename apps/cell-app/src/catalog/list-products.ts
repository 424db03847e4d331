import type pg from 'pg';

import type { CatalogProduct } from './tenant-catalog';

interface ProductRow {
  sku: string;
  name: string;
  price_cents: number;
  inventory: number;
}

export function toProduct(row: ProductRow): CatalogProduct {
  return {
    sku: row.sku,
    name: row.name,
    priceCents: row.price_cents,
    inventory: row.inventory,
  };
}

/** A tenant's products, by SKU. */
export async function listProducts(
  pool: pg.Pool,
  tenantId: string,
): Promise<CatalogProduct[]> {
  const { rows } = await pool.query<ProductRow>(
    `SELECT sku, name, price_cents, inventory
       FROM products WHERE tenant_id = $1 ORDER BY sku`,
    [tenantId],
  );

  return rows.map(toProduct);
}

/** One product of a tenant, or undefined. */
export async function getProduct(
  pool: pg.Pool,
  tenantId: string,
  sku: string,
): Promise<CatalogProduct | undefined> {
  const { rows } = await pool.query<ProductRow>(
    `SELECT sku, name, price_cents, inventory
       FROM products WHERE tenant_id = $1 AND sku = $2`,
    [tenantId, sku],
  );

  return rows[0] ? toProduct(rows[0]) : undefined;
}
