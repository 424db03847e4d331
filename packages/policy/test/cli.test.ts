import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { prepareRuntime } from '@cellplane/rego/test-runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../src/cli/main';

const FIXTURE = fileURLToPath(new URL('../fixtures/authz', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'cellplane-cli-'));

async function run(
  ...argv: string[]
): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, {
    stdout: (t) => (out += t),
    stderr: (t) => (err += t),
  });

  return { code, out, err };
}

beforeAll(async () => {
  await prepareRuntime();
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('cellplane policy', () => {
  it('builds a bundle and evaluates it like opa eval', async () => {
    const bundle = join(dir, 'bundle.tar.gz');
    const input = join(dir, 'input.json');
    writeFileSync(input, JSON.stringify({ method: 'GET', path: '/public/x' }));

    expect(
      await run(
        'policy',
        'build',
        '-t',
        'wasm',
        '-e',
        'cellplane/authz/allow',
        '-o',
        bundle,
        FIXTURE,
      ),
    ).toEqual({ code: 0, out: '', err: '' });
    const evaluated = await run(
      'policy',
      'eval',
      '--bundle',
      bundle,
      '--input',
      input,
      'data.cellplane.authz.allow',
    );
    expect(evaluated.code).toBe(0);
    expect(JSON.parse(evaluated.out)).toEqual({
      result: [
        {
          expressions: [
            {
              value: true,
              text: 'data.cellplane.authz.allow',
              location: { row: 1, col: 1 },
            },
          ],
        },
      ],
    });
  });

  it('runs test_ rules and reports coverage', async () => {
    const res = await run('policy', 'test', '--coverage', FIXTURE);

    expect(res.code).toBe(0);
    expect(res.out).toContain('PASS: 4/4');
    expect(JSON.parse(res.out.slice(res.out.indexOf('{')))).toMatchObject({
      not_covered: ['data.cellplane.authz.reasons'],
    });
  });

  it('fails a failing test with exit code 2', async () => {
    const failing = mkdtempSync(join(dir, 'failing-'));
    writeFileSync(
      join(failing, 'x_test.rego'),
      'package x\n\ntest_no if 1 == 2\ntest_yes if true\n',
    );
    const res = await run('policy', 'test', failing);

    expect(res.code).toBe(2);
    expect(res.out).toContain('data.x.test_no: FAIL');
    expect(res.out).toContain('PASS: 1/2\nFAIL: 1/2');
  });

  it('prints compile errors with file:line:col to stderr', async () => {
    const broken = mkdtempSync(join(dir, 'broken-'));
    writeFileSync(
      join(broken, 'p.rego'),
      'package x\n\nallow if {\n  input.a ==\n}\n',
    );
    const res = await run(
      'policy',
      'build',
      '-e',
      'x/allow',
      '-o',
      join(dir, 'b.tgz'),
      broken,
    );

    expect(res.code).toBe(1);
    expect(res.err).toBe(
      `1 error occurred: ${join(broken, 'p.rego')}:5:1: rego_parse_error: expected a term, found "}"\n`,
    );
  });

  it('refuses an entrypoint no rule defines, and a folder without Rego', async () => {
    const policy = mkdtempSync(join(dir, 'entry-'));
    writeFileSync(join(policy, 'p.rego'), 'package x\nallow if input.a == 1\n');
    const empty = mkdtempSync(join(dir, 'empty-'));
    const out = join(dir, 'e.tgz');

    const typo = await run(
      'policy',
      'build',
      '-e',
      'x/alow',
      '-o',
      out,
      policy,
    );
    expect(typo.code).toBe(1);
    expect(typo.err).toBe(
      'error: POLICY_ENTRYPOINT_UNDEFINED: no rule defines the entrypoint x/alow\n',
    );

    // A package and a key below a rule are entrypoints rules define.
    for (const entrypoint of ['x', 'x/allow', 'x/allow/y']) {
      const ok = await run(
        'policy',
        'build',
        '-e',
        entrypoint,
        '-o',
        out,
        policy,
      );
      expect(ok.code, ok.err).toBe(0);
    }

    const none = await run(
      'policy',
      'build',
      '-e',
      'x/allow',
      '-o',
      out,
      empty,
    );
    expect(none.code).toBe(1);
    expect(none.err).toBe(
      `error: POLICY_NO_SOURCES: no .rego file in ${empty}\n`,
    );
  });

  it('names a JSON file that does not parse, and refuses an unknown format', async () => {
    const bundle = join(dir, 'j.tgz');
    await run(
      'policy',
      'build',
      '-e',
      'cellplane/authz/allow',
      '-o',
      bundle,
      FIXTURE,
    );
    const truncated = join(dir, 'truncated.json');
    writeFileSync(truncated, '{"method":');
    const empty = join(dir, 'empty.json');
    writeFileSync(empty, '');
    const query = 'data.cellplane.authz.allow';

    const bad = await run(
      'policy',
      'eval',
      '--bundle',
      bundle,
      '--input',
      truncated,
      query,
    );
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(
      new RegExp(`^error: POLICY_JSON_INVALID: ${truncated} is not JSON: `),
    );
    const blank = await run(
      'policy',
      'eval',
      '--bundle',
      bundle,
      '--input',
      empty,
      query,
    );
    expect(blank.err).toBe(
      `error: POLICY_JSON_INVALID: ${empty} is not JSON: the file is empty\n`,
    );

    const xml = await run(
      'policy',
      'eval',
      '--bundle',
      bundle,
      '-f',
      'xml',
      query,
    );
    expect(xml.code).toBe(1);
    expect(xml.err).toBe('error: unknown format xml: use json or raw\n');
  });
});
