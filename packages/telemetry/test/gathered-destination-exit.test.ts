import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

const TSX = fileURLToPath(
  new URL('../../../node_modules/.bin/tsx', import.meta.url),
);
const SCRIPT = fileURLToPath(new URL('crash-after-lines.ts', import.meta.url));

describe('GatheredDestination when the process dies', () => {
  it.each(['throw', 'reject', 'exit'])(
    'writes every pending line on %s',
    (how) => {
      const run = spawnSync(TSX, [SCRIPT, how], {
        encoding: 'utf8',
        timeout: 60_000,
      });

      expect(run.status).not.toBe(0);
      expect(run.stdout).toBe('{"line":0}\n{"line":1}\n{"line":2}\n');
    },
    90_000,
  );
});
