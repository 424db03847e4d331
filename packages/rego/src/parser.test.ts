import { describe, expect, it } from 'vitest';
import { parseModule } from './parser';
import { RegoError } from './rego-error';

const strip = (v: unknown): unknown =>
  JSON.parse(
    JSON.stringify(v, (k, x: unknown) => (k === 'loc' ? undefined : x)),
  );

describe('parseModule', () => {
  it('parses rule kinds of Rego v1', () => {
    const m = parseModule(
      [
        'package a.b',
        'import rego.v1',
        'default allow := false',
        'allow if input.x == 1',
        'roles contains r if { some r in input.roles }',
        'obj[k] := v if { some k, v in input.o }',
        'f(x) := x + 1',
        'q := 1 if false else := 2',
      ].join('\n'),
      'p.rego',
    );

    expect(m.packagePath).toEqual(['a', 'b']);
    expect(m.rules.map((r) => [r.path.join('.'), r.kind, r.isDefault])).toEqual(
      [
        ['a.b.allow', 'complete', true],
        ['a.b.allow', 'complete', false],
        ['a.b.roles', 'set', false],
        ['a.b.obj', 'object', false],
        ['a.b.f', 'function', false],
        ['a.b.q', 'complete', false],
      ],
    );
    expect(m.rules[5]?.elses).toHaveLength(1);
  });

  it('keeps operator precedence', () => {
    const m = parseModule('package p\nx := 1 + 2 * 3 == 7', 'p.rego');
    expect(strip(m.rules[0]?.value)).toEqual({
      type: 'call',
      name: 'equal',
      args: [
        {
          type: 'call',
          name: 'plus',
          args: [
            { type: 'number', text: '1' },
            {
              type: 'call',
              name: 'mul',
              args: [
                { type: 'number', text: '2' },
                { type: 'number', text: '3' },
              ],
            },
          ],
        },
        { type: 'number', text: '7' },
      ],
    });
  });

  it('parses comprehensions and refs', () => {
    const m = parseModule(
      'package p\nxs := [x | some x in input.a; x > 1]\ns := {x | x := input.a[_]}',
      'p.rego',
    );
    expect(m.rules[0]?.value.type).toBe('arraycomp');
    expect(m.rules[1]?.value.type).toBe('setcomp');
  });

  it('reports file:line:col and what was expected', () => {
    const run = () =>
      parseModule('package x\nallow if {\n  input.a ==\n}', 'b.rego');
    expect(run).toThrow(RegoError);
    expect(run).toThrow('b.rego:4:1: expected a term, found "}"');
  });

  it('rejects v0 bodies without if', () => {
    expect(() => parseModule('package x\nallow { true }', 'c.rego')).toThrow(
      'c.rego:2:7: expected "if" before the rule body (Rego v1)',
    );
  });
});
