/**
 * `time.date`, `time.clock` and `time.weekday` on the host: the calendar
 * fields of a time in nanoseconds since the epoch, in UTC or in the IANA
 * zone given as `[ns, "Europe/Paris"]` (`""` is UTC, `"Local"` the host's
 * zone). Nanoseconds arrive as JSON numbers, so a time within a
 * microsecond of midnight may fall on the neighbouring day.
 */

interface Fields {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  weekday: string;
}

function fields(arg: unknown): Fields | undefined {
  const [ns, zone] = Array.isArray(arg) ? arg : [arg, ''];
  if (typeof ns !== 'number' || typeof zone !== 'string') return undefined;
  if (Array.isArray(arg) && arg.length !== 2) return undefined;
  const ms = Math.floor(ns / 1e6);
  const timeZone = zone === '' ? 'UTC' : zone === 'Local' ? undefined : zone;
  let parts: Intl.DateTimeFormatPart[];
  try {
    parts = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      era: 'short',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      weekday: 'long',
    }).formatToParts(new Date(ms));
  } catch {
    return undefined;
  }
  const get = (type: string): string =>
    parts.find((p) => p.type === type)?.value ?? '';
  const year = Number(get('year'));

  return {
    year: get('era') === 'BC' ? 1 - year : year,
    month: Number(get('month')),
    day: Number(get('day')),
    hour: Number(get('hour')),
    minute: Number(get('minute')),
    second: Number(get('second')),
    weekday: get('weekday'),
  };
}

export const timeBuiltins = {
  'time.date': (arg: unknown): unknown => {
    const f = fields(arg);
    return f && [f.year, f.month, f.day];
  },
  'time.clock': (arg: unknown): unknown => {
    const f = fields(arg);
    return f && [f.hour, f.minute, f.second];
  },
  'time.weekday': (arg: unknown): unknown => fields(arg)?.weekday,
};
