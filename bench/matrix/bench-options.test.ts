import { describe, expect, it } from 'vitest';

import { readBenchOptions } from './bench-options';

describe('readBenchOptions', () => {
  it('defaults to 3 runs of 10 s after 3 s, and 1,000 req/s open loop', () => {
    const options = readBenchOptions([], {}, 2);

    expect(options).toMatchObject({
      runs: 3,
      durationS: 10,
      warmupS: 3,
      connections: 32,
      openLoop: { rateRps: 1000, durationS: 5, warmupS: 1 },
      loadCpu: 0,
      serverCpu: 1,
      outFile: 'bench/results/latest.json',
      docFile: 'docs/BENCHMARKS.md',
      command: 'npm run bench',
    });
  });

  it('records the flags in the command it reports', () => {
    const options = readBenchOptions(['--runs', '1', '--duration', '5'], {}, 2);

    expect(options.runs).toBe(1);
    expect(options.command).toBe('npm run bench -- --runs 1 --duration 5');
  });

  it('takes the command and commit from scripts/bench.sh for a revision', () => {
    const commit = 'a'.repeat(40);
    const options = readBenchOptions(
      ['--out', '/repo/latest.json'],
      {
        BENCH_COMMAND: 'npm run bench -- --revision HEAD',
        BENCH_REVISION: commit,
      },
      2,
    );

    expect(options.command).toBe('npm run bench -- --revision HEAD');
    expect(options.revision).toBe(commit);
    expect(readBenchOptions([], {}, 2).revision).toBeNull();
  });

  it('puts everything on CPU 0 on a one-CPU machine', () => {
    const options = readBenchOptions([], {}, 1);

    expect([options.loadCpu, options.serverCpu]).toEqual([0, 0]);
  });

  it('refuses bounds it cannot keep and databases off loopback', () => {
    expect(() => readBenchOptions(['--runs', '0'], {}, 2)).toThrow();
    expect(() => readBenchOptions(['--duration', '600'], {}, 2)).toThrow();
    expect(() => readBenchOptions(['--nonsense'], {}, 2)).toThrow();
    expect(() =>
      readBenchOptions(
        [],
        { BENCH_ADMIN_DATABASE_URL: 'postgres://db.example.com/postgres' },
        2,
      ),
    ).toThrow(/loopback/);
  });
});
