import { describe, expect, it } from 'vitest';

import { formatAgo, formatTimestamp } from './format-time';

const now = Date.parse('2026-12-04T12:00:00Z');

describe('formatAgo', () => {
  it('picks the largest whole unit', () => {
    expect(formatAgo('2026-12-04T11:59:48Z', now)).toBe('12 seconds ago');
    expect(formatAgo('2026-12-04T11:55:00Z', now)).toBe('5 minutes ago');
    expect(formatAgo('2026-12-04T09:00:00Z', now)).toBe('3 hours ago');
    expect(formatAgo('2026-12-02T12:00:00Z', now)).toBe('2 days ago');
    expect(formatAgo(new Date(now), now)).toBe('now');
  });

  it('shows a dash for missing or unreadable times', () => {
    expect(formatAgo(null, now)).toBe('—');
    expect(formatAgo('not a date', now)).toBe('—');
  });
});

describe('formatTimestamp', () => {
  it('prints UTC to the second', () => {
    expect(formatTimestamp('2026-12-04T17:12:41.123Z')).toBe(
      '2026-12-04 17:12:41 UTC',
    );
    expect(formatTimestamp(undefined)).toBe('—');
  });
});
