import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The committed list of expected skips: `note<TAB>reason` per line. */
export const EXPECTED_SKIPS_PATH = fileURLToPath(
  new URL('./expected-skips.txt', import.meta.url),
);

export function readExpectedSkips(path = EXPECTED_SKIPS_PATH): Set<string> {
  const text = readFileSync(path, 'utf8');

  return new Set(
    text
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => l.split('\t')[0] as string),
  );
}

export function writeExpectedSkips(
  skips: { note: string; reason: string }[],
  path = EXPECTED_SKIPS_PATH,
): void {
  const lines = skips
    .map((s) => `${s.note}\t${s.reason}`)
    .sort()
    .filter((l, i, all) => l !== all[i - 1]);
  writeFileSync(path, `${lines.join('\n')}\n`);
}
