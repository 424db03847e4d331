/**
 * Waits until every tenant's request through `url` is answered 200 by the
 * bench cell (its `x-cell` header), so a configuration is measured serving
 * real answers, not errors: the first request of a tenant also provisions
 * its catalog in the cell's database.
 */
export async function waitUntilServed(options: {
  readonly url: string;
  readonly path: string;
  readonly tenantIds: readonly string[];
  readonly cellId: string;
  readonly timeoutMs: number;
  /** Headers for a tenant's request; by default `x-tenant-id` alone. */
  readonly headersFor?: (tenantId: string) => Record<string, string>;
}): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;

  for (const tenantId of options.tenantIds) {
    let last = 'no answer';
    for (;;) {
      const response = await fetch(`${options.url}${options.path}`, {
        headers: options.headersFor?.(tenantId) ?? {
          'x-tenant-id': tenantId,
        },
        signal: AbortSignal.timeout(5_000),
      }).catch((error: unknown) => {
        last = String(error);

        return undefined;
      });
      const body = await response?.text();
      if (
        response?.status === 200 &&
        response.headers.get('x-cell') === options.cellId
      ) {
        break;
      }
      if (response) last = `HTTP ${response.status}: ${body?.slice(0, 200)}`;

      if (Date.now() > deadline) {
        throw new Error(`${options.url} does not serve ${tenantId}: ${last}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}
