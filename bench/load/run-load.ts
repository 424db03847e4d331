import { randomBytes } from 'node:crypto';

import { Pool } from 'undici';

import { CartBook } from './cart-book';
import {
  loadOptionsSchema,
  seededTenantIds,
  type LoadOptions,
  type LoadOptionsInput,
} from './load-options';
import { LoadTally, type LoadSummary } from './load-tally';
import { pickOperation } from './pick-operation';
import { RecentTokens } from './recent-tokens';
import { seededRandom } from './seeded-random';
import { sendRequest, type LoadRequest } from './send-request';
import { TokenMinter } from './token-minter';
import { createZipfSampler, type ZipfSampler } from './zipf-sampler';

export type RunLoadControl = {
  /** Stops issuing requests; in-flight ones finish and are counted. */
  signal?: AbortSignal;
};

type RunState = {
  options: LoadOptions;
  pool: Pool;
  tally: LoadTally;
  tenants: readonly string[];
  zipf: ZipfSampler;
  pathPrefix: string;
  runId: string;
  deadline: number;
  signal?: AbortSignal;
  issued: number;
  /** Present when the run sends tokens. */
  minter: TokenMinter | null;
  recentTokens: RecentTokens;
};

/** Who sends the next request: a tenant, and its user's token if any. */
type SimulatedUser = { tenantId: string; token?: string };

/**
 * Drives the cell-app API through `url` with `concurrency` workers for
 * `durationS` seconds over one keep-alive pool: 70 % `GET /catalog`, 20 %
 * `POST /cart/items`, 10 % `POST /checkout` of a cart the same worker
 * filled earlier (by default), tenants drawn from Zipf(s). With
 * `identity`, each request carries a user's JWT: `tokenReuseShare` of
 * them (60 %) a recently minted one, the others a fresh one. Returns the
 * summary once every in-flight request has finished.
 */
export async function runLoad(
  input: LoadOptionsInput,
  control: RunLoadControl = {},
): Promise<LoadSummary> {
  const options = loadOptionsSchema.parse(input);
  const tenants = options.tenantIds ?? seededTenantIds(options.tenantCount);
  const target = new URL(options.url);
  const pool = new Pool(target.origin, {
    connections: options.concurrency,
    headersTimeout: options.requestTimeoutMs,
    bodyTimeout: options.requestTimeoutMs,
  });

  const started = performance.now();
  const state: RunState = {
    options,
    pool,
    tally: new LoadTally(),
    tenants,
    zipf: createZipfSampler(tenants.length, options.zipfS),
    pathPrefix: target.pathname.replace(/\/+$/, ''),
    runId: randomBytes(4).toString('hex'),
    deadline: started + options.durationS * 1000,
    signal: control.signal,
    issued: 0,
    minter: options.identity ? new TokenMinter(options.identity) : null,
    recentTokens: new RecentTokens(),
  };

  try {
    const workers = Array.from({ length: options.concurrency }, (_, i) =>
      runWorker(state, i),
    );
    await Promise.all(workers);
  } finally {
    await pool.close();
  }

  return state.tally.summarize(
    performance.now() - started,
    options.concurrency,
  );
}

function shouldStop(state: RunState): boolean {
  const { maxRequests } = state.options;

  return (
    performance.now() >= state.deadline ||
    state.signal?.aborted === true ||
    (maxRequests !== undefined && state.issued >= maxRequests)
  );
}

