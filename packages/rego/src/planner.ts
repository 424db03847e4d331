import type { Body, Literal, Module, Rule, Term, With } from './ast';
import { BUILTINS } from './builtins';
import {
  TYPE,
  type Block,
  type CompareOp,
  type Const,
  type Func,
  type Local,
  type Plan,
  type Stmt,
} from './ir';
import { refName } from './parser';
import { RegoError, unsupported, type Location } from './rego-error';

/** Thrown while planning when a variable is needed before it is bound. */
class UnsafeVar extends Error {
  constructor(
    readonly varName: string,
    readonly loc: Location,
  ) {
    super(varName);
  }
}

/** A variable's local, or `null` for a declared variable not yet bound. */
type Scope = ReadonlyMap<string, Local | null>;

/**
 * What a `with` replaces a built-in, function or rule with: a constant
 * value, another built-in, or another function. Keyed `builtin:<name>` or
 * `data:<dotted path>`. Rules planned under mocks get their own copies.
 */
type Mock =
  | { kind: 'value'; term: Term }
  | { kind: 'builtin'; name: string }
  | { kind: 'rule'; path: string[] };
type Mocks = ReadonlyMap<string, Mock>;

const NO_MOCKS: Mocks = new Map();

function mocksKey(mocks: Mocks): string {
  return JSON.stringify(
    [...mocks].sort(([a], [b]) => (a < b ? -1 : 1)),
    (k, v: unknown) => (k === 'loc' ? undefined : v),
  );
}

/** The rule path of a planned function name (`plan:a.b@...` -> `a.b`). */
/** The generated function behind the `walk` relation. */
const WALK_FUNC = 'plan:$walk';

function ruleOf(name: string): string {
  const at = name.indexOf('@');

  return name.slice(5, at < 0 ? undefined : at);
}

type K = (scope: Scope) => void;
type KV = (scope: Scope, value: Local) => void;

interface Node {
  rules: Rule[] | undefined;
  children: Map<string, Node>;
}

const COMPARE: Record<string, CompareOp> = {
  equal: 'equal',
  neq: 'neq',
  lt: 'lt',
  gt: 'gt',
  lte: 'lte',
  gte: 'gte',
};

const INPUT = '$input';
const DATA = '$data';
const CONFLICT =
  'eval_conflict_error: complete rules must not produce multiple outputs';
const FN_CONFLICT =
  'eval_conflict_error: functions must not produce multiple outputs for same inputs';
export interface PlanOptions {
  /** Entrypoints as slash paths under data, e.g. `authz/allow`. */
  entrypoints: string[];
  /** Runtime exports available, to choose runtime or host built-ins. */
  runtimeExports: ReadonlySet<string>;
}

/** Plans modules into IR functions, one per rule group and entrypoint. */
export function plan(modules: Module[], options: PlanOptions): Plan {
  return new Planner(modules, options).run();
}

class Planner {
  private readonly root: Node = { rules: undefined, children: new Map() };
  private readonly funcs = new Map<string, Func>();
  private readonly hostBuiltins: string[] = [];
  private readonly edges = new Map<string, Set<string>>();
  private readonly planning: string[] = [];

  constructor(
    private readonly modules: Module[],
    private readonly options: PlanOptions,
  ) {}

  run(): Plan {
    for (const m of this.modules) {
      for (const r of m.rules) this.addRule(r);
    }
    // Packages without rules still exist as (empty) virtual documents.
    for (const m of this.modules) this.addPackage(m.packagePath);

    const entrypoints = this.options.entrypoints.map((ep) => ({
      name: ep,
      func: this.planEntrypoint(ep),
    }));

    for (const m of this.modules) {
      for (const r of m.rules) this.ruleFunc(r.path);
    }

    return {
      funcs: [...this.funcs.values()],
      entrypoints,
      hostBuiltins: this.hostBuiltins,
      calls: Object.fromEntries(
        [...this.edges].map(([from, to]) => [
          ruleOf(from),
          [...new Set([...to].map(ruleOf))],
        ]),
      ),
    };
  }

  private addPackage(path: string[]): void {
    let node = this.root;
    for (const seg of path) {
      if (node.rules) return;
      let child = node.children.get(seg);
      if (!child) {
        child = { rules: undefined, children: new Map() };
        node.children.set(seg, child);
      }
      node = child;
    }
  }

  private addRule(rule: Rule): void {
    let node = this.root;
    for (const seg of rule.path) {
      let child = node.children.get(seg);
      if (!child) {
        child = { rules: undefined, children: new Map() };
        node.children.set(seg, child);
      }
      node = child;
    }
    const first = node.rules?.[0];
    if (first && first.kind !== rule.kind) {
      throw new RegoError(
        'REGO_TYPE',
        `conflicting rule kinds for ${rule.path.join('.')}: ${first.kind} and ${rule.kind}`,
        rule.loc,
      );
    }
    if (first?.args && rule.args && first.args.length !== rule.args.length) {
      throw new RegoError(
        'REGO_ARITY',
        `function ${rule.path.join('.')} has arity ${first.args.length} and ${rule.args.length}`,
        rule.loc,
      );
    }
    if (rule.isDefault && node.rules?.some((r) => r.isDefault)) {
      throw new RegoError(
        'REGO_TYPE',
        `multiple default rules ${rule.path.join('.')} found`,
        rule.loc,
      );
    }
    node.rules = [...(node.rules ?? []), rule];
  }

  private node(path: string[]): Node | undefined {
    let node: Node | undefined = this.root;
    for (const seg of path) node = node?.children.get(seg);

    return node;
  }

  private planEntrypoint(ep: string): string {
    const name = `ep:${ep}`;
    const fb = new FuncBuilder(this, name, 0);
    const path = ep.split('/').filter((s) => s !== '');
    const loc = { file: 'entrypoint', line: 1, col: 1 };
    const term: Term = {
      type: 'ref',
      head: { type: 'var', name: 'data', loc },
      path: path.map((value) => ({ type: 'string', value, loc })),
      loc,
    };
    const result = fb.newLocal();
    fb.emit({ op: 'reset', target: result });
    fb.inBlock(() =>
      fb.planValue(term, new Map(), (_s, v) =>
        fb.emit({ op: 'assign', source: v, target: result }),
      ),
    );
    fb.emit({ op: 'return', source: result });
    this.funcs.set(name, fb.finish());

    return name;
  }

  /** Plans (once) the function computing the rule group at `path`. */
  ruleFunc(path: string[], mocks: Mocks = NO_MOCKS): string {
    const suffix = mocks.size > 0 ? `@${mocksKey(mocks)}` : '';
    const name = `plan:${path.join('.')}${suffix}`;
    const caller = this.planning.at(-1);
    if (caller) {
      const set = this.edges.get(caller) ?? new Set();
      set.add(name);
      this.edges.set(caller, set);
    }
    if (this.planning.includes(name)) {
      const cycle = [...this.planning.slice(this.planning.indexOf(name)), name];
      const rule = this.node(path)?.rules?.[0];
      throw new RegoError(
        'REGO_RECURSION',
        `rego_recursion_error: rule ${path.join('.')} is recursive: ${cycle.map(ruleOf).join(' -> ')}`,
        rule?.loc,
      );
    }
    if (this.funcs.has(name)) return name;

    const rules = this.node(path)?.rules ?? [];
    this.planning.push(name);
    try {
      this.funcs.set(name, this.planRuleGroup(name, rules, mocks));
    } finally {
      this.planning.pop();
    }

    return name;
  }

