import type { Block, Const, Plan, Stmt } from './ir';

function constText(c: Const): string {
  switch (c.kind) {
    case 'null':
      return 'null';
    case 'boolean':
      return String(c.value);
    case 'number':
      return c.text;
    case 'string':
      return JSON.stringify(c.value);
  }
}

function stmtLines(s: Stmt, indent: string): string[] {
  const l = (n: number): string => `%${n}`;
  const nested = (b: Block): string[] =>
    b.flatMap((x) => stmtLines(x, `${indent}  `));
  switch (s.op) {
    case 'const':
      return [`${indent}${l(s.target)} = ${constText(s.value)}`];
    case 'makeArray':
    case 'makeObject':
    case 'makeSet':
      return [`${indent}${l(s.target)} = ${s.op}`];
    case 'arrayAppend':
      return [`${indent}arrayAppend ${l(s.array)} ${l(s.value)}`];
    case 'objectInsert':
      return [
        `${indent}objectInsert${s.once ? 'Once' : ''} ${l(s.object)}[${l(s.key)}] = ${l(s.value)}`,
      ];
    case 'setAdd':
      return [`${indent}setAdd ${l(s.set)} ${l(s.value)}`];
    case 'dot':
      return [`${indent}${l(s.target)} = ${l(s.source)}[${l(s.key)}]`];
    case 'scan':
      return [
        `${indent}scan ${l(s.source)} key ${l(s.key)} value ${l(s.value)}`,
        ...nested(s.block),
      ];
    case 'blocks':
      return s.blocks.flatMap((b) => [`${indent}block`, ...nested(b)]);
    case 'break':
      return [`${indent}break ${s.index}`];
    case 'assign':
      return [`${indent}${l(s.target)} = ${l(s.source)}`];
    case 'assignOnce':
      return [`${indent}${l(s.target)} =once ${l(s.source)}`];
    case 'isDefined':
    case 'isUndefined':
    case 'truthy':
    case 'isCollection':
      return [`${indent}${s.op} ${l(s.source)}`];
    case 'reset':
      return [`${indent}${l(s.target)} = undefined`];
    case 'compare':
      return [`${indent}${s.cmp} ${l(s.a)} ${l(s.b)}`];
    case 'isType':
      return [`${indent}isType ${l(s.source)} ${s.typeCode}`];
    case 'lenEq':
      return [`${indent}lenEq ${l(s.source)} ${s.length}`];
    case 'call':
      return [
        `${indent}${l(s.target)} = call ${s.func}(${s.args.map(l).join(', ')})`,
      ];
    case 'return':
      return [`${indent}return ${l(s.source)}`];
  }
}

/**
 * The plan as text, one statement per line: what the golden files of
 * the planner hold (`%0` is input, `%1` data, then arguments, locals).
 */
export function printPlan(plan: Plan): string {
  const lines: string[] = [];
  for (const f of plan.funcs) {
    lines.push(`func ${f.name} arity ${f.arity} locals ${f.locals}`);
    lines.push(...f.body.flatMap((s) => stmtLines(s, '  ')));
  }
  lines.push(`entrypoints ${plan.entrypoints.map((e) => e.name).join(' ')}`);
  lines.push(`host ${plan.hostBuiltins.join(' ')}`);

  return `${lines.join('\n')}\n`;
}
