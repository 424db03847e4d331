import type pg from 'pg';

import { withTransaction } from '../db/with-transaction';
import { CellAppError } from '../http/cell-app-error';
import type { CartView } from './cart-view';
import { getCart } from './get-cart';

export interface AddCartItemInput {
  readonly tenantId: string;
  readonly cartId: string;
  readonly sku: string;
  readonly quantity: number;
}

/**
 * Adds `quantity` of a product to a cart, creating the cart on first use.
 * Inventory is not reserved here: checkout is where overselling is refused.
 */
export async function addCartItem(
  pool: pg.Pool,
  input: AddCartItemInput,
): Promise<CartView> {
  const { tenantId, cartId, sku, quantity } = input;
  return withTransaction(pool, async (client) => {
    const product = await client.query(
      'SELECT 1 FROM products WHERE tenant_id = $1 AND sku = $2',
      [tenantId, sku],
    );
    if (product.rowCount === 0) {
      throw new CellAppError('PRODUCT_NOT_FOUND', `no product ${sku}`, {
        details: { field: 'sku', sku },
      });
    }

    await client.query(
      `INSERT INTO carts (tenant_id, cart_id) VALUES ($1, $2)
       ON CONFLICT (tenant_id, cart_id) DO NOTHING`,
      [tenantId, cartId],
    );

    // Lock the cart so a concurrent checkout cannot miss this line.
    const cart = await client.query<{ checked_out: boolean }>(
      `SELECT checked_out_at IS NOT NULL AS checked_out
         FROM carts WHERE tenant_id = $1 AND cart_id = $2 FOR UPDATE`,
      [tenantId, cartId],
    );
    if (cart.rows[0]?.checked_out) {
      throw new CellAppError(
        'CART_CHECKED_OUT',
        `cart ${cartId} is already checked out`,
        { details: { cartId } },
      );
    }

    await client.query(
      `INSERT INTO cart_items (tenant_id, cart_id, sku, quantity)
       VALUES ($1, $2, $3, $4)
       ON CONFLICT (tenant_id, cart_id, sku)
       DO UPDATE SET quantity = cart_items.quantity + EXCLUDED.quantity`,
      [tenantId, cartId, sku, quantity],
    );

    return getCart(client, tenantId, cartId);
  });
}
