import { randomUUID } from 'node:crypto';

import type pg from 'pg';

import { withTransaction } from '../db/with-transaction';
import { CellAppError } from '../http/cell-app-error';

export interface OrderLine {
  readonly sku: string;
  readonly quantity: number;
  readonly priceCents: number;
}

export interface Order {
  readonly orderId: string;
  readonly cartId: string;
  readonly items: readonly OrderLine[];
  readonly totalCents: number;
}

interface LockedLine {
  sku: string;
  quantity: number;
  inventory: number;
  price_cents: number;
}

/**
 * Turns a cart into an order in one transaction: lock the cart, lock its
 * products in SKU order (every checkout takes them in the same order, so two
 * checkouts cannot deadlock), refuse if any would go below zero, decrement,
 * record the order and close the cart. Either all of it happens or nothing.
 */
export async function checkoutCart(
  pool: pg.Pool,
  tenantId: string,
  cartId: string,
): Promise<Order> {
  return withTransaction(pool, async (client) => {
    // 1. The cart itself: a second checkout of it waits here, then sees it
    //    closed.
    const cart = await client.query<{ checked_out: boolean }>(
      `SELECT checked_out_at IS NOT NULL AS checked_out
         FROM carts WHERE tenant_id = $1 AND cart_id = $2 FOR UPDATE`,
      [tenantId, cartId],
    );
    const head = cart.rows[0];
    if (!head) {
      throw new CellAppError(
        'CART_NOT_FOUND',
        `cart ${cartId} does not exist`,
        {
          details: { cartId },
        },
      );
    }
    if (head.checked_out) {
      throw new CellAppError(
        'CART_CHECKED_OUT',
        `cart ${cartId} is already checked out`,
        { details: { cartId } },
      );
    }

    // 2. Its products, locked in SKU order.
    const { rows: lines } = await client.query<LockedLine>(
      `SELECT p.sku, i.quantity, p.inventory, p.price_cents
         FROM products p
         JOIN cart_items i ON i.tenant_id = p.tenant_id AND i.sku = p.sku
        WHERE p.tenant_id = $1 AND i.cart_id = $2
        ORDER BY p.sku
          FOR UPDATE OF p`,
      [tenantId, cartId],
    );
    if (lines.length === 0) {
      throw new CellAppError('CART_EMPTY', `cart ${cartId} has no items`, {
        details: { cartId },
      });
    }

    // 3. Refuse to oversell, naming every line that is short.
    const short = lines.filter((line) => line.inventory < line.quantity);
    if (short.length > 0) {
      throw new CellAppError(
        'OUT_OF_STOCK',
        `not enough inventory for ${short.map((line) => line.sku).join(', ')}`,
        {
          details: {
            items: short.map((line) => ({
              sku: line.sku,
              requested: line.quantity,
              available: line.inventory,
            })),
          },
        },
      );
    }

    // 4. Decrement, record the order, close the cart.
    const skus = lines.map((line) => line.sku);
    const quantities = lines.map((line) => line.quantity);
    await client.query(
      `UPDATE products p SET inventory = p.inventory - d.quantity
         FROM unnest($2::text[], $3::int[]) AS d(sku, quantity)
        WHERE p.tenant_id = $1 AND p.sku = d.sku`,
      [tenantId, skus, quantities],
    );

    const orderId = randomUUID();
    const totalCents = lines.reduce(
      (sum, line) => sum + line.quantity * line.price_cents,
      0,
    );
    await client.query(
      `INSERT INTO orders (tenant_id, order_id, cart_id, total_cents)
       VALUES ($1, $2, $3, $4)`,
      [tenantId, orderId, cartId, totalCents],
    );
    await client.query(
      `INSERT INTO order_items (tenant_id, order_id, sku, quantity, price_cents)
       SELECT $1, $2, l.sku, l.quantity, l.price_cents
         FROM unnest($3::text[], $4::int[], $5::int[])
           AS l(sku, quantity, price_cents)`,
      [tenantId, orderId, skus, quantities, lines.map((l) => l.price_cents)],
    );
    await client.query(
      `UPDATE carts SET checked_out_at = now(), order_id = $3
        WHERE tenant_id = $1 AND cart_id = $2`,
      [tenantId, cartId, orderId],
    );

    return {
      orderId,
      cartId,
      items: lines.map((line) => ({
        sku: line.sku,
        quantity: line.quantity,
        priceCents: line.price_cents,
      })),
      totalCents,
    };
  });
}