  private planRuleGroup(name: string, rules: Rule[], mocks: Mocks): Func {
    const first = rules[0] as Rule;
    const arity = first.args?.length ?? 0;
    const fb = new FuncBuilder(this, name, arity, first);
    fb.mocks = mocks;
    const result = fb.newLocal();

    const nested = nestedShape(rules);
    if (first.kind === 'set') fb.emit({ op: 'makeSet', target: result });
    if (first.kind === 'object') fb.emit({ op: 'makeObject', target: result });

    for (const rule of rules.filter((r) => !r.isDefault)) {
      fb.currentRule = rule;
      if (rule.kind === 'set') {
        fb.inBlock(() =>
          fb.planBody(rule.body, new Map(), (s) =>
            fb.planValue(rule.key as Term, s, (_s, k) =>
              fb.emit({ op: 'setAdd', set: result, value: k }),
            ),
          ),
        );
        continue;
      }
      if (rule.kind === 'object' && nested) {
        const keys = [rule.key as Term, ...(rule.nested?.rest ?? [])];
        fb.inBlock(() =>
          fb.planBody(rule.body, new Map(), (s) =>
            fb.planItems(keys, s, (s2, locals) =>
              fb.planValue(rule.value, s2, (_s, v) =>
                fb.insertPath(result, locals, v, nested.setLeaf),
              ),
            ),
          ),
        );
        continue;
      }
      if (rule.kind === 'object') {
        fb.inBlock(() =>
          fb.planBody(rule.body, new Map(), (s) =>
            fb.planValue(rule.key as Term, s, (s2, k) =>
              fb.planValue(rule.value, s2, (_s, v) =>
                fb.emit({
                  op: 'objectInsert',
                  object: result,
                  key: k,
                  value: v,
                  once: true,
                }),
              ),
            ),
          ),
        );
        continue;
      }
      this.planChain(fb, rule, result);
    }

    const below = rulesBelow(this.node(first.path) as Node, []);
    if (below.length > 0) {
      const shape = nested ?? { depth: 1, setLeaf: false };
      checkRulesBelow(first, below, shape.depth);
      for (const b of below) {
        fb.inBlock(() =>
          fb.mergeRuleBelow(result, b, [...first.path, ...b], shape),
        );
      }
    }

    const def = rules.find((r) => r.isDefault);
    if (def) {
      fb.currentRule = def;
      fb.inBlock(() => {
        fb.emit({ op: 'isUndefined', source: result });
        fb.planValue(def.value, new Map(), (_s, v) =>
          fb.emit({ op: 'assign', source: v, target: result }),
        );
      });
    }
    fb.emit({ op: 'return', source: result });

    return fb.finish();
  }

  /** A complete rule or function with its else chain. */
  private planChain(fb: FuncBuilder, rule: Rule, result: Local): void {
    const message = rule.kind === 'function' ? FN_CONFLICT : CONFLICT;
    const branches = [{ value: rule.value, body: rule.body }, ...rule.elses];
    const params = new Map<string, Local | null>();

    const chainResult = fb.newLocal();
    fb.emit({ op: 'reset', target: chainResult });
    fb.inBlock(() => {
      branches.forEach((branch, i) => {
        if (i > 0) {
          fb.inBlock(() => {
            fb.emit({ op: 'isDefined', source: chainResult });
            fb.emit({ op: 'break', index: 1 });
          });
        }
        fb.inBlock(() =>
          fb.bindArgs(rule.args ?? [], params, (s) =>
            fb.planBody(branch.body, s, (s2) =>
              fb.planValue(branch.value, s2, (_s, v) =>
                fb.emit({
                  op: 'assignOnce',
                  source: v,
                  target: chainResult,
                  message,
                }),
              ),
            ),
          ),
        );
      });
    });
    fb.inBlock(() => {
      fb.emit({ op: 'isDefined', source: chainResult });
      fb.emit({
        op: 'assignOnce',
        source: chainResult,
        target: result,
        message,
      });
    });
  }

  /** Data-tree lookups for refs under `data`. */
  dataNode(path: string[]): Node | undefined {
    return this.node(path);
  }

  moduleOf(rule: Rule | undefined): Module | undefined {
    return this.modules.find((m) => m.rules.includes(rule as Rule));
  }

  /**
   * `plan:$walk(input, data, value, path, out)`: appends `[path, value]`
   * and then, depth first, the pairs of every member of `value` to the
   * array `out`, in OPA's walk order (keys sorted, arrays by index).
   */
  walkFunc(): string {
    const name = WALK_FUNC;
    if (this.funcs.has(name)) return name;

    const fb = new FuncBuilder(this, name, 3);
    const [value, path, out] = [2, 3, 4];
    const pair = fb.newLocal();
    fb.emit({ op: 'makeArray', target: pair });
    fb.emit({ op: 'arrayAppend', array: pair, value: path });
    fb.emit({ op: 'arrayAppend', array: pair, value });
    fb.emit({ op: 'arrayAppend', array: out, value: pair });
    fb.inBlock(() => {
      fb.emit({ op: 'isCollection', source: value });
      fb.scanMembers(value, (key, member) => {
        const step = fb.newLocal();
        fb.emit({ op: 'makeArray', target: step });
        fb.emit({ op: 'arrayAppend', array: step, value: key });
        const next = fb.newLocal();
        fb.emit({
          op: 'call',
          func: 'rt:opa_array_concat',
          args: [path, step],
          target: next,
        });
        fb.emit({
          op: 'call',
          func: name,
          args: [0, 1, member, next, out],
          target: fb.newLocal(),
        });
      });
    });
    fb.emit({ op: 'return', source: out });
    this.funcs.set(name, fb.finish());

    return name;
  }

  /** Whether a rule group being planned lies under `prefix`. */
  isPlanningUnder(prefix: string[]): boolean {
    const head = `plan:${prefix.map((p) => `${p}.`).join('')}`;

    return this.planning.some(
      (name) => prefix.length === 0 || name.startsWith(head),
    );
  }

  hostBuiltin(name: string): string {
    if (!this.hostBuiltins.includes(name)) this.hostBuiltins.push(name);

    return `host:${name}`;
  }

  builtinFunc(name: string, loc: Location): string {
    const spec = BUILTINS[name];
    if (!spec) throw unsupported(`built-in function ${name}`, loc);
    if (spec.rt && this.options.runtimeExports.has(spec.rt))
      return `rt:${spec.rt}`;
    if (spec.host) return this.hostBuiltin(name);

    throw unsupported(`built-in function ${name} (not in the runtime)`, loc);
  }
}

/** Builds one IR function; planning is continuation-passing. */
class FuncBuilder {
  private nlocals: number;
  private block: Block = [];
  private readonly blocks: Block[] = [];
  currentRule: Rule | undefined;
  /** Replacements by `with` in effect while planning. */
  mocks: Mocks = NO_MOCKS;
  /** The literals after the one being planned, for closure checks. */
  private rest: Body = [];
  private readonly module: Module | undefined;

  constructor(
    private readonly planner: Planner,
    private readonly name: string,
    private readonly arity: number,
    rule?: Rule,
  ) {
    this.nlocals = 2 + arity;
    this.currentRule = rule;
    this.module = planner.moduleOf(rule);
    this.blocks.push(this.block);
  }

  finish(): Func {
    return {
      name: this.name,
      arity: this.arity,
      locals: this.nlocals,
      body: this.blocks[0] as Block,
    };
  }

  newLocal(): Local {
    return this.nlocals++;
  }

  emit(stmt: Stmt): void {
    this.block.push(stmt);
  }

  /**
   * `object[k1]...[kn] = value` for a general reference head, creating the
   * objects on the way (and the set at the leaf for `contains`). Every
   * rule of the group has the same depth, so the objects on the way are
   * always ones this function created, never a rule's value.
   */
  insertPath(
    object: Local,
    keys: Local[],
    value: Local,
    setLeaf: boolean,
  ): void {
    let parent = object;
    keys.slice(0, -1).forEach((key) => {
      parent = this.getOrMake(parent, key, 'makeObject');
    });
    const last = keys.at(-1) as Local;
    if (setLeaf) {
      const set = this.getOrMake(parent, last, 'makeSet');
      this.emit({ op: 'setAdd', set, value });
      return;
    }
    this.emit({
      op: 'objectInsert',
      object: parent,
      key: last,
      value,
      once: true,
    });
  }

