import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseModule } from './parser';
import { plan } from './planner';
import { printPlan } from './print-plan';
import { BUILTINS } from './builtins';

const DIR = fileURLToPath(new URL('./golden/', import.meta.url));
const RUNTIME_EXPORTS = new Set(
  Object.values(BUILTINS).flatMap((b) => (b.rt ? [b.rt] : [])),
);

/**
 * Golden files of the planner: each `golden/<name>.rego` is planned with
 * every rule of package x as entrypoint and compared with
 * `golden/<name>.plan`. After an intended change, regenerate with
 * `UPDATE_GOLDEN=1 npx vitest run packages/rego/src/golden.test.ts` and
 * review the diff.
 */
describe('planner golden files', () => {
  for (const file of readdirSync(DIR).filter((f) => f.endsWith('.rego'))) {
    it(file, () => {
      const module = parseModule(readFileSync(DIR + file, 'utf8'), file);
      const entrypoints = [
        ...new Set(module.rules.map((r) => r.path.join('/'))),
      ];
      const text = printPlan(
        plan([module], { entrypoints, runtimeExports: RUNTIME_EXPORTS }),
      );
      const golden = DIR + file.replace(/\.rego$/, '.plan');
      if (process.env.UPDATE_GOLDEN === '1') writeFileSync(golden, text);

      expect(text).toBe(readFileSync(golden, 'utf8'));
    });
  }
});
