import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

import type pg from 'pg';
import { z } from 'zod';

import { addCartItem } from '../cart/add-cart-item';
import { getCart } from '../cart/get-cart';
import { getProduct } from '../catalog/get-product';
import { listProducts } from '../catalog/list-products';
import { checkoutCart } from '../checkout/checkout-cart';
import { CellAppError, badInput } from './cell-app-error';
import { cartIdSchema, readJsonBody, skuSchema } from './request-input';

/** What a tenant route returns: a status and the body's own fields. */
export interface RouteResult {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

export interface TenantRouteContext {
  readonly req: IncomingMessage;
  readonly pool: pg.Pool;
  readonly tenantId: string;
  readonly params: Readonly<Record<string, string>>;
}

export interface TenantRoute {
  readonly method: 'GET' | 'POST';
  readonly pattern: RegExp;
  readonly handle: (context: TenantRouteContext) => Promise<RouteResult>;
}

const addItemSchema = z.strictObject({
  sku: skuSchema,
  quantity: z.int().min(1).max(100),
  cartId: cartIdSchema.optional(),
});

const checkoutSchema = z.strictObject({ cartId: cartIdSchema });

/** The tenant API of the reference workload (interfaces.md). */
export const TENANT_ROUTES: readonly TenantRoute[] = [
  {
    method: 'GET',
    pattern: /^\/catalog$/,
    handle: async ({ pool, tenantId }) => ({
      status: 200,
      body: { tenantId, products: await listProducts(pool, tenantId) },
    }),
  },
  {
    method: 'GET',
    pattern: /^\/catalog\/(?<sku>[^/]+)$/,
    handle: async ({ pool, tenantId, params }) => {
      const sku = parseParam('sku', skuSchema, params.sku);
      const product = await getProduct(pool, tenantId, sku);
      if (!product) {
        throw new CellAppError('PRODUCT_NOT_FOUND', `no product ${sku}`, {
          details: { sku },
        });
      }

      return { status: 200, body: { tenantId, product } };
    },
  },
  {
    method: 'POST',
    pattern: /^\/cart\/items$/,
    handle: async ({ req, pool, tenantId }) => {
      const input = await readJsonBody(req, addItemSchema);
      const cartId = resolveCartId(req, input.cartId);
      const cart = await addCartItem(pool, {
        tenantId,
        cartId,
        sku: input.sku,
        quantity: input.quantity,
      });

      return { status: 200, body: { tenantId, cart } };
    },
  },
  {
    method: 'GET',
    pattern: /^\/cart\/(?<cartId>[^/]+)$/,
    handle: async ({ pool, tenantId, params }) => {
      const cartId = parseParam('cartId', cartIdSchema, params.cartId);

      return {
        status: 200,
        body: { tenantId, cart: await getCart(pool, tenantId, cartId) },
      };
    },
  },
  {
    method: 'POST',
    pattern: /^\/checkout$/,
    handle: async ({ req, pool, tenantId }) => {
      const { cartId } = await readJsonBody(req, checkoutSchema);
      const order = await checkoutCart(pool, tenantId, cartId);

      return { status: 201, body: { tenantId, order } };
    },
  },
];

/**
 * The cart comes from `x-cart-id` or the body's `cartId` (they must agree
 * when both are given); with neither, a new cart is started.
 */
function resolveCartId(req: IncomingMessage, fromBody: string | undefined) {
  const header = req.headers['x-cart-id'];
  if (header === undefined) return fromBody ?? randomUUID();

  const fromHeader = parseParam('x-cart-id', cartIdSchema, header);
  if (fromBody !== undefined && fromBody !== fromHeader) {
    throw badInput('cartId', 'differs from the x-cart-id header');
  }

  return fromHeader;
}

function parseParam(
  field: string,
  schema: z.ZodType<string>,
  value: unknown,
): string {
  const decoded = typeof value === 'string' ? safeDecode(value) : value;
  const parsed = schema.safeParse(decoded);
  if (!parsed.success) {
    throw badInput(field, parsed.error.issues[0]?.message ?? 'invalid');
  }

  return parsed.data;
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
