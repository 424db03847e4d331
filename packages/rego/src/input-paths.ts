import type { Body, Literal, Module, Term } from './ast';

/** The custom section of a compiled module that names its input paths. */
export const INPUT_PATHS_SECTION = 'cellplane.input_paths';

/**
 * The parts of `input` a set of modules can read, as paths of object keys
 * from the input's root; null when the whole input can be read.
 *
 * A reference `input.a.b[x].c` reads below `["a", "b"]`: the path stops
 * at the first key that is not a constant string. A bare `input` (passed
 * to a function, assigned, iterated), `input[x]` and `import input` read
 * the whole input. An import of `input.a` reads below `["a"]`, whatever
 * its alias is used for. Every rule, function, comprehension and `with`
 * of every module is visited, so what the entrypoint cannot reach is
 * counted too: the answer may be wider than needed, never narrower.
 *
 * The policy's answer is then a function of the values at these paths
 * alone (an absent value included), so two inputs that agree on them get
 * the same answer: what a decision cache may key on.
 */
export function collectInputPaths(
  modules: readonly Module[],
): string[][] | null {
  const found: string[][] = [];
  const visitor = new InputReads(found);
  for (const module of modules) visitor.module(module);

  return minimalPaths(found);
}

/** Sorted, without a path that another one contains; null for the root. */
function minimalPaths(paths: readonly string[][]): string[][] | null {
  const sorted = [...paths].sort(comparePaths);
  const kept: string[][] = [];
  for (const path of sorted) {
    if (path.length === 0) return null;
    const last = kept.at(-1);
    if (last !== undefined && isPrefix(last, path)) continue;
    kept.push(path);
  }

  return kept;
}

function comparePaths(a: readonly string[], b: readonly string[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i += 1) {
    if (a[i] !== b[i]) return a[i]! < b[i]! ? -1 : 1;
  }

  return a.length - b.length;
}

function isPrefix(prefix: readonly string[], path: readonly string[]): boolean {
  return (
    prefix.length <= path.length && prefix.every((key, i) => path[i] === key)
  );
}

class InputReads {
  constructor(private readonly found: string[][]) {}

  module(module: Module): void {
    for (const imported of module.imports) this.term(imported.path);
    for (const rule of module.rules) {
      if (rule.key !== undefined) this.term(rule.key);
      for (const term of rule.nested?.rest ?? []) this.term(term);
      for (const arg of rule.args ?? []) this.term(arg);
      this.term(rule.value);
      this.body(rule.body);
      for (const branch of rule.elses) {
        this.term(branch.value);
        this.body(branch.body);
      }
    }
  }

  private body(body: Body): void {
    for (const literal of body) this.literal(literal);
  }

  private literal(literal: Literal): void {
    switch (literal.type) {
      case 'expr':
        this.term(literal.term);
        break;
      case 'some':
        for (const term of literal.vars) this.term(term);
        break;
      case 'somein':
        if (literal.key !== undefined) this.term(literal.key);
        this.term(literal.value);
        this.term(literal.collection);
        break;
      case 'every':
        if (literal.key !== undefined) this.term(literal.key);
        this.term(literal.value);
        this.term(literal.domain);
        this.body(literal.body);
        break;
    }
    const replacements = literal.type === 'some' ? [] : (literal.with ?? []);
    for (const replacement of replacements) {
      this.term(replacement.target);
      this.term(replacement.value);
    }
  }

  private term(term: Term): void {
    switch (term.type) {
      case 'var':
        if (term.name === 'input') this.found.push([]);
        return;
      case 'ref':
        if (term.head.type === 'var' && term.head.name === 'input') {
          this.found.push(constantPrefix(term.path));
        } else {
          this.term(term.head);
        }
        for (const key of term.path) this.term(key);
        return;
      case 'array':
      case 'set':
        for (const item of term.items) this.term(item);
        return;
      case 'object':
        for (const [key, value] of term.entries) {
          this.term(key);
          this.term(value);
        }
        return;
      case 'arraycomp':
      case 'setcomp':
        this.term(term.term);
        this.body(term.body);
        return;
      case 'objectcomp':
        this.term(term.key);
        this.term(term.value);
        this.body(term.body);
        return;
      case 'call':
        for (const arg of term.args) this.term(arg);
        return;
      case 'template':
        for (const part of term.parts) {
          if (typeof part !== 'string') this.term(part);
        }
        return;
      default:
        return;
    }
  }
}

/** The leading constant string keys of a reference's path. */
function constantPrefix(path: readonly Term[]): string[] {
  const keys: string[] = [];
  for (const key of path) {
    if (key.type !== 'string') break;
    keys.push(key.value);
  }

  return keys;
}
