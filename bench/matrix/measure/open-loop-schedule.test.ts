import { describe, expect, it } from 'vitest';

import { OpenLoopSchedule } from './open-loop-schedule';

describe('OpenLoopSchedule', () => {
  it('spaces requests evenly at the rate and bounds their number', () => {
    const schedule = new OpenLoopSchedule(1000, 5);

    expect(schedule.total).toBe(5000);
    expect(schedule.intervalMs).toBe(1);
    expect(schedule.dueAt(0)).toBe(0);
    expect(schedule.dueAt(2500)).toBe(2500);
  });

  it('counts requests due by a time, including the one due exactly then', () => {
    const schedule = new OpenLoopSchedule(300, 10);

    expect(schedule.dueBy(-1)).toBe(0);
    expect(schedule.dueBy(0)).toBe(1);
    // Request 3 is due at 10 ms; 3 / 300 * 1000 is not exact in binary.
    expect(schedule.dueBy(schedule.dueAt(3))).toBe(4);
    expect(schedule.dueBy(9.99)).toBe(3);
  });

  it('never has more due than the total, however late the client is', () => {
    const schedule = new OpenLoopSchedule(1000, 2);

    expect(schedule.dueBy(1_000_000)).toBe(2000);
  });

  it('measures latency from the due time, so a late send counts as waiting', () => {
    const schedule = new OpenLoopSchedule(1000, 1);

    // Request 10 was due at 10 ms; the client sent it at 15 ms and the
    // answer came at 16 ms: 6 ms, not the 1 ms a closed loop would see.
    expect(schedule.latencyOf(10, 16)).toBe(6);
  });

  it('refuses a rate or duration that is not positive', () => {
    expect(() => new OpenLoopSchedule(0, 5)).toThrow(RangeError);
    expect(() => new OpenLoopSchedule(1000, 0)).toThrow(RangeError);
  });
});