  /**
   * Merges the value of the rules at `path`, `segs` below this object
   * rule's path (`p.a.r := 0` under `p[q].r := i`), into its object:
   * at the depth of this group's own leaves the two values must agree
   * (sets are joined); a value through or above one of its leaves must
   * not meet one, else it is a conflict, as in OPA.
   */
  mergeRuleBelow(
    object: Local,
    segs: string[],
    path: string[],
    shape: { depth: number; setLeaf: boolean },
  ): void {
    const value = this.newLocal();
    const scope: Scope = new Map();
    this.emit({
      op: 'call',
      func: this.planner.ruleFunc(path, this.mocks),
      args: [this.inputLocal(scope), this.dataLocal(scope)],
      target: value,
    });

    const at = Math.min(segs.length, shape.depth);
    let wrapped = value;
    for (const seg of segs.slice(at).reverse()) {
      const outer = this.newLocal();
      this.emit({ op: 'makeObject', target: outer });
      this.emit({
        op: 'objectInsert',
        object: outer,
        key: this.constLocal({ kind: 'string', value: seg }),
        value: wrapped,
        once: false,
      });
      wrapped = outer;
    }
    let parent = object;
    for (const seg of segs.slice(0, at - 1)) {
      const key = this.constLocal({ kind: 'string', value: seg });
      parent = this.getOrMake(parent, key, 'makeObject');
    }
    const key = this.constLocal({
      kind: 'string',
      value: segs[at - 1] as string,
    });
    if (shape.setLeaf && segs.length === shape.depth) {
      const set = this.getOrMake(parent, key, 'makeSet');
      this.emit({ op: 'isType', source: value, typeCode: TYPE.set });
      this.scan(value, scope, (_s, _k, element) =>
        this.emit({ op: 'setAdd', set, value: element }),
      );
      return;
    }
    this.emit({
      op: 'objectInsert',
      object: parent,
      key,
      value: wrapped,
      once: true,
    });
  }

  private getOrMake(
    parent: Local,
    key: Local,
    make: 'makeObject' | 'makeSet',
  ): Local {
    const child = this.newLocal();
    this.emit({ op: 'reset', target: child });
    this.inBlock(() =>
      this.emit({ op: 'dot', source: parent, key, target: child }),
    );
    this.inBlock(() => {
      this.emit({ op: 'isUndefined', source: child });
      this.emit({ op: make, target: child });
      this.emit({
        op: 'objectInsert',
        object: parent,
        key,
        value: child,
        once: false,
      });
    });

    return child;
  }

  /** Runs `fn` with statements going into a fresh nested block. */
  inBlock(fn: () => void): void {
    const inner: Block = [];
    this.emit({ op: 'blocks', blocks: [inner] });
    this.withBlock(inner, fn);
  }

  private withBlock(inner: Block, fn: () => void): void {
    const saved = this.block;
    this.block = inner;
    try {
      fn();
    } finally {
      this.block = saved;
    }
  }

  constLocal(value: Const): Local {
    const target = this.newLocal();
    this.emit({ op: 'const', value, target });

    return target;
  }

  private fail(): void {
    this.emit({ op: 'isDefined', source: this.constLocalUndefined() });
  }

  private constLocalUndefined(): Local {
    const l = this.newLocal();
    this.emit({ op: 'reset', target: l });

    return l;
  }

  // Arguments of functions: parameter i is local 2 + i.
  bindArgs(args: Term[], outer: Scope, k: K): void {
    // Argument variables are local: they shadow rules of the same name.
    const scope = new Map(outer);
    for (const a of args) for (const v of varsOf(a)) scope.set(v, null);
    const step = (i: number, s: Scope): void => {
      if (i === args.length) return k(s);
      this.unifyLocal(args[i] as Term, 2 + i, s, (s2) => step(i + 1, s2));
    };
    step(0, scope);
  }

  // ---- bodies -------------------------------------------------------

  /** Plans a body, choosing at each step the first literal that is safe. */
  planBody(body: Body, scope: Scope, k: K): void {
    if (body.length === 0) return k(scope);

    let firstError: UnsafeVar | undefined;
    for (let i = 0; i < body.length; i++) {
      const lit = body[i] as Literal;
      const rest = body.filter((_, j) => j !== i);
      const err = this.tryLiteral(lit, rest, scope);
      if (err) {
        firstError ??= err;
        continue;
      }
      this.planLiteral(lit, rest, scope, (s) => this.planBody(rest, s, k));
      return;
    }
    const e = firstError as UnsafeVar;
    throw new RegoError(
      'REGO_UNSAFE_VAR',
      `rego_unsafe_var_error: var ${e.varName.startsWith('$_') ? '_' : e.varName} is unsafe`,
      e.loc,
    );
  }

  private tryLiteral(
    lit: Literal,
    rest: Body,
    scope: Scope,
  ): UnsafeVar | undefined {
    const savedLocals = this.nlocals;
    const savedBlock = this.block;
    this.block = [];
    try {
      this.planLiteral(lit, rest, scope, () => undefined);
      return undefined;
    } catch (e) {
      if (e instanceof UnsafeVar) return e;
      throw e;
    } finally {
      this.nlocals = savedLocals;
      this.block = savedBlock;
    }
  }

  /** Variables of `rest` (the other literals), to keep them out of closures. */
  private sharedUnbound(
    terms: Term[],
    bodies: Body[],
    rest: Body,
    scope: Scope,
  ): void {
    const outside = new Set<string>();
    for (const l of rest) collectLiteralVars(l, outside, false);
    // Variables declared with := later are new variables (OPA renames them).
    for (const l of rest) {
      if (
        l.type === 'expr' &&
        l.term.type === 'call' &&
        l.term.name === 'assign'
      ) {
        for (const v of varsOf(l.term.args[0] as Term)) outside.delete(v);
      }
    }
    const inside = new Set<string>();
    for (const t of terms) collectVars(t, inside);
    for (const b of bodies) for (const l of b) collectLiteralVars(l, inside);
    for (const v of inside) {
      if (
        outside.has(v) &&
        !this.isBound(v, scope) &&
        !this.isGlobalName(v, scope)
      ) {
        throw new UnsafeVar(v, this.firstLoc(terms, bodies));
      }
    }
  }

  private firstLoc(terms: Term[], bodies: Body[]): Location {
    return (
      terms[0]?.loc ?? bodies[0]?.[0]?.loc ?? { file: '', line: 0, col: 0 }
    );
  }

  private planLiteral(lit: Literal, rest: Body, scope: Scope, k: K): void {
    const savedRest = this.rest;
    this.rest = rest;
    try {
      this.planLiteralIn(lit, rest, scope, k);
    } finally {
      this.rest = savedRest;
    }
  }

  private planLiteralIn(lit: Literal, rest: Body, scope: Scope, k: K): void {
    if ((lit.type === 'every' || lit.type === 'somein') && lit.with) {
      const plain = { ...lit, with: undefined };
      return this.planWith(lit.with, rest, scope, k, (s, after) =>
        this.planLiteralIn(plain, rest, s, after),
      );
    }
    if (lit.type === 'some') {
      const s = new Map(scope);
      for (const v of lit.vars) if (v.type === 'var') s.set(v.name, null);
      return k(s);
    }

    if (lit.type === 'somein') {
      return this.planValue(lit.collection, scope, (s, coll) => {
        const s2 = new Map(s);
        for (const t of [lit.key, lit.value]) {
          if (t) for (const v of varsOf(t)) s2.set(v, null);
        }
        this.scan(coll, s2, (s3, key, value) => {
          const bindKey = (s4: Scope, kk: K): void =>
            lit.key ? this.unifyLocal(lit.key, key, s4, kk) : kk(s4);
          bindKey(s3, (s4) => this.unifyLocal(lit.value, value, s4, k));
        });
      });
    }

    if (lit.type === 'every') {
      this.sharedUnbound([lit.domain], [lit.body], rest, scope);
      return this.planValue(lit.domain, scope, (s, dom) => {
        this.emit({ op: 'isCollection', source: dom });
        this.emitNot((reached) => {
          const s2 = new Map(s);
          for (const t of [lit.key, lit.value]) {
            if (t) for (const v of varsOf(t)) s2.set(v, null);
          }
          this.scan(dom, s2, (s3, key, value) => {
            const bindKey = (s4: Scope, kk: K): void =>
              lit.key ? this.unifyLocal(lit.key, key, s4, kk) : kk(s4);
            bindKey(s3, (s4) =>
              this.unifyLocal(lit.value, value, s4, (s5) => {
                this.emitNot((ok) => this.planBody(lit.body, s5, ok));
                reached();
              }),
            );
          });
        });
        k(s);
      });
    }

    if (lit.with.length > 0) {
      const plain = { ...lit, with: [] };
      return this.planWith(lit.with, rest, scope, k, (s, after) => {
        if (!plain.negated) return this.planExpr(plain.term, s, after);
        this.sharedUnbound([plain.term], [], rest, s);
        this.emitNot((reached) => this.planExpr(plain.term, s, reached));
        after(s);
      });
    }

    if (lit.negated) {
      this.sharedUnbound([lit.term], [], rest, scope);
      this.emitNot((reached) => this.planExpr(lit.term, scope, reached));
      return k(scope);
    }

    this.planExpr(lit.term, scope, k);
  }

