import { Agent, request } from 'undici';

export interface SteadyLoadOptions {
  readonly baseUrl: string;
  readonly tenants: readonly string[];
  /** Requests to send in all; bounded by design. */
  readonly total: number;
  /** Spread them evenly over this long. */
  readonly durationMs: number;
  readonly concurrency: number;
  /** Per-request bound. */
  readonly timeoutMs?: number;
}

export interface SteadyLoadResult {
  readonly total: number;
  readonly ok: number;
  readonly failed: number;
  readonly statuses: Record<string, number>;
  readonly byCell: Record<string, number>;
  /** The first few failures, for the test output. */
  readonly failures: readonly string[];
  readonly elapsedMs: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
}

/**
 * A paced, bounded load through the gateway: request `i` starts no earlier
 * than `i * durationMs / total` ms in, 80 % catalog reads and 20 % cart
 * writes, tenants taken round-robin. Any non-2xx answer or transport error
 * counts as failed.
 */
export async function steadyLoad(
  options: SteadyLoadOptions,
): Promise<SteadyLoadResult> {
  const agent = new Agent({ connections: options.concurrency });
  const statuses: Record<string, number> = {};
  const byCell: Record<string, number> = {};
  const failures: string[] = [];
  const latencies: number[] = [];
  const startedAt = performance.now();
  let next = 0;
  let ok = 0;

  const count = (bucket: Record<string, number>, key: string) => {
    bucket[key] = (bucket[key] ?? 0) + 1;
  };

  const sendOne = async (index: number) => {
    const tenant = options.tenants[index % options.tenants.length] ?? '';
    const write = index % 10 >= 8;
    const sentAt = performance.now();

    try {
      const response = await request(
        `${options.baseUrl}${write ? '/cart/items' : '/catalog'}`,
        {
          dispatcher: agent,
          method: write ? 'POST' : 'GET',
          headers: {
            'x-tenant-id': tenant,
            ...(write
              ? {
                  'content-type': 'application/json',
                  'x-cart-id': `load-${index}`,
                }
              : {}),
          },
          body: write ? JSON.stringify({ sku: 'sku-001', quantity: 1 }) : null,
          headersTimeout: options.timeoutMs ?? 2_000,
          bodyTimeout: options.timeoutMs ?? 2_000,
        },
      );
      const text = await response.body.text();
      latencies.push(performance.now() - sentAt);
      count(statuses, String(response.statusCode));
      count(byCell, String(response.headers['x-cell'] ?? 'none'));

      if (response.statusCode >= 200 && response.statusCode < 300) {
        ok += 1;
      } else if (failures.length < 10) {
        failures.push(`${tenant} ${response.statusCode} ${text.slice(0, 200)}`);
      }
    } catch (error) {
      count(statuses, 'error');
      if (failures.length < 10) failures.push(`${tenant} ${String(error)}`);
    }
  };

  const worker = async () => {
    while (next < options.total) {
      const index = next;
      next += 1;

      const due = startedAt + (index * options.durationMs) / options.total;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));

      await sendOne(index);
    }
  };

  await Promise.all(Array.from({ length: options.concurrency }, worker));
  await agent.close();

  latencies.sort((a, b) => a - b);
  const at = (q: number) =>
    Math.round((latencies[Math.floor(q * (latencies.length - 1))] ?? 0) * 10) /
    10;

  return {
    total: options.total,
    ok,
    failed: options.total - ok,
    statuses,
    byCell,
    failures,
    elapsedMs: Math.round(performance.now() - startedAt),
    p50Ms: at(0.5),
    p99Ms: at(0.99),
  };
}
