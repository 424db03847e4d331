/** The fields of `/proc/<pid>/stat` the bench uses. */
export interface ProcStat {
  readonly pid: number;
  /** The command name (at most 15 characters), without its parentheses. */
  readonly comm: string;
  readonly ppid: number;
  /** User and system CPU time, in clock ticks (`getconf CLK_TCK`). */
  readonly utimeTicks: number;
  readonly stimeTicks: number;
}

/**
 * Parses one `/proc/<pid>/stat` line (proc(5)). The command name sits in
 * parentheses and may itself hold spaces or parentheses, so fields are
 * counted from the last `)`: state is field 3, ppid 4, utime 14, stime 15.
 */
export function parseProcStat(line: string): ProcStat {
  const close = line.lastIndexOf(')');
  const pid = Number.parseInt(line, 10);
  if (close < 0 || !Number.isInteger(pid)) {
    throw new Error(`not a /proc stat line: ${line.slice(0, 80)}`);
  }

  const rest = line
    .slice(close + 2)
    .trim()
    .split(/\s+/);
  // rest[0] is field 3 (state), so field n is rest[n - 3].
  const field = (n: number): number => {
    const value = Number(rest[n - 3]);
    if (!Number.isFinite(value)) {
      throw new Error(`/proc stat of ${pid}: field ${n} missing`);
    }

    return value;
  };

  return {
    pid,
    comm: line.slice(line.indexOf('(') + 1, close),
    ppid: field(4),
    utimeTicks: field(14),
    stimeTicks: field(15),
  };
}

/** Resident set size in bytes from `/proc/<pid>/status` (its VmRSS line). */
export function parseVmRssBytes(status: string): number {
  const match = /^VmRSS:\s+(\d+)\s+kB$/m.exec(status);
  if (!match) throw new Error('no VmRSS line in /proc status');

  return Number(match[1]) * 1024;
}