  /**
   * Plans `inner` (the literal without its `with` clauses) under the
   * mocks and documents the clauses `withs` set.
   */
  private planWith(
    withs: With[],
    rest: Body,
    scope: Scope,
    k: K,
    inner: (s: Scope, after: K) => void,
  ): void {
    // The rest of the body (planned inside the continuation) runs without
    // this literal's mocks and documents.
    const outerMocks = this.mocks;
    const after = (s2: Scope): void => {
      const inner = this.mocks;
      this.mocks = outerMocks;
      try {
        k(restoreDocs(s2, scope));
      } finally {
        this.mocks = inner;
      }
    };
    const step = (i: number, s: Scope): void => {
      const w = withs[i];
      if (!w) return inner(s, after);
      const mock = this.withMock(w.target, w.value, w.loc, s);
      if (mock) {
        const saved = this.mocks;
        this.mocks = new Map([...saved, mock]);
        try {
          return step(i + 1, s);
        } finally {
          this.mocks = saved;
        }
      }
      const target = this.withTarget(w.target, w.loc);
      this.planValue(w.value, s, (s2, v) => {
        const s3 = new Map(s2);
        const key = target.root === 'input' ? INPUT : DATA;
        const base =
          target.root === 'input' ? this.inputLocal(s2) : this.dataLocal(s2);
        s3.set(key, this.upsert(base, target.path, v));
        step(i + 1, s3);
      });
    };
    step(0, scope);
  }

  /**
   * A `with` on a built-in, a function or a rule, as a mock; undefined for
   * `with` on input and base data. The replacement must be a constant, a
   * built-in or a function: a value computed at run time cannot reach the
   * rule copies planned for the mock.
   */
  private withMock(
    target: Term,
    value: Term,
    loc: Location,
    scope: Scope,
  ): [string, Mock] | undefined {
    const name = refName(target);
    if (name === undefined) return undefined;
    let key: string | undefined;
    const fn = this.resolveFunction(name);
    if (fn) key = `data:${fn.join('.')}`;
    else if (BUILTINS[name]) key = `builtin:${name}`;
    else if (name.startsWith('data.')) {
      const path = name.split('.').slice(1);
      const node = this.planner.dataNode(path);
      if (node?.rules) key = `data:${path.join('.')}`;
    } else {
      const global = this.resolveGlobal(name.split('.')[0] as string);
      const rest = name.split('.').slice(1);
      if (global?.type === 'ref' && refName(global)?.startsWith('data.')) {
        const path = [
          ...(refName(global) as string).split('.').slice(1),
          ...rest,
        ];
        if (this.planner.dataNode(path)?.rules) key = `data:${path.join('.')}`;
      }
    }
    if (key === undefined) return undefined;

    const replacement = refName(value);
    if (replacement !== undefined) {
      const rfn = this.resolveFunction(replacement);
      if (rfn) return [key, { kind: 'rule', path: rfn }];
      if (BUILTINS[replacement])
        return [key, { kind: 'builtin', name: replacement }];
      const doc = this.absoluteDataRef(replacement, scope);
      if (doc) return [key, { kind: 'value', term: doc }];
    }
    const vars = new Set<string>();
    collectVars(value, vars);
    if (vars.size > 0) {
      throw unsupported('with replacement that needs evaluation', loc);
    }

    return [key, { kind: 'value', term: value }];
  }

  /**
   * A replacement naming a document under data (`f`, a rule of this
   * package, or `data.a.b`) as an absolute ref, which means the same in
   * the rule copies planned for the mock, whatever their package; local
   * variables and input do not.
   */
  private absoluteDataRef(name: string, scope: Scope): Term | undefined {
    const [head, ...rest] = name.split('.');
    if (head === undefined || this.isBound(head, scope)) return undefined;
    let base: string[] = [];
    if (head !== 'data') {
      const global = this.resolveGlobal(head);
      const text = global ? refName(global) : undefined;
      if (!text?.startsWith('data.')) return undefined;
      base = text.split('.').slice(1);
    }
    const path = [...base, ...rest];
    if (path.length === 0) return undefined;
    const loc = { file: this.module?.file ?? '', line: 0, col: 0 };

    return {
      type: 'ref',
      head: { type: 'var', name: 'data', loc },
      path: path.map((v) => ({ type: 'string', value: v, loc })),
      loc,
    };
  }

  /** `input`, `input.a.b` or `data.a.b` (base documents only). */
  private withTarget(
    target: Term,
    loc: Location,
  ): { root: 'input' | 'data'; path: string[] } {
    const head = target.type === 'ref' ? target.head : target;
    const segs = target.type === 'ref' ? target.path : [];
    if (
      head.type !== 'var' ||
      (head.name !== 'input' && head.name !== 'data') ||
      !segs.every((p) => p.type === 'string')
    ) {
      throw unsupported('with on functions, built-ins or variable paths', loc);
    }
    const path = segs.map((p) => (p.type === 'string' ? p.value : ''));
    if (head.name === 'data') {
      for (let i = 0; i <= path.length; i++) {
        const node = this.planner.dataNode(path.slice(0, i));
        if (node?.rules || (i === path.length && node)) {
          throw unsupported('with on a virtual document (rules)', loc);
        }
        if (!node) break;
      }
      if (path.length === 0) throw unsupported('with on data as a whole', loc);
    }

    return { root: head.name, path };
  }

  /** A copy of `base` with `value` at `path`, creating objects on the way. */
  private upsert(base: Local, path: string[], value: Local): Local {
    const [first, ...rest] = path;
    if (first === undefined) return value;

    const obj = this.newLocal();
    this.emit({ op: 'makeObject', target: obj });
    this.inBlock(() => {
      this.emit({ op: 'isDefined', source: base });
      this.emit({ op: 'isType', source: base, typeCode: TYPE.object });
      this.scan(base, new Map(), (_s, key, v) =>
        this.emit({
          op: 'objectInsert',
          object: obj,
          key,
          value: v,
          once: false,
        }),
      );
    });
    const key = this.constLocal({ kind: 'string', value: first });
    const child = this.newLocal();
    this.emit({ op: 'reset', target: child });
    this.inBlock(() => {
      this.emit({ op: 'isDefined', source: base });
      const found = this.newLocal();
      this.emit({ op: 'dot', source: base, key, target: found });
      this.emit({ op: 'assign', source: found, target: child });
    });
    const replaced = this.upsert(child, rest, value);
    this.emit({
      op: 'objectInsert',
      object: obj,
      key,
      value: replaced,
      once: false,
    });

    return obj;
  }

  /**
   * Negation: `fn` plans the negated part and calls its continuation for
   * each solution; reaching it once makes the negation undefined. A flag
   * rather than block completion, because scans inside complete anyway.
   */
  private emitNot(fn: (reached: () => void) => void): void {
    const flag = this.newLocal();
    this.emit({ op: 'reset', target: flag });
    this.inBlock(() =>
      fn(() => {
        const t = this.constLocal({ kind: 'boolean', value: true });
        this.emit({ op: 'assign', source: t, target: flag });
      }),
    );
    this.emit({ op: 'isUndefined', source: flag });
  }

  /** Scans a collection; `k` runs once per element with key and value. */
  private scan(
    source: Local,
    scope: Scope,
    k: (s: Scope, key: Local, value: Local) => void,
  ): void {
    const key = this.newLocal();
    const value = this.newLocal();
    const inner: Block = [];
    this.emit({ op: 'scan', source, key, value, block: inner });
    this.withBlock(inner, () => k(scope, key, value));
  }

  /** An expression used as a literal: it must be defined and not false. */
  private planExpr(term: Term, scope: Scope, k: K): void {
    if (term.type === 'call') {
      const [a, b, c] = term.args;
      if (term.name === 'assign')
        return this.planAssign(a as Term, b as Term, scope, k);
      if (term.name === 'eq') return this.unify(a as Term, b as Term, scope, k);
      const cmp = COMPARE[term.name];
      if (cmp) return this.planCompare(cmp, a as Term, b as Term, scope, k);
      if (
        term.name === 'internal.member_2' ||
        term.name === 'internal.member_3'
      ) {
        const key = term.name === 'internal.member_3' ? a : undefined;
        const value = (term.name === 'internal.member_3' ? b : a) as Term;
        const coll = (term.name === 'internal.member_3' ? c : b) as Term;
        return this.planMember(key, value, coll, scope, k);
      }
      const walk = term.name === 'walk' && !this.resolveFunction('walk');
      if (walk && term.args.length === 2) {
        return this.planWalk(term, scope, k);
      }
      if (this.isCallWithOutput(term)) {
        const out = term.args.at(-1) as Term;
        const call = { ...term, args: term.args.slice(0, -1) };
        return this.planValue(call, scope, (s, v) =>
          this.unifyLocal(out, v, s, k),
        );
      }
    }

    this.planValue(term, scope, (s, v) => {
      this.emit({ op: 'truthy', source: v });
      k(s);
    });
  }

