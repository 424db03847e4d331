import { createHash } from 'node:crypto';

export interface CatalogProduct {
  readonly sku: string;
  readonly name: string;
  readonly priceCents: number;
  readonly inventory: number;
}

/** Products every tenant starts with. */
export const CATALOG_SIZE = 20;

const ADJECTIVES = [
  'Classic',
  'Compact',
  'Deluxe',
  'Everyday',
  'Fresh',
  'Handmade',
  'Light',
  'Modern',
  'Rugged',
  'Vintage',
] as const;

const NOUNS = [
  'Backpack',
  'Blender',
  'Candle',
  'Headphones',
  'Kettle',
  'Lamp',
  'Mug',
  'Notebook',
  'Sneakers',
  'Umbrella',
] as const;

/**
 * The starting catalog of a tenant, derived only from its id, so every
 * instance of every cell provisions the same products for the same tenant
 * (a tenant moved to another cell finds the catalog it knew).
 */
export function tenantCatalog(tenantId: string): CatalogProduct[] {
  return Array.from({ length: CATALOG_SIZE }, (_, index) => {
    const digest = createHash('sha256').update(`${tenantId}:${index}`).digest();

    return {
      sku: `sku-${String(index + 1).padStart(3, '0')}`,
      name: `${pick(ADJECTIVES, digest[0])} ${pick(NOUNS, digest[1])}`,
      priceCents: 199 + (digest.readUInt16BE(2) % 9_800),
      inventory: 50 + (digest.readUInt16BE(4) % 451),
    };
  });
}

function pick<T>(items: readonly T[], byte: number | undefined): T {
  return items[(byte ?? 0) % items.length] as T;
}
