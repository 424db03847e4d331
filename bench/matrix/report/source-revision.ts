import { spawnSync } from 'node:child_process';

/** Which code was measured: the commit, and what differed from it. */
export interface SourceRevision {
  readonly commit: string;
  /** Files of the measured code with changes not yet committed. */
  readonly uncommitted: readonly string[];
}

/**
 * The bench runs the working tree, where other work may be in progress;
 * the report names the commit and every uncommitted file of the code it
 * measured, so a figure can be traced to the code behind it.
 */
export function readSourceRevision(paths: readonly string[]): SourceRevision {
  const head = spawnSync('git', ['rev-parse', 'HEAD'], { encoding: 'utf8' });
  const status = spawnSync(
    'git',
    ['status', '--porcelain', '--untracked-files=all', '--', ...paths],
    { encoding: 'utf8' },
  );

  return {
    commit: head.status === 0 ? head.stdout.trim() : 'unknown',
    uncommitted: status.status === 0 ? porcelainPaths(status.stdout) : [],
  };
}

/** Paths of `git status --porcelain` (v1) lines; a rename gives its target. */
export function porcelainPaths(porcelain: string): string[] {
  return porcelain
    .split('\n')
    .filter((line) => line.length > 3)
    .map((line) => line.slice(3).split(' -> ').at(-1)!.replace(/^"|"$/g, ''));
}
