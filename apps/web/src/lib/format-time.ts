const units: ReadonlyArray<[Intl.RelativeTimeFormatUnit, number]> = [
  ['day', 86_400],
  ['hour', 3_600],
  ['minute', 60],
  ['second', 1],
];

const relative = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });

/** "12 seconds ago" style text for a timestamp, or an em dash when absent. */
export function formatAgo(
  value: string | Date | null | undefined,
  now: number = Date.now(),
): string {
  if (value === null || value === undefined) return '—';

  const time = new Date(value).getTime();
  if (Number.isNaN(time)) return '—';

  const seconds = Math.round((time - now) / 1000);
  for (const [unit, size] of units) {
    if (Math.abs(seconds) >= size || unit === 'second') {
      return relative.format(Math.round(seconds / size), unit);
    }
  }

  return '—';
}

/** Absolute UTC time for tooltips and audit-style fields. */
export function formatTimestamp(
  value: string | Date | null | undefined,
): string {
  if (value === null || value === undefined) return '—';

  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return '—';

  return date
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, ' UTC');
}
