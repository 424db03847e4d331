import type { BarDatum } from '@/components/charts/bar-chart-svg';

interface AppliedVersion {
  appliedVersion: number | null;
}

/** Gateways per applied snapshot version, oldest first; none as "none". */
export function versionDistribution(
  gateways: readonly AppliedVersion[],
): BarDatum[] {
  const counts = new Map<number | null, number>();
  for (const gateway of gateways) {
    counts.set(
      gateway.appliedVersion,
      (counts.get(gateway.appliedVersion) ?? 0) + 1,
    );
  }

  return [...counts.entries()]
    .sort(([a], [b]) => (a ?? -1) - (b ?? -1))
    .map(([version, value]) => ({
      label: version === null ? 'none' : `v${version}`,
      value,
    }));
}