  /** `x in xs` and `k, v in xs` as expressions: both sides must be bound. */
  private planMember(
    key: Term | undefined,
    value: Term,
    coll: Term,
    scope: Scope,
    k: K,
  ): void {
    this.planValue(coll, scope, (s, lc) =>
      this.planValue(value, s, (s2, lv) => {
        const withKey = (
          s3: Scope,
          kk: (s: Scope, lk: Local | undefined) => void,
        ): void => (key ? this.planValue(key, s3, kk) : kk(s3, undefined));
        withKey(s2, (s3, lk) => {
          const found = this.newLocal();
          this.emit({ op: 'reset', target: found });
          this.inBlock(() =>
            this.scan(lc, s3, (_s, sk, sv) => {
              this.emit({ op: 'compare', cmp: 'equal', a: sv, b: lv });
              if (lk !== undefined)
                this.emit({ op: 'compare', cmp: 'equal', a: sk, b: lk });
              this.emit({ op: 'assign', source: sv, target: found });
            }),
          );
          this.emit({ op: 'isDefined', source: found });
          k(s3);
        });
      }),
    );
  }

  /** `walk(x, [path, value])`: one solution per pair, as OPA's relation. */
  private planWalk(
    term: Extract<Term, { type: 'call' }>,
    scope: Scope,
    k: K,
  ): void {
    const [root, pattern] = term.args as [Term, Term];
    this.planValue(root, scope, (s, value) => {
      const path = this.newLocal();
      const out = this.newLocal();
      this.emit({ op: 'makeArray', target: path });
      this.emit({ op: 'makeArray', target: out });
      this.emit({
        op: 'call',
        func: this.planner.walkFunc(),
        args: [this.inputLocal(s), this.dataLocal(s), value, path, out],
        target: this.newLocal(),
      });
      this.scan(out, s, (s2, _key, pair) =>
        this.unifyLocal(pattern, pair, s2, k),
      );
    });
  }

  /** Iterates a collection's keys and members (no scope involved). */
  scanMembers(source: Local, k: (key: Local, value: Local) => void): void {
    this.scan(source, new Map(), (_s, key, value) => k(key, value));
  }

  private isCallWithOutput(term: Extract<Term, { type: 'call' }>): boolean {
    const spec = BUILTINS[term.name];
    if (spec) return term.args.length === spec.arity + 1;
    const fn = this.resolveFunction(term.name);
    const arity = fn
      ? this.planner.dataNode(fn)?.rules?.[0]?.args?.length
      : undefined;

    return arity !== undefined && term.args.length === arity + 1;
  }

  private planAssign(lhs: Term, rhs: Term, scope: Scope, k: K): void {
    if (!isPattern(lhs)) {
      throw new RegoError(
        'REGO_TYPE',
        'rego_compile_error: cannot assign to ' + lhs.type,
        lhs.loc,
      );
    }
    this.planValue(rhs, scope, (s, v) => {
      const s2 = new Map(s);
      for (const name of varsOf(lhs)) s2.set(name, null);
      this.unifyLocal(lhs, v, s2, k);
    });
  }

  // ---- unification ----------------------------------------------------

  private unify(a: Term, b: Term, scope: Scope, k: K): void {
    if (this.isUnboundVar(a, scope))
      return this.planValue(b, scope, (s, v) => this.unifyLocal(a, v, s, k));
    if (this.isUnboundVar(b, scope))
      return this.planValue(a, scope, (s, v) => this.unifyLocal(b, v, s, k));

    if (a.type === 'array' && b.type === 'array') {
      if (a.items.length !== b.items.length) {
        this.fail();
        return k(scope);
      }
      const step = (i: number, s: Scope): void => {
        if (i === a.items.length) return k(s);
        this.unify(a.items[i] as Term, b.items[i] as Term, s, (s2) =>
          step(i + 1, s2),
        );
      };
      return step(0, scope);
    }

    if (a.type === 'object' && b.type === 'object') {
      const pairs = matchObjectKeys(a, b);
      if (pairs === 'mismatch') {
        this.fail();
        return k(scope);
      }
      if (pairs) {
        const step = (i: number, s: Scope): void => {
          const pair = pairs[i];
          if (!pair) return k(s);
          this.unify(pair[0], pair[1], s, (s2) => step(i + 1, s2));
        };
        return step(0, scope);
      }
    }

    const aPattern = isPattern(a) && this.hasUnbound(a, scope);
    const bPattern = isPattern(b) && this.hasUnbound(b, scope);
    if (aPattern && !bPattern) {
      return this.planValue(b, scope, (s, v) => this.unifyLocal(a, v, s, k));
    }
    if (bPattern) {
      return this.planValue(a, scope, (s, v) => this.unifyLocal(b, v, s, k));
    }

    this.planCompare('equal', a, b, scope, k);
  }

  /** Plans both sides and compares; the side that binds vars goes first. */
  private planCompare(
    cmp: CompareOp,
    a: Term,
    b: Term,
    scope: Scope,
    k: K,
  ): void {
    const first = this.canPlan(a, scope) ? a : b;
    const second = first === a ? b : a;
    this.planValue(first, scope, (s, l1) =>
      this.planValue(second, s, (s2, l2) => {
        const [la, lb] = first === a ? [l1, l2] : [l2, l1];
        this.emit({ op: 'compare', cmp, a: la, b: lb });
        k(s2);
      }),
    );
  }

  /** Whether a term can be planned now (a dry run, state restored). */
  private canPlan(t: Term, scope: Scope): boolean {
    const savedLocals = this.nlocals;
    const savedBlock = this.block;
    this.block = [];
    try {
      this.planValue(t, scope, () => undefined);
      return true;
    } catch (e) {
      if (e instanceof UnsafeVar) return false;
      throw e;
    } finally {
      this.nlocals = savedLocals;
      this.block = savedBlock;
    }
  }

  /** Unifies a term (possibly a pattern with unbound vars) with a value. */
  unifyLocal(pattern: Term, value: Local, scope: Scope, k: K): void {
    if (pattern.type === 'var' && this.isUnboundVar(pattern, scope)) {
      const s = new Map(scope);
      s.set(pattern.name, value);
      return k(s);
    }

    if (pattern.type === 'array' && this.hasUnbound(pattern, scope)) {
      this.emit({ op: 'isType', source: value, typeCode: TYPE.array });
      this.emit({ op: 'lenEq', source: value, length: pattern.items.length });
      const step = (i: number, s: Scope): void => {
        if (i === pattern.items.length) return k(s);
        const idx = this.constLocal({ kind: 'number', text: String(i) });
        const item = this.newLocal();
        this.emit({ op: 'dot', source: value, key: idx, target: item });
        this.unifyLocal(pattern.items[i] as Term, item, s, (s2) =>
          step(i + 1, s2),
        );
      };
      return step(0, scope);
    }

    if (pattern.type === 'object' && this.hasUnbound(pattern, scope)) {
      this.emit({ op: 'isType', source: value, typeCode: TYPE.object });
      this.emit({ op: 'lenEq', source: value, length: pattern.entries.length });
      const step = (i: number, s: Scope): void => {
        const entry = pattern.entries[i];
        if (!entry) return k(s);
        this.planValue(entry[0], s, (s2, key) => {
          const item = this.newLocal();
          this.emit({ op: 'dot', source: value, key, target: item });
          this.unifyLocal(entry[1], item, s2, (s3) => step(i + 1, s3));
        });
      };
      return step(0, scope);
    }

    this.planValue(pattern, scope, (s, v) => {
      this.emit({ op: 'compare', cmp: 'equal', a: v, b: value });
      k(s);
    });
  }

  // ---- names --------------------------------------------------------------

  private isBound(name: string, scope: Scope): boolean {
    return typeof scope.get(name) === 'number';
  }

