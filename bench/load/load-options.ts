import { z } from 'zod';

import type { LoadIdentity } from './token-minter';

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * Options of a load run. Every run is bounded in time (and optionally in
 * requests), and aims only at loopback: this tool drives servers started
 * on this machine, never anything else.
 */
export const loadOptionsSchema = z.object({
  /** The gateway (or a cell instance) to drive. */
  url: z
    .url({ protocol: /^https?$/ })
    .refine((url) => LOOPBACK_HOSTS.has(new URL(url).hostname), {
      message: 'must be a loopback URL (127.0.0.1, localhost or [::1])',
    }),
  durationS: z.number().positive().max(3_600).default(30),
  concurrency: z.int().min(1).max(1_024).default(32),
  /** Stop after this many requests even if time is left. */
  maxRequests: z.int().positive().optional(),
  /** Tenant ids by popularity, most popular first; default t-00001.. */
  tenantIds: z.array(z.string().min(1)).min(1).optional(),
  tenantCount: z.int().min(1).max(1_000_000).default(10_000),
  zipfS: z.number().min(0).max(5).default(1.1),
  mix: z
    .object({
      catalog: z.number().min(0),
      cart: z.number().min(0),
      checkout: z.number().min(0),
    })
    .refine((mix) => mix.catalog + mix.cart + mix.checkout > 0, {
      message: 'at least one operation needs a positive share',
    })
    .default({ catalog: 0.7, cart: 0.2, checkout: 0.1 }),
  /** Products per tenant: the cell-app seeds sku-001..sku-020. */
  skuCount: z.int().min(1).max(999).default(20),
  /**
   * Simulated end users behind a trusted proxy: each request carries an
   * `x-forwarded-for` of one of this many addresses from 198.18.0.0/15,
   * the range reserved for benchmarks (only a header value: nothing is
   * sent there). 0 sends none, so every request comes from this process.
   */
  clientCount: z.int().min(0).max(131_072).default(0),
  /**
   * Signing keys and claims for JWTs: with them every request carries a
   * token of a simulated user; without, requests carry `x-tenant-id` only.
   */
  identity: z
    .custom<LoadIdentity>(
      (value) =>
        typeof value === 'object' &&
        value !== null &&
        Array.isArray((value as LoadIdentity).keys),
      'must be a LoadIdentity with signing keys',
    )
    .optional(),
  /**
   * Share of requests that reuse a recently minted token (the
   * architecture's traffic model: 60 %); the rest get a fresh one.
   */
  tokenReuseShare: z.number().min(0).max(1).default(0.6),
  seed: z.int().default(1),
  requestTimeoutMs: z.int().min(100).max(120_000).default(5_000),
});

export type LoadOptionsInput = z.input<typeof loadOptionsSchema>;
export type LoadOptions = z.output<typeof loadOptionsSchema>;

/** Seeded tenant ids, t-00001 .. t-<count>, as prisma/seed.ts writes them. */
export function seededTenantIds(count: number): string[] {
  return Array.from(
    { length: count },
    (_, i) => `t-${String(i + 1).padStart(5, '0')}`,
  );
}
