import type { CatalogProduct } from './tenant-catalog';

/** A `products` row as pg returns it. */
export interface ProductRow {
  sku: string;
  name: string;
  price_cents: number;
  inventory: number;
}

export const PRODUCT_COLUMNS = 'sku, name, price_cents, inventory';

export function toProduct(row: ProductRow): CatalogProduct {
  return {
    sku: row.sku,
    name: row.name,
    priceCents: row.price_cents,
    inventory: row.inventory,
  };
}