  /** Names that refer to documents rather than local variables. */
  private isGlobalName(name: string, scope: Scope): boolean {
    if (scope.has(name)) return false;
    if (name === 'input' || name === 'data') return true;

    return this.resolveGlobal(name) !== undefined;
  }

  private isUnboundVar(t: Term, scope: Scope): boolean {
    return (
      t.type === 'var' &&
      !this.isBound(t.name, scope) &&
      !this.isGlobalName(t.name, scope)
    );
  }

  private hasUnbound(t: Term, scope: Scope): boolean {
    const names = new Set<string>();
    collectVars(t, names, false);
    for (const n of names) {
      if (!this.isBound(n, scope) && !this.isGlobalName(n, scope)) return true;
    }

    return false;
  }

  /** A name as a ref: a rule of this package, or an import. */
  private resolveGlobal(name: string): Term | undefined {
    const pkg = this.module?.packagePath ?? [];
    const node = this.planner.dataNode([...pkg, name]);
    const loc = { file: this.module?.file ?? '', line: 0, col: 0 };
    if (node) {
      return {
        type: 'ref',
        head: { type: 'var', name: 'data', loc },
        path: [...pkg, name].map((value) => ({ type: 'string', value, loc })),
        loc,
      };
    }
    for (const imp of this.module?.imports ?? []) {
      if (imp.path.type !== 'ref' || imp.path.head.type !== 'var') continue;
      const last = imp.path.path.at(-1);
      const alias =
        imp.alias ??
        (last?.type === 'string' ? last.value : imp.path.head.name);
      const root = imp.path.head.name;
      if (alias === name && (root === 'data' || root === 'input'))
        return imp.path;
    }

    return undefined;
  }

  /** A function name as a data path, or undefined for a built-in. */
  resolveFunction(name: string): string[] | undefined {
    const parts = name.split('.');
    const [head, ...rest] = parts;
    if (head === 'data') {
      const kind = this.planner.dataNode(rest)?.rules?.[0]?.kind;
      return kind === 'function' ? rest : undefined;
    }
    const global = this.resolveGlobal(head as string);
    if (
      global?.type === 'ref' &&
      global.head.type === 'var' &&
      global.head.name === 'data'
    ) {
      const base = global.path.map((p) => (p.type === 'string' ? p.value : ''));
      const path = [...base, ...rest];
      if (this.planner.dataNode(path)?.rules?.[0]?.kind === 'function')
        return path;
    }
    if (BUILTINS[name]) return undefined;

    return undefined;
  }

  // ---- values -------------------------------------------------------------

  /** Plans a term as a value; `k` runs with its local (once per solution). */
  planValue(term: Term, scope: Scope, k: KV): void {
    switch (term.type) {
      case 'null':
        return k(scope, this.constLocal({ kind: 'null' }));
      case 'boolean':
        return k(
          scope,
          this.constLocal({ kind: 'boolean', value: term.value }),
        );
      case 'number':
        checkNumberLiteral(term.text, term.loc);
        return k(scope, this.constLocal({ kind: 'number', text: term.text }));
      case 'string':
        return k(scope, this.constLocal({ kind: 'string', value: term.value }));
      case 'var':
        return this.planVar(term, scope, k);
      case 'ref':
        return this.planRef(term, scope, k);
      case 'array':
        return this.planItems(term.items, scope, (s, items) => {
          const arr = this.newLocal();
          this.emit({ op: 'makeArray', target: arr });
          for (const v of items)
            this.emit({ op: 'arrayAppend', array: arr, value: v });
          k(s, arr);
        });
      case 'set':
        return this.planItems(term.items, scope, (s, items) => {
          const set = this.newLocal();
          this.emit({ op: 'makeSet', target: set });
          for (const v of items) this.emit({ op: 'setAdd', set, value: v });
          k(s, set);
        });
      case 'object':
        return this.planItems(term.entries.flat(), scope, (s, items) => {
          const obj = this.newLocal();
          this.emit({ op: 'makeObject', target: obj });
          for (let i = 0; i < items.length; i += 2) {
            this.emit({
              op: 'objectInsert',
              object: obj,
              key: items[i] as Local,
              value: items[i + 1] as Local,
              once: true,
            });
          }
          k(s, obj);
        });
      case 'arraycomp':
      case 'setcomp':
      case 'objectcomp':
        return this.planComprehension(term, scope, k);
      case 'call':
        return this.planCall(term, scope, k);
      case 'template':
        return this.planTemplate(term, scope, k);
    }
  }

  planItems(
    items: Term[],
    scope: Scope,
    k: (s: Scope, ls: Local[]) => void,
  ): void {
    const out: Local[] = [];
    const step = (i: number, s: Scope): void => {
      if (i === items.length) return k(s, [...out]);
      this.planValue(items[i] as Term, s, (s2, v) => {
        out[i] = v;
        step(i + 1, s2);
      });
    };
    step(0, scope);
  }

  private planVar(
    term: Extract<Term, { type: 'var' }>,
    scope: Scope,
    k: KV,
  ): void {
    const bound = scope.get(term.name);
    if (typeof bound === 'number') return k(scope, bound);
    if (!scope.has(term.name)) {
      if (term.name === 'input') {
        const input = this.inputLocal(scope);
        this.emit({ op: 'isDefined', source: input });
        return k(scope, input);
      }
      if (term.name === 'data')
        return this.planData([], [], term.loc, scope, k);
      const global = this.resolveGlobal(term.name);
      if (global) return this.planValue(global, scope, k);
    }

    throw new UnsafeVar(term.name, term.loc);
  }

  private dataLocal(scope: Scope): Local {
    const v = scope.get(DATA);

    return typeof v === 'number' ? v : 1;
  }

  private inputLocal(scope: Scope): Local {
    const v = scope.get(INPUT);

    return typeof v === 'number' ? v : 0;
  }

  private planRef(
    term: Extract<Term, { type: 'ref' }>,
    scope: Scope,
    k: KV,
  ): void {
    const head = term.head;
    if (head.type === 'var' && !scope.has(head.name)) {
      if (head.name === 'data') {
        return this.planData([], term.path, term.loc, scope, k);
      }
      if (head.name !== 'input') {
        const global = this.resolveGlobal(head.name);
        if (global?.type === 'ref') {
          return this.planRef(
            { ...global, path: [...global.path, ...term.path], loc: term.loc },
            scope,
            k,
          );
        }
      }
    }
    this.planValue(head, scope, (s, base) =>
      this.planPath(base, term.path, s, k),
    );
  }

  /** Applies ref segments to a value: dot for bound keys, scan for unbound. */
  private planPath(base: Local, path: Term[], scope: Scope, k: KV): void {
    const seg = path[0];
    if (!seg) return k(scope, base);
    const rest = path.slice(1);

    if (this.hasUnbound(seg, scope)) {
      if (!isPattern(seg)) throw new UnsafeVar(firstVar(seg), seg.loc);
      return this.scan(base, scope, (s, key, value) =>
        this.unifyLocal(seg, key, s, (s2) => this.planPath(value, rest, s2, k)),
      );
    }

    this.planValue(seg, scope, (s, key) => {
      const target = this.newLocal();
      this.emit({ op: 'dot', source: base, key, target });
      this.planPath(target, rest, s, k);
    });
  }

  /** A ref under data: rules are called, packages built, base data read. */
  private planData(
    prefix: string[],
    path: Term[],
    loc: Location,
    scope: Scope,
    k: KV,
  ): void {
    const node = this.planner.dataNode(prefix);
    if (!node) return this.planBase(prefix, path, scope, k);

    if (node.rules) {
      if (node.rules[0]?.kind === 'function') {
        throw new RegoError(
          'REGO_TYPE',
          `function ${prefix.join('.')} used as a value`,
          loc,
        );
      }
      const mocked = this.mocks.get(`data:${prefix.join('.')}`);
      if (mocked && mocked.kind !== 'value') {
        throw unsupported('with replacing a rule by a function', loc);
      }
      if (mocked?.kind === 'value') {
        return this.planValue(mocked.term, scope, (s2, v) =>
          this.planPath(v, path, s2, k),
        );
      }
      const func = this.planner.ruleFunc(prefix, this.mocks);
      const target = this.newLocal();
      this.emit({
        op: 'call',
        func,
        args: [this.inputLocal(scope), this.dataLocal(scope)],
        target,
      });
      return this.planPath(target, path, scope, k);
    }

    const seg = path[0];
    if (seg?.type === 'string') {
      return this.planData(
        [...prefix, seg.value],
        path.slice(1),
        loc,
        scope,
        k,
      );
    }
    if (this.planner.isPlanningUnder(prefix)) {
      throw unsupported(
        'a reference with a variable into data that holds the rule using it',
        loc,
      );
    }
    this.planPath(this.materialize(prefix, node, scope), path, scope, k);
  }

