import type pg from 'pg';

import { CellAppError } from '../http/cell-app-error';
import type { CartView } from './cart-view';

type Queryable = Pick<pg.Pool, 'query'>;

/** A tenant's cart with its lines priced from the catalog. */
export async function getCart(
  db: Queryable,
  tenantId: string,
  cartId: string,
): Promise<CartView> {
  const cart = await db.query<{
    order_id: string | null;
    checked_out: boolean;
  }>(
    `SELECT order_id, checked_out_at IS NOT NULL AS checked_out
       FROM carts WHERE tenant_id = $1 AND cart_id = $2`,
    [tenantId, cartId],
  );
  const head = cart.rows[0];
  if (!head) {
    throw new CellAppError('CART_NOT_FOUND', `cart ${cartId} does not exist`, {
      details: { cartId },
    });
  }

  const lines = await db.query<{
    sku: string;
    name: string;
    quantity: number;
    price_cents: number;
  }>(
    `SELECT i.sku, p.name, i.quantity, p.price_cents
       FROM cart_items i
       JOIN products p ON p.tenant_id = i.tenant_id AND p.sku = i.sku
      WHERE i.tenant_id = $1 AND i.cart_id = $2
      ORDER BY i.sku`,
    [tenantId, cartId],
  );
  const items = lines.rows.map((row) => ({
    sku: row.sku,
    name: row.name,
    quantity: row.quantity,
    priceCents: row.price_cents,
  }));

  return {
    cartId,
    items,
    totalCents: items.reduce(
      (sum, item) => sum + item.quantity * item.priceCents,
      0,
    ),
    checkedOut: head.checked_out,
    orderId: head.order_id,
  };
}
