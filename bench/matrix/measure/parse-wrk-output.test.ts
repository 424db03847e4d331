import { describe, expect, it } from 'vitest';

import { parseWrkOutput, WrkOutputError } from './parse-wrk-output';

// What wrk 4.1 prints with our script: its own summary, then our line.
const OUTPUT = `Running 10s test @ http://127.0.0.1:41234/catalog
  1 threads and 32 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     7.03ms    3.10ms  52.80ms   90.12%
    Req/Sec     4.12k   310.55     4.60k    72.00%
  41234 requests in 10.02s, 98.12MB read
Requests/sec:   4115.17
Transfer/sec:      9.79MB
BENCH_WRK_JSON {"requests":41234,"duration_us":10020000,"p50_us":6920,"p99_us":27050,"max_us":52800,"status_errors":3,"connect_errors":1,"read_errors":2,"write_errors":0,"timeouts":4}
`;

describe('parseWrkOutput', () => {
  it('reads the exact figures from the script line, not the rounded summary', () => {
    const result = parseWrkOutput(OUTPUT);

    expect(result.requests).toBe(41_234);
    expect(result.durationS).toBeCloseTo(10.02, 6);
    expect(result.rps).toBeCloseTo(41_234 / 10.02, 6);
    expect(result.p50Ms).toBeCloseTo(6.92, 6);
    expect(result.p99Ms).toBeCloseTo(27.05, 6);
    expect(result.maxMs).toBeCloseTo(52.8, 6);
  });

  it('counts non-2xx answers apart from socket errors and timeouts', () => {
    const result = parseWrkOutput(OUTPUT);

    expect(result.non2xx).toBe(3);
    expect(result.socketErrors).toBe(1 + 2 + 0 + 4);
  });

  it('reads the fresh tokens a token script sent, 0 from the plain script', () => {
    expect(parseWrkOutput(OUTPUT).freshTokens).toBe(0);
    expect(
      parseWrkOutput(
        OUTPUT.replace('"timeouts":4}', '"timeouts":4,"fresh_tokens":16493}'),
      ).freshTokens,
    ).toBe(16_493);
  });

  it('refuses output without the script line (wrk failed or another script ran)', () => {
    const summaryOnly = OUTPUT.split('\n').slice(0, 8).join('\n');

    expect(() => parseWrkOutput(summaryOnly)).toThrow(WrkOutputError);
  });

  it('refuses a malformed or incomplete script line', () => {
    expect(() => parseWrkOutput('BENCH_WRK_JSON {"requests":')).toThrow(
      /not JSON/,
    );
    expect(() =>
      parseWrkOutput('BENCH_WRK_JSON {"requests":10,"duration_us":0}'),
    ).toThrow(WrkOutputError);
  });
});
