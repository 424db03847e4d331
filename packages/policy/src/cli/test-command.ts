import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadPolicy } from '@open-policy-agent/opa-wasm';
import { compile, hostBuiltins, parseModule } from '@cellplane/rego';
import { listFiles } from '../build-bundle';
import { mergeAt } from '../read-bundle';
import { readJsonFile } from '../read-json-file';
import { UsageError, type CliIo } from './cli-io';

const LINE = '-'.repeat(80);

interface TestResult {
  name: string;
  status: 'PASS' | 'FAIL' | 'ERROR';
  ms: number;
  error?: string;
}

/**
 * `policy test [-v] [--coverage] <dir>`: runs every `test_` rule of the
 * folder's modules like `opa test`: a test passes when it is true. Exit
 * code 2 when a test fails or errs. `--coverage` adds the rules the tests
 * reach (statically, through the rules they refer to) and those they miss.
 */
export async function testCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: {
      verbose: { type: 'boolean', short: 'v', default: false },
      coverage: { type: 'boolean', default: false },
    },
    allowPositionals: true,
  });
  const dir = positionals[0];
  if (!dir || positionals.length > 1) {
    throw new UsageError('expected exactly one directory to test');
  }

  const sources: Record<string, string> = {};
  const data: Record<string, unknown> = {};
  for (const file of listFiles(dir)) {
    const path = join(dir, file);
    if (file.endsWith('.rego')) sources[path] = readFileSync(path, 'utf8');
    if (file === 'data.json' || file.endsWith('/data.json')) {
      mergeAt(data, file.split('/').slice(0, -1), readJsonFile(path), file);
    }
  }

  const modules = Object.entries(sources).map(([f, s]) => parseModule(s, f));
  const allRules = [
    ...new Set(modules.flatMap((m) => m.rules.map((r) => r.path.join('.')))),
  ];
  const tests = allRules.filter((p) =>
    p.split('.').at(-1)?.startsWith('test_'),
  );
  if (tests.length === 0) {
    io.stdout('no test cases found\n');
    return 0;
  }

  const { wasm, plan } = compile(sources, {
    entrypoints: tests.map((t) => t.split('.').join('/')),
  });
  const policy = await loadPolicy(wasm, undefined, hostBuiltins());
  policy.setData(data);

  const results: TestResult[] = tests.map((name) => {
    const start = performance.now();
    try {
      const rs = policy.evaluate(
        undefined as unknown as object,
        name.split('.').join('/'),
      );
      const pass =
        Array.isArray(rs) && rs.length === 1 && rs[0]?.result === true;
      return {
        name,
        status: pass ? 'PASS' : 'FAIL',
        ms: performance.now() - start,
      };
    } catch (e) {
      return {
        name,
        status: 'ERROR',
        ms: performance.now() - start,
        error: e instanceof Error ? e.message : String(e),
      };
    }
  });

  for (const r of results) {
    if (!values.verbose && r.status === 'PASS') continue;
    const err = r.error ? `\n  ${r.error}` : '';
    io.stdout(`data.${r.name}: ${r.status} (${r.ms.toFixed(3)}ms)${err}\n`);
  }
  if (values.verbose || results.some((r) => r.status !== 'PASS'))
    io.stdout(`${LINE}\n`);
  for (const status of ['PASS', 'FAIL', 'ERROR'] as const) {
    const n = results.filter((r) => r.status === status).length;
    if (n > 0) io.stdout(`${status}: ${n}/${results.length}\n`);
  }

  if (values.coverage) {
    const reached = new Set<string>();
    const visit = (rule: string): void => {
      for (const next of plan.calls[rule] ?? []) {
        if (!reached.has(next)) {
          reached.add(next);
          visit(next);
        }
      }
    };
    tests.forEach(visit);
    const rules = allRules.filter((r) => !tests.includes(r));
    const covered = rules.filter((r) => reached.has(r));
    const report = {
      covered: covered.map((r) => `data.${r}`),
      not_covered: rules.filter((r) => !reached.has(r)).map((r) => `data.${r}`),
      coverage:
        rules.length === 0
          ? 100
          : Math.round((covered.length / rules.length) * 1000) / 10,
    };
    io.stdout(`${JSON.stringify(report, null, 2)}\n`);
  }

  return results.every((r) => r.status === 'PASS') ? 0 : 2;
}