async function runWorker(state: RunState, index: number): Promise<void> {
  const random = seededRandom(state.options.seed * 1_000_003 + index);
  const carts = new CartBook();
  let cartCounter = 0;

  const newCartId = () => {
    cartCounter += 1;
    return `${state.runId}-${index}-${cartCounter}`;
  };

  while (!shouldStop(state)) {
    state.issued += 1;

    const operation = pickOperation(state.options.mix, random());
    const checkout = operation === 'checkout' ? carts.takeOldest() : undefined;

    if (checkout) {
      const token = await tokenOfTenant(state, checkout.tenantId, random);
      const outcome = await sendRequest(state.pool, {
        operation: 'checkout',
        tenantId: checkout.tenantId,
        method: 'POST',
        path: `${state.pathPrefix}/checkout`,
        body: { cartId: checkout.cartId },
        forwardedFor: simulatedClient(state, random),
        token,
      });
      state.tally.add(outcome);
      continue;
    }

    // No open cart to check out yet: fill one instead, so the next
    // checkout has something to buy.
    const user = await nextUser(state, random);
    const request =
      operation === 'catalog'
        ? catalogRequest(state, user.tenantId)
        : cartRequest(state, user.tenantId, random, carts, newCartId);
    const outcome = await sendRequest(state.pool, {
      ...request,
      forwardedFor: simulatedClient(state, random),
      token: user.token,
    });
    state.tally.add(outcome);

    if (request.cartId && outcome.status >= 200 && outcome.status < 300) {
      carts.remember(user.tenantId, request.cartId);
    }
  }
}

/**
 * The sender of a catalog or cart request: without tokens, a tenant drawn
 * from Zipf; with them, a recent user again (`tokenReuseShare`, when one is
 * at hand) or a new user of a tenant drawn from Zipf with a fresh token.
 */
async function nextUser(
  state: RunState,
  random: () => number,
): Promise<SimulatedUser> {
  if (!state.minter) {
    return { tenantId: state.tenants[state.zipf.sample(random)]! };
  }

  if (random() < state.options.tokenReuseShare) {
    const recent = state.recentTokens.pick(random, Date.now());
    if (recent) {
      state.tally.addToken(true);
      return { tenantId: recent.tenantId, token: recent.token };
    }
  }

  const tenantId = state.tenants[state.zipf.sample(random)]!;

  return { tenantId, token: await freshToken(state, tenantId, random) };
}

/** A checkout's token: the tenant's latest user's, or a fresh one. */
async function tokenOfTenant(
  state: RunState,
  tenantId: string,
  random: () => number,
): Promise<string | undefined> {
  if (!state.minter) return undefined;

  if (random() < state.options.tokenReuseShare) {
    const recent = state.recentTokens.ofTenant(tenantId, Date.now());
    if (recent) {
      state.tally.addToken(true);
      return recent.token;
    }
  }

  return freshToken(state, tenantId, random);
}

async function freshToken(
  state: RunState,
  tenantId: string,
  random: () => number,
): Promise<string> {
  const minted = await state.minter!.mint(tenantId, random);
  state.recentTokens.add(minted);
  state.tally.addToken(false);

  return minted.token;
}

/** An address in 198.18.0.0/15 standing for one of `clientCount` users. */
function simulatedClient(
  state: RunState,
  random: () => number,
): string | undefined {
  const count = state.options.clientCount;
  if (count === 0) return undefined;

  const n = Math.floor(random() * count);

  return `198.${18 + (n >> 16)}.${(n >> 8) & 255}.${n & 255}`;
}

function catalogRequest(state: RunState, tenantId: string): LoadRequest {
  return {
    operation: 'catalog',
    tenantId,
    method: 'GET',
    path: `${state.pathPrefix}/catalog`,
  };
}

function cartRequest(
  state: RunState,
  tenantId: string,
  random: () => number,
  carts: CartBook,
  newCartId: () => string,
): LoadRequest {
  const skuNumber = 1 + Math.floor(random() * state.options.skuCount);
  const sku = `sku-${String(skuNumber).padStart(3, '0')}`;
  const quantity = 1 + Math.floor(random() * 3);

  return {
    operation: 'cart',
    tenantId,
    method: 'POST',
    path: `${state.pathPrefix}/cart/items`,
    cartId: carts.cartOf(tenantId) ?? newCartId(),
    body: { sku, quantity },
  };
}
