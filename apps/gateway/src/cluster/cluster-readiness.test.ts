import { describe, expect, it } from 'vitest';

import { summarizeWorkers, type WorkerState } from './cluster-readiness';

const reports = (entries: Array<[number, WorkerState]>) => new Map(entries);

describe('summarizeWorkers', () => {
  it('is ready with every live worker ready, on the versions they hold', () => {
    const summary = summarizeWorkers(
      [1, 2, 3],
      reports([
        [1, { ready: true, version: 21 }],
        [2, { ready: true, version: 20 }],
        [3, { ready: true, version: 21 }],
      ]),
    );

    expect(summary).toEqual({
      ready: true,
      workers: 3,
      readyWorkers: 3,
      versions: { oldest: 20, newest: 21 },
    });
  });

  it('counts a live worker not yet heard from as not ready', () => {
    const summary = summarizeWorkers(
      [1, 2],
      reports([[1, { ready: true, version: 7 }]]),
    );

    expect(summary).toEqual({
      ready: false,
      workers: 2,
      readyWorkers: 1,
      versions: { oldest: 7, newest: 7 },
    });
  });

  it('forgets reports of workers no longer live', () => {
    const summary = summarizeWorkers(
      [2],
      reports([
        [1, { ready: false, version: 3 }],
        [2, { ready: true, version: 9 }],
      ]),
    );

    expect(summary).toMatchObject({
      ready: true,
      workers: 1,
      versions: { oldest: 9, newest: 9 },
    });
  });

  it('has no versions while no worker holds a snapshot, and no readiness without workers', () => {
    expect(
      summarizeWorkers([1], reports([[1, { ready: false, version: null }]])),
    ).toMatchObject({ ready: false, versions: null });
    expect(summarizeWorkers([], reports([]))).toMatchObject({
      ready: false,
      workers: 0,
      versions: null,
    });
  });
});