  private planBase(prefix: string[], path: Term[], scope: Scope, k: KV): void {
    let cur: Local = this.dataLocal(scope);
    for (const seg of prefix) {
      const key = this.constLocal({ kind: 'string', value: seg });
      const next = this.newLocal();
      this.emit({ op: 'dot', source: cur, key, target: next });
      cur = next;
    }
    this.planPath(cur, path, scope, k);
  }

  /** The object of a package: base data merged with its rules' values. */
  private materialize(prefix: string[], node: Node, scope: Scope): Local {
    const obj = this.newLocal();
    this.emit({ op: 'makeObject', target: obj });

    for (const [name, child] of node.children) {
      if (child.rules?.[0]?.kind === 'function') continue;
      const key = this.constLocal({ kind: 'string', value: name });
      this.inBlock(() => {
        let value: Local;
        const mocked = this.mocks.get(`data:${[...prefix, name].join('.')}`);
        if (mocked?.kind === 'value') {
          this.planValue(mocked.term, scope, (_s, v) =>
            this.emit({
              op: 'objectInsert',
              object: obj,
              key,
              value: v,
              once: false,
            }),
          );
          return;
        }
        if (child.rules) {
          value = this.newLocal();
          const func = this.planner.ruleFunc([...prefix, name], this.mocks);
          this.emit({
            op: 'call',
            func,
            args: [this.inputLocal(scope), this.dataLocal(scope)],
            target: value,
          });
        } else {
          value = this.materialize([...prefix, name], child, scope);
        }
        this.emit({ op: 'objectInsert', object: obj, key, value, once: false });
      });
    }
    // Base documents win over rules of the same name (as OPA answers
    // baseandvirtualdocs/base/virtual: conflicts); packages below were
    // already merged with their base data.
    const packages = [...node.children]
      .filter(([, child]) => !child.rules)
      .map(([name]) => this.constLocal({ kind: 'string', value: name }));
    this.inBlock(() =>
      this.planBase(prefix, [], scope, (_s, base) => {
        this.emit({ op: 'isType', source: base, typeCode: TYPE.object });
        this.scan(base, scope, (_s2, key, value) => {
          for (const pkg of packages) {
            this.emit({ op: 'compare', cmp: 'neq', a: key, b: pkg });
          }
          this.emit({
            op: 'objectInsert',
            object: obj,
            key,
            value,
            once: false,
          });
        });
      }),
    );

    return obj;
  }

  private planCall(
    term: Extract<Term, { type: 'call' }>,
    scope: Scope,
    k: KV,
  ): void {
    if (['assign', 'eq'].includes(term.name)) {
      throw unsupported(
        `${term.name === 'assign' ? ':=' : '='} inside an expression`,
        term.loc,
      );
    }
    if (term.name.startsWith('internal.member')) {
      const res = this.newLocal();
      const fls = this.constLocal({ kind: 'boolean', value: false });
      this.emit({ op: 'assign', source: fls, target: res });
      return this.inBlockThen(
        () =>
          this.planExpr(term, scope, () => {
            const t = this.constLocal({ kind: 'boolean', value: true });
            this.emit({ op: 'assign', source: t, target: res });
          }),
        () => k(scope, res),
      );
    }
    const cmp = COMPARE[term.name];
    if (cmp) {
      return this.planValue(term.args[0] as Term, scope, (s, a) =>
        this.planValue(term.args[1] as Term, s, (s2, b) => {
          const res = this.newLocal();
          const fls = this.constLocal({ kind: 'boolean', value: false });
          const tru = this.constLocal({ kind: 'boolean', value: true });
          this.emit({ op: 'assign', source: fls, target: res });
          this.inBlock(() => {
            this.emit({ op: 'compare', cmp, a, b });
            this.emit({ op: 'assign', source: tru, target: res });
          });
          k(s2, res);
        }),
      );
    }

    if (term.name === 'walk' && !this.resolveFunction('walk')) {
      throw unsupported(
        'walk outside the form walk(x, [path, value])',
        term.loc,
      );
    }
    const declared = this.resolveFunction(term.name);
    const mockKey = declared
      ? `data:${declared.join('.')}`
      : `builtin:${term.name}`;
    const mock = this.mocks.get(mockKey);
    if (mock?.kind === 'value') {
      return this.planItems(term.args, scope, (s) =>
        this.planValue(mock.term, s, k),
      );
    }
    const name = mock?.kind === 'builtin' ? mock.name : term.name;
    const path =
      mock?.kind === 'rule' ? mock.path : mock ? undefined : declared;
    let func: string;
    let arity: number;
    if (path) {
      const rules = this.planner.dataNode(path)?.rules;
      arity = rules?.[0]?.args?.length ?? 0;
      // A replacement function runs without mocks: it calls the originals
      // (withkeyword: mock function calls original, will not call other mock).
      const mocks = mock?.kind === 'rule' ? NO_MOCKS : this.mocks;
      func = this.planner.ruleFunc(path, mocks);
    } else {
      const spec = BUILTINS[name];
      if (!spec) {
        const node = this.planner.dataNode(
          this.module?.packagePath.concat(term.name.split('.')) ?? [],
        );
        if (node?.rules) {
          throw new RegoError(
            'REGO_TYPE',
            `rego_type_error: ${term.name} is not a function`,
            term.loc,
          );
        }
        // Names OPA knows but this compiler does not implement land here
        // too: a skip in conformance, never a wrong answer.
        throw unsupported(`built-in function ${term.name}`, term.loc);
      }
      arity = spec.arity;
      func = this.planner.builtinFunc(name, term.loc);
    }
    if (term.args.length !== arity) {
      throw new RegoError(
        'REGO_ARITY',
        `rego_type_error: ${term.name}: arity mismatch: has ${term.args.length} arguments, expects ${arity}`,
        term.loc,
      );
    }

    const spec = path ? undefined : BUILTINS[name];
    const host = func.startsWith('host:');
    this.planItems(term.args, scope, (s, args) => {
      const target = this.newLocal();
      const flags =
        host && spec?.setFlags ? args.map((a) => this.isSetLocal(a)) : [];
      const all = path
        ? [this.inputLocal(s), this.dataLocal(s), ...args]
        : [...args, ...flags];
      this.emit({ op: 'call', func, args: all, target });
      if (!host || !spec?.returnsSet) return k(s, target);

      const set = this.newLocal();
      this.emit({
        op: 'call',
        func: 'rt:opa_array_to_set',
        args: [target],
        target: set,
      });
      k(s, set);
    });
  }

  private isSetLocal(value: Local): Local {
    const target = this.newLocal();
    this.emit({
      op: 'call',
      func: 'rt:opa_types_is_set',
      args: [value],
      target,
    });

    return target;
  }

  /**
   * A template string is sprintf with `%v` for each expression (the
   * runtime prints values in Rego syntax, strings as they are); an
   * undefined expression prints `<undefined>`, as OPA does.
   */
  private planTemplate(
    term: Extract<Term, { type: 'template' }>,
    scope: Scope,
    k: KV,
  ): void {
    let format = '';
    const values: Local[] = [];
    for (const part of term.parts) {
      if (typeof part === 'string') {
        format += part.replaceAll('%', '%%');
        continue;
      }
      if (this.hasUnbound(part, scope)) {
        throw unsupported('iteration inside a template expression', part.loc);
      }
      format += '%v';
      const value = this.newLocal();
      const undef = this.constLocal({ kind: 'string', value: '<undefined>' });
      this.emit({ op: 'assign', source: undef, target: value });
      this.inBlock(() =>
        this.planValue(part, scope, (_s, v) =>
          this.emit({ op: 'assign', source: v, target: value }),
        ),
      );
      values.push(value);
    }
    const args = this.newLocal();
    this.emit({ op: 'makeArray', target: args });
    for (const v of values)
      this.emit({ op: 'arrayAppend', array: args, value: v });
    const fmt = this.constLocal({ kind: 'string', value: format });
    const target = this.newLocal();
    const func = this.planner.builtinFunc('sprintf', term.loc);
    this.emit({ op: 'call', func, args: [fmt, args], target });
    k(scope, target);
  }

