import { describe, expect, it } from 'vitest';

import { collectInputPaths } from './input-paths';
import { parseModule } from './parser';

const pathsOf = (...sources: string[]) =>
  collectInputPaths(
    sources.map((source, i) => parseModule(source, `p${i}.rego`)),
  );

describe('the input paths a policy reads', () => {
  it('takes each reference up to its first key that is not a constant', () => {
    expect(
      pathsOf(`package p
allow if {
  input.method == "GET"
  input.user.roles[_] == "admin"
  input["headers"]["x-env"] == "prod"
  input.segments[0] == "api"
}`),
    ).toEqual([
      ['headers', 'x-env'],
      ['method'],
      ['segments'],
      ['user', 'roles'],
    ]);
  });

  it('keeps the shortest of paths that contain one another', () => {
    expect(
      pathsOf(`package p
allow if input.user.roles[_] == "admin"
allow if count(input.user) > 2
deny if input.user.claims.scope == "x"`),
    ).toEqual([['user']]);
  });

  it('is the whole input for a bare input, a variable key or import input', () => {
    const whole = [
      'package p\nallow if count(input) > 0',
      'package p\nallow if { some k; input[k] == 1 }',
      'package p\nx := input\nallow if x.a == 1',
      'package p\nallow if walk(input, [_, 1])',
      'package p\nimport input\nallow if input.a == 1',
      'package p\nallow if json.marshal(input) != ""',
      'package p\nallow if { some v in input; v == 1 }',
    ];
    for (const source of whole) expect(pathsOf(source)).toBeNull();
  });

  it('follows an import of a part of the input through its alias', () => {
    expect(
      pathsOf(`package p
import input.user as u
allow if u.roles[_] == "admin"
allow if { x := u; x.sub == "root" }`),
    ).toEqual([['user']]);
  });

  it('looks into every kind of term and literal', () => {
    expect(
      pathsOf(`package p
f(x) := y if y := concat("", [x, input.a])
s contains v if some v in input.b
o[k] := 1 if some k, _ in input.c
allow if every e in input.d { e != input.e }
allow if count([1 | input.f]) == 1
allow if count({1 | input.g}) == 1
allow if count({"k": 1 | input.h}) == 1
allow if { not input.i }
allow if { data.p.q with input.j as 1 }
allow := input.k if true
allow := 1 if false else := input.l
t := {"a": [input.m], "b": {input.n}}
u := $"{input.o}"
q if true`),
    ).toEqual('abcdefghijklmno'.split('').map((key) => [key]));
  });

  it('counts the input read by rules in any package of the bundle', () => {
    expect(
      pathsOf(
        'package a\nallow if data.b.ok',
        'package b\nok if input.tenant == "t"',
      ),
    ).toEqual([['tenant']]);
  });

  it('is empty for a policy that never reads its input', () => {
    expect(pathsOf('package p\nallow if data.flags.open')).toEqual([]);
  });
});
