import { describe, expect, it } from 'vitest';

import { processTree } from './process-tree';

describe('processTree', () => {
  // 1 -> 100 (nginx master) -> 101, 102 (workers); 101 -> 103; 200 unrelated.
  const parents = new Map([
    [100, 1],
    [101, 100],
    [102, 100],
    [103, 101],
    [200, 1],
  ]);

  it('holds the root and every descendant, root first', () => {
    expect(processTree(100, parents)).toEqual([100, 101, 102, 103]);
  });

  it('is the root alone when it has no children', () => {
    expect(processTree(200, parents)).toEqual([200]);
  });

  it('ends on a cycle instead of looping', () => {
    const cyclic = new Map([
      [5, 6],
      [6, 5],
    ]);

    expect(processTree(5, cyclic)).toEqual([5, 6]);
  });
});
