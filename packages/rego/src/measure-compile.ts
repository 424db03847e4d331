import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { compile } from './compile';
import { prepareRuntime } from './test-runtime';

/**
 * Measures the compile time and module size of the ~300-line policy in
 * fixtures/large: `npx tsx packages/rego/src/measure-compile.ts`. Prints
 * one JSON line (first compile, and the median of the next ten).
 */
await prepareRuntime();
const path = fileURLToPath(
  new URL('../fixtures/large/policy.rego', import.meta.url),
);
const source = readFileSync(path, 'utf8');
const options = { entrypoints: ['cellplane/large/allow'] };

const t0 = performance.now();
const first = compile({ 'policy.rego': source }, options);
const firstMs = performance.now() - t0;

const times: number[] = [];
for (let i = 0; i < 10; i++) {
  const t = performance.now();
  compile({ 'policy.rego': source }, options);
  times.push(performance.now() - t);
}
times.sort((a, b) => a - b);

process.stdout.write(
  `${JSON.stringify({
    lines: source.split('\n').length,
    firstCompileMs: Math.round(firstMs),
    medianCompileMs: Math.round(times[5] ?? 0),
    moduleBytes: first.wasm.length,
    functions: first.plan.funcs.length,
  })}\n`,
);
