import type { LoadSummary } from './load-tally';

/** The summary as the few lines `npm run demo` and the CLI print. */
export function formatSummary(summary: LoadSummary, url: string): string {
  const { byOperation: ops, latencyMs: ms } = summary;
  const cells = Object.entries(summary.byCell)
    .map(([cell, n]) => `${cell} ${n} (${share(n, summary.total)})`)
    .join(', ');
  const errorCodes = Object.entries(summary.errorsByCode)
    .map(([code, n]) => `${code} ${n}`)
    .join(', ');

  return [
    `load: ${summary.durationS} s, concurrency ${summary.concurrency}, ${url}`,
    `  requests      ${summary.total} (${summary.rps} RPS): catalog ${ops.catalog}, cart ${ops.cart}, checkout ${ops.checkout}`,
    `  latency       p50 ${ms.p50} ms, p90 ${ms.p90} ms, p99 ${ms.p99} ms, max ${ms.max} ms`,
    `  errors        ${summary.errors}${errorCodes ? `: ${errorCodes}` : ''}`,
    `  out of stock  ${summary.outOfStock} (checkouts refused to oversell; not errors)`,
    `  per cell      ${cells || 'none'}`,
    authLine(summary.auth),
  ]
    .filter((line) => line !== null)
    .join('\n');
}

/** Tokens sent and refused; absent for a run without tokens. */
function authLine(auth: LoadSummary['auth']): string | null {
  const sent = auth.freshTokens + auth.reusedTokens;
  if (sent === 0) return null;

  return (
    `  tokens        ${sent} sent (${share(auth.reusedTokens, sent)} reused); ` +
    `401 ${auth.unauthorized}, 403 ${auth.forbidden} ` +
    `(policy denials ${auth.policyDenied})`
  );
}

function share(part: number, total: number): string {
  return total > 0 ? `${((part * 100) / total).toFixed(1)} %` : '0 %';
}
