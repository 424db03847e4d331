import { describe, expect, it } from 'vitest';
import { timeBuiltins } from './host-time';

const date = timeBuiltins['time.date'];
const clock = timeBuiltins['time.clock'];
const weekday = timeBuiltins['time.weekday'];

describe('host time built-ins', () => {
  const monday = 1517832000000000000; // 2018-02-05T12:00:00Z

  it('reads calendar fields in UTC by default', () => {
    expect(date(monday)).toEqual([2018, 2, 5]);
    expect(date([monday, ''])).toEqual([2018, 2, 5]);
    expect(clock(monday)).toEqual([12, 0, 0]);
    expect(weekday(monday)).toBe('Monday');
    expect(date(-86400e9)).toEqual([1969, 12, 31]);
  });

  it('reads them in an IANA zone', () => {
    expect(clock([monday, 'America/New_York'])).toEqual([7, 0, 0]);
    expect(date([1517814000000000000, 'America/Los_Angeles'])).toEqual([
      2018, 2, 4,
    ]);
  });

  it('is undefined for an unknown zone or a wrong argument', () => {
    expect(date([monday, 'Nowhere/City'])).toBeUndefined();
    expect(date('x')).toBeUndefined();
    expect(date([monday, 'UTC', 1])).toBeUndefined();
  });
});
