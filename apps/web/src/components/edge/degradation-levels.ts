import type { BarDatum } from '@/components/charts/bar-chart-svg';

/** Degradation levels, mild to severe, as gateways apply them. */
export const degradationLevels = [
  'normal',
  'degraded',
  'limited',
  'survival',
] as const;

export type DegradationLevel = (typeof degradationLevels)[number];

/**
 * One bar per cell: the forced level's rank (0 normal to 3 survival), 0
 * for a cell whose level follows its health at each gateway.
 */
export function forcedLevelBars(
  cells: readonly {
    cellId: string;
    forced: { level: DegradationLevel } | null;
  }[],
): BarDatum[] {
  return cells.map((cell) => ({
    label: cell.cellId,
    value: cell.forced ? degradationLevels.indexOf(cell.forced.level) : 0,
  }));
}

/** The badge tone of a level: the more severe, the louder. */
export function levelTone(level: DegradationLevel) {
  if (level === 'normal') return 'good' as const;
  if (level === 'degraded') return 'warn' as const;

  return 'bad' as const;
}
