import { describe, expect, it } from 'vitest';

import { parseProcStat, parseVmRssBytes } from './proc-stat';

// proc(5): pid (comm) state ppid pgrp session tty tpgid flags minflt
// cminflt majflt cmajflt utime stime ...
const line = (comm: string) =>
  `4242 (${comm}) S 4200 4242 4200 0 -1 4194560 2513 0 0 0 731 129 0 0 20 0 11 0 3050 1180 13250 0`;

describe('parseProcStat', () => {
  it('reads pid, ppid, utime and stime', () => {
    expect(parseProcStat(line('node'))).toEqual({
      pid: 4242,
      comm: 'node',
      ppid: 4200,
      utimeTicks: 731,
      stimeTicks: 129,
    });
  });

  it('counts fields from the last parenthesis, whatever the command name holds', () => {
    const stat = parseProcStat(line('nginx: worker (x) 1 2'));

    expect(stat.comm).toBe('nginx: worker (x) 1 2');
    expect(stat.ppid).toBe(4200);
    expect(stat.utimeTicks).toBe(731);
    expect(stat.stimeTicks).toBe(129);
  });

  it('refuses a line that is not a stat line', () => {
    expect(() => parseProcStat('hello')).toThrow();
    expect(() => parseProcStat('12 (node) S 1')).toThrow(/field/);
  });
});

describe('parseVmRssBytes', () => {
  it('reads VmRSS in kB as bytes', () => {
    const status =
      'Name:\tnode\nVmPeak:\t 999 kB\nVmRSS:\t  131072 kB\nThreads:\t11\n';

    expect(parseVmRssBytes(status)).toBe(131_072 * 1024);
  });

  it('refuses a status without VmRSS (a kernel thread or a zombie)', () => {
    expect(() => parseVmRssBytes('Name:\tkthreadd\n')).toThrow(/VmRSS/);
  });
});