  private inBlockThen(inside: () => void, after: () => void): void {
    this.inBlock(inside);
    after();
  }

  private planComprehension(
    term: Extract<Term, { type: 'arraycomp' | 'setcomp' | 'objectcomp' }>,
    scope: Scope,
    k: KV,
  ): void {
    const inner =
      term.type === 'objectcomp' ? [term.key, term.value] : [term.term];
    this.sharedUnbound(inner, [term.body], this.rest, scope);
    const target = this.newLocal();
    const make =
      term.type === 'arraycomp'
        ? 'makeArray'
        : term.type === 'setcomp'
          ? 'makeSet'
          : 'makeObject';
    this.emit({ op: make, target });
    this.inBlock(() =>
      this.planBody(term.body, scope, (s) => {
        if (term.type === 'objectcomp') {
          return this.planValue(term.key, s, (s2, key) =>
            this.planValue(term.value, s2, (_s, value) =>
              this.emit({
                op: 'objectInsert',
                object: target,
                key,
                value,
                once: true,
              }),
            ),
          );
        }
        this.planValue(term.term, s, (_s, value) =>
          this.emit(
            term.type === 'arraycomp'
              ? { op: 'arrayAppend', array: target, value }
              : { op: 'setAdd', set: target, value },
          ),
        );
      }),
    );
    k(scope, target);
  }
}

/**
 * Pairs the values of two object literals by constant key: undefined when
 * a key is not constant, 'mismatch' when the key sets differ.
 */
function matchObjectKeys(
  a: Extract<Term, { type: 'object' }>,
  b: Extract<Term, { type: 'object' }>,
): [Term, Term][] | 'mismatch' | undefined {
  const constKey = (t: Term): string | undefined =>
    t.type === 'string' || t.type === 'number' || t.type === 'boolean'
      ? `${t.type}:${t.type === 'string' ? t.value : t.type === 'number' ? t.text : String(t.value)}`
      : t.type === 'null'
        ? 'null'
        : undefined;
  const bByKey = new Map<string, Term>();
  for (const [k, v] of b.entries) {
    const key = constKey(k);
    if (key === undefined) return undefined;
    bByKey.set(key, v);
  }
  const pairs: [Term, Term][] = [];
  for (const [k, v] of a.entries) {
    const key = constKey(k);
    if (key === undefined) return undefined;
    const other = bByKey.get(key);
    if (!other) return 'mismatch';
    pairs.push([v, other]);
  }

  return pairs.length === bByKey.size ? pairs : 'mismatch';
}

/** After a `with`, input and data are what they were before it. */
function restoreDocs(s: Scope, outer: Scope): Scope {
  const m = new Map(s);
  for (const key of [INPUT, DATA]) {
    const prev = outer.get(key);
    if (prev === undefined) m.delete(key);
    else m.set(key, prev);
  }

  return m;
}

/** Paths (relative to `node`) of the nearest rule groups below it. */
function rulesBelow(node: Node, prefix: string[]): string[][] {
  const out: string[][] = [];
  for (const [name, child] of node.children) {
    const path = [...prefix, name];
    if (child.rules?.[0]?.kind === 'function') continue;
    if (child.rules) out.push(path);
    else out.push(...rulesBelow(child, path));
  }

  return out;
}

/**
 * Rules below another rule's path merge into its object (OPA's general
 * reference heads); other kinds of rule cannot take them. Two of them
 * deeper than its leaves would have to merge with each other there, which
 * is not supported.
 */
function checkRulesBelow(rule: Rule, below: string[][], depth: number): void {
  if (rule.kind !== 'object') {
    throw unsupported(
      `rules nested under a ${rule.kind} rule's path (${rule.path.join('.')})`,
      rule.loc,
    );
  }
  const deep = below
    .filter((b) => b.length > depth)
    .map((b) => b.slice(0, depth).join('\0'));
  if (new Set(deep).size !== deep.length) {
    throw unsupported(
      "rules nested under another rule's path that meet below its leaves",
      rule.loc,
    );
  }
}

/**
 * The shape of an object rule group with general reference heads
 * (`p[x].r`, `p[x] contains y`), or undefined for plain `p[x] := v` rules.
 * Rules of different depths under one path would have to merge into each
 * other's values, which is not supported.
 */
function nestedShape(
  rules: Rule[],
): { depth: number; setLeaf: boolean } | undefined {
  const shapes = rules.map((r) => ({
    depth: 1 + (r.nested?.rest.length ?? 0),
    setLeaf: r.nested?.setLeaf ?? false,
  }));
  const first = shapes[0];
  if (!first || rules.every((r) => !r.nested)) return undefined;
  if (
    shapes.some((s) => s.depth !== first.depth || s.setLeaf !== first.setLeaf)
  ) {
    const rule = rules.find((r) => r.nested) as Rule;
    throw unsupported(
      'rules of different reference depths under one path',
      rule.loc,
    );
  }

  return first;
}

/**
 * Numbers are int64 or float64 at run time, not OPA's arbitrary precision:
 * a literal they cannot hold exactly would silently change value (an
 * integer past int64 rounded to a float, a float past float64 turned
 * infinite), so it is refused by name instead of giving a wrong answer.
 * Integers past int64 that a float64 holds exactly (10^19) are kept.
 */
function checkNumberLiteral(text: string, loc: Location): void {
  if (/^-?\d+$/.test(text)) {
    const big = BigInt(text);
    const fits = big >= -(2n ** 63n) && big < 2n ** 63n;
    if (!fits && BigInt(Number(text)) !== big) {
      throw unsupported(`integer literal beyond int64: ${text}`, loc);
    }
    return;
  }
  if (!Number.isFinite(Number(text))) {
    throw unsupported(`number literal beyond float64: ${text}`, loc);
  }
}

function isPattern(t: Term): boolean {
  switch (t.type) {
    case 'var':
    case 'null':
    case 'boolean':
    case 'number':
    case 'string':
      return true;
    case 'array':
      return t.items.every(isPattern);
    case 'object':
      return t.entries.every(([, v]) => isPattern(v));
    default:
      return false;
  }
}

function firstVar(t: Term): string {
  const s = new Set<string>();
  collectVars(t, s);

  return [...s][0] ?? '?';
}

function varsOf(t: Term): string[] {
  const s = new Set<string>();
  collectVars(t, s);

  return [...s];
}

/** Variables a term mentions, comprehension bodies included. */
export function collectVars(t: Term, out: Set<string>, deep = true): void {
  switch (t.type) {
    case 'var':
      out.add(t.name);
      return;
    case 'ref':
      collectVars(t.head, out, deep);
      for (const p of t.path) collectVars(p, out, deep);
      return;
    case 'array':
    case 'set':
      for (const i of t.items) collectVars(i, out, deep);
      return;
    case 'object':
      for (const [a, b] of t.entries) {
        collectVars(a, out, deep);
        collectVars(b, out, deep);
      }
      return;
    case 'arraycomp':
    case 'setcomp':
      if (!deep) return;
      collectVars(t.term, out);
      for (const l of t.body) collectLiteralVars(l, out);
      return;
    case 'objectcomp':
      if (!deep) return;
      collectVars(t.key, out);
      collectVars(t.value, out);
      for (const l of t.body) collectLiteralVars(l, out);
      return;
    case 'call':
      for (const a of t.args) collectVars(a, out, deep);
      return;
    case 'template':
      for (const p of t.parts) {
        if (typeof p !== 'string') collectVars(p, out, deep);
      }
      return;
    default:
      return;
  }
}

function collectLiteralVars(l: Literal, out: Set<string>, deep = true): void {
  switch (l.type) {
    case 'expr':
      collectVars(l.term, out, deep);
      for (const w of l.with) collectVars(w.value, out, deep);
      return;
    case 'some':
      for (const v of l.vars) collectVars(v, out, deep);
      return;
    case 'somein':
      if (l.key) collectVars(l.key, out, deep);
      collectVars(l.value, out, deep);
      collectVars(l.collection, out, deep);
      for (const w of l.with ?? []) collectVars(w.value, out, deep);
      return;
    case 'every':
      collectVars(l.domain, out, deep);
      for (const w of l.with ?? []) collectVars(w.value, out, deep);
      if (!deep) return;
      if (l.key) collectVars(l.key, out);
      collectVars(l.value, out);
      for (const b of l.body) collectLiteralVars(b, out);
      return;
  }
}
