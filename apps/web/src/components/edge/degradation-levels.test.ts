import { describe, expect, it } from 'vitest';

import { forcedLevelBars, levelTone } from './degradation-levels';

describe('forcedLevelBars', () => {
  it('ranks forced levels and counts unforced cells as 0', () => {
    expect(
      forcedLevelBars([
        { cellId: 'a', forced: null },
        { cellId: 'b', forced: { level: 'limited' } },
        { cellId: 'c', forced: { level: 'survival' } },
      ]),
    ).toEqual([
      { label: 'a', value: 0 },
      { label: 'b', value: 2 },
      { label: 'c', value: 3 },
    ]);
  });

  it('colours severe levels as bad', () => {
    expect(levelTone('normal')).toBe('good');
    expect(levelTone('degraded')).toBe('warn');
    expect(levelTone('limited')).toBe('bad');
  });
});
