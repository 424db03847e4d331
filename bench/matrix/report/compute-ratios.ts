import type { ConfigurationName } from '../configurations/bench-configuration';
import { isMeasured, type BenchResult, type RatioSet } from './bench-result';
import { ratio } from './ratio';

/** The comparisons the issues ask for, numerator first. */
export const RATIO_PAIRS: readonly (readonly [
  ConfigurationName,
  ConfigurationName,
])[] = [
  ['gateway', 'direct'],
  ['gateway', 'nginx'],
  ['gateway', 'fastify_reply_from'],
  ['nginx', 'direct'],
  ['fastify_reply_from', 'direct'],
  ['gateway_full', 'gateway'],
  ['gateway_full_unique_tokens', 'gateway'],
  ['gateway_full', 'gateway_full_no_policy'],
  ['gateway_full', 'haproxy_full'],
  ['gateway_full_unique_tokens', 'haproxy_full'],
];

/**
 * `a/b` for each pair: req/s and CPU per request. A pair with a side not
 * measured gets nulls, never an invented figure.
 */
export function computeRatios(
  configurations: BenchResult['configurations'],
): Record<string, RatioSet> {
  const ratios: Record<string, RatioSet> = {};

  for (const [a, b] of RATIO_PAIRS) {
    const top = configurations[a];
    const bottom = configurations[b];
    const both = isMeasured(top) && isMeasured(bottom);

    ratios[`${a}/${b}`] = {
      rps: both ? ratio(top.rps, bottom.rps) : null,
      cpu_us_per_req: both
        ? ratio(top.cpu_us_per_req, bottom.cpu_us_per_req)
        : null,
    };
  }

  return ratios;
}
