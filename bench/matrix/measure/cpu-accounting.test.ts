import { describe, expect, it } from 'vitest';

import {
  cpuMicrosBetween,
  cpuMicrosPerRequest,
  cpuSample,
} from './cpu-accounting';

const stat = (pid: number, utimeTicks: number, stimeTicks: number) => ({
  pid,
  comm: 'node',
  ppid: 1,
  utimeTicks,
  stimeTicks,
});

describe('CPU accounting', () => {
  it('adds user and system time of every process', () => {
    const before = cpuSample([stat(10, 100, 20), stat(11, 50, 5)]);
    const after = cpuSample([stat(10, 300, 70), stat(11, 60, 10)]);

    // (200 + 50) + (10 + 5) = 265 ticks at 100 Hz = 2.65 s.
    expect(cpuMicrosBetween(before, after, 100)).toBeCloseTo(2_650_000, 6);
  });

  it('counts a process that appeared in the window from zero', () => {
    const before = cpuSample([stat(10, 100, 0)]);
    const after = cpuSample([stat(10, 100, 0), stat(12, 3, 1)]);

    expect(cpuMicrosBetween(before, after, 100)).toBeCloseTo(40_000, 6);
  });

  it('uses the tick rate it is given', () => {
    const before = cpuSample([stat(10, 0, 0)]);
    const after = cpuSample([stat(10, 250, 0)]);

    expect(cpuMicrosBetween(before, after, 250)).toBeCloseTo(1_000_000, 6);
  });

  it('divides by requests, and gives null, not infinity, for none', () => {
    expect(cpuMicrosPerRequest(2_650_000, 50_000)).toBeCloseTo(53, 6);
    expect(cpuMicrosPerRequest(2_650_000, 0)).toBeNull();
  });
});
