import type pg from 'pg';

import { PRODUCT_COLUMNS, toProduct, type ProductRow } from './product-row';
import type { CatalogProduct } from './tenant-catalog';

/** One product of a tenant, or undefined. */
export async function getProduct(
  pool: pg.Pool,
  tenantId: string,
  sku: string,
): Promise<CatalogProduct | undefined> {
  const { rows } = await pool.query<ProductRow>(
    `SELECT ${PRODUCT_COLUMNS} FROM products
      WHERE tenant_id = $1 AND sku = $2`,
    [tenantId, sku],
  );
  const row = rows[0];

  return row ? toProduct(row) : undefined;
}
