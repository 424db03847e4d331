import type pg from 'pg';

import { PRODUCT_COLUMNS, toProduct, type ProductRow } from './product-row';
import type { CatalogProduct } from './tenant-catalog';

/** A tenant's products, by SKU. */
export async function listProducts(
  pool: pg.Pool,
  tenantId: string,
): Promise<CatalogProduct[]> {
  const { rows } = await pool.query<ProductRow>(
    `SELECT ${PRODUCT_COLUMNS} FROM products
      WHERE tenant_id = $1 ORDER BY sku`,
    [tenantId],
  );

  return rows.map(toProduct);
}
