import type { HealthRecord } from './health-store';

export interface ProbeOptions {
  readonly timeoutMs: number;
  /** Hosts that may be probed, as `URL.hostname` spells them. */
  readonly allowedHosts: readonly string[];
}

/**
 * Probes `GET <url>/healthz` once. Only http(s) URLs on an allowed host are
 * called; anything else is reported `unknown` without sending a byte.
 */
export async function probeInstance(
  baseUrl: string,
  options: ProbeOptions,
): Promise<HealthRecord> {
  const checkedAt = () => new Date().toISOString();

  const target = probeTarget(baseUrl, options.allowedHosts);
  if (typeof target === 'string') {
    return { health: 'unknown', checkedAt: checkedAt(), reason: target };
  }

  try {
    const response = await fetch(target, {
      redirect: 'manual',
      signal: AbortSignal.timeout(options.timeoutMs),
    });
    await response.body?.cancel();

    return response.ok
      ? { health: 'up', checkedAt: checkedAt() }
      : {
          health: 'down',
          checkedAt: checkedAt(),
          reason: `status ${response.status}`,
        };
  } catch (error) {
    const reason =
      error instanceof Error && error.name === 'TimeoutError'
        ? `no answer within ${options.timeoutMs} ms`
        : 'connection failed';

    return { health: 'down', checkedAt: checkedAt(), reason };
  }
}

/** The URL to probe, or the reason it may not be probed. */
export function probeTarget(
  baseUrl: string,
  allowedHosts: readonly string[],
): URL | string {
  let url: URL;

  try {
    url = new URL(baseUrl);
  } catch {
    return 'not a URL';
  }

  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return `protocol ${url.protocol} is not probed`;
  }

  if (!allowedHosts.includes(url.hostname)) {
    return `host ${url.hostname} is not on the probe allow-list`;
  }

  return new URL('healthz', url.href.endsWith('/') ? url : `${url.href}/`);
}
