import type { Body, Import, Literal, Module, Rule, Term, With } from './ast';
import { tokenize, type Origin, type Token } from './lexer';
import { RegoError, unsupported, type Location } from './rego-error';

const KEYWORDS = new Set([
  'package',
  'import',
  'default',
  'if',
  'else',
  'not',
  'some',
  'every',
  'in',
  'with',
  'as',
  'contains',
]);

/** Infix operators by precedence level, lowest first; names are OPA's. */
const INFIX_LEVELS: Record<string, string>[] = [
  {
    '==': 'equal',
    '!=': 'neq',
    '<': 'lt',
    '>': 'gt',
    '<=': 'lte',
    '>=': 'gte',
  },
  { '|': 'or' },
  { '&': 'and' },
  { '+': 'plus', '-': 'minus' },
  { '*': 'mul', '/': 'div', '%': 'rem' },
];

/** Parses one Rego v1 module. Errors name file:line:col and what was expected. */
export function parseModule(source: string, file: string): Module {
  return new Parser(source, file).module();
}

/** Parses a query (a body) such as `data.x.p = y`. */
export function parseQuery(source: string, file = 'query'): Body {
  const p = new Parser(source, file);
  const body = p.bodyUntil('eof');

  return body;
}

class Parser {
  private readonly tokens: Token[];
  private pos = 0;
  private wildcards = 0;
  /** Set while parsing the first element of a composite: `|` starts a comprehension. */
  private noBar = false;

  constructor(
    source: string,
    private readonly file: string,
    origin?: Origin,
  ) {
    this.tokens = tokenize(source, file, origin);
  }

  /** One expression filling the whole source (inside a template string). */
  templateExpr(): Term {
    const term = this.expr();
    if (this.isKw('with')) {
      throw unsupported('with inside a template expression', this.loc());
    }
    if (this.tok.kind !== 'eof') this.fail('"}" after the template expression');

    return term;
  }

  private get tok(): Token {
    return this.tokens[this.pos] as Token;
  }

  private peek(n = 1): Token {
    return (this.tokens[this.pos + n] ?? this.tokens.at(-1)) as Token;
  }

  private loc(t: Token = this.tok): Location {
    return { file: this.file, line: t.line, col: t.col };
  }

  private fail(expected: string, t: Token = this.tok): never {
    const found = t.kind === 'eof' ? 'end of file' : JSON.stringify(t.text);
    throw new RegoError(
      'REGO_PARSE',
      `expected ${expected}, found ${found}`,
      this.loc(t),
    );
  }

  private isOp(text: string, t: Token = this.tok): boolean {
    return t.kind === 'op' && t.text === text;
  }

  private isKw(text: string, t: Token = this.tok): boolean {
    return t.kind === 'ident' && t.text === text && !this.keywordAsName(t);
  }

  /** `as.foo`, `contains(...)`: a keyword used as a name (OPA allows it). */
  private keywordAsName(t: Token): boolean {
    const next = this.tokens[t.index + 1];
    if (!next || next.kind !== 'op' || next.nlBefore) return false;
    const adjacent = next.line === t.line && next.col === t.col + t.text.length;
    if (!adjacent) return false;

    return next.text === '.' || (next.text === '(' && t.text === 'contains');
  }

  private expectOp(text: string): Token {
    if (!this.isOp(text)) this.fail(`"${text}"`);
    return this.next();
  }

  private next(): Token {
    const t = this.tok;
    if (t.kind !== 'eof') this.pos++;
    return t;
  }

  module(): Module {
    const loc = this.loc();
    if (!this.isKw('package')) this.fail('"package"');
    this.next();
    const packagePath = this.refPath('package name');
    const imports: Import[] = [];
    const rules: Rule[] = [];

    while (this.isKw('import')) {
      imports.push(this.importDecl());
    }

    while (this.tok.kind !== 'eof') {
      if (!this.tok.nlBefore && !this.isOp(';')) {
        this.fail('a new line before the next rule');
      }
      if (this.isOp(';')) this.next();
      if (this.isKw('import')) {
        this.fail('rule (imports come before rules)');
      }
      rules.push(...this.rule(packagePath));
    }

    return { file: this.file, packagePath, imports, rules, loc };
  }

  /** `a.b["c"]`: a path of constant segments. */
  private refPath(what: string): string[] {
    if (this.tok.kind !== 'ident') this.fail(what);
    const path = [this.next().text];
    for (;;) {
      if (this.isOp('.') && !this.peek().nlBefore) {
        this.next();
        if (this.tok.kind !== 'ident') this.fail('name after "."');
        path.push(this.next().text);
      } else if (this.isOp('[') && this.peek().kind === 'string') {
        this.next();
        path.push(this.next().text);
        this.expectOp(']');
      } else {
        return path;
      }
    }
  }

  private importDecl(): Import {
    const loc = this.loc();
    this.next();
    const head = this.tok;
    const path = this.refPath('import path');
    if (!['data', 'input', 'future', 'rego'].includes(path[0] as string)) {
      this.fail('import path starting with data, input, future or rego', head);
    }
    let alias: string | undefined;
    if (this.isKw('as')) {
      this.next();
      if (this.tok.kind !== 'ident') this.fail('alias name');
      alias = this.next().text;
    }
    const term: Term = {
      type: 'ref',
      head: { type: 'var', name: path[0] as string, loc },
      path: path.slice(1).map((s) => ({ type: 'string', value: s, loc })),
      loc,
    };

    return { path: term, alias, loc };
  }

  private rule(pkg: string[]): Rule[] {
    const loc = this.loc();
    const isDefault = this.isKw('default');
    if (isDefault) this.next();

    if (
      this.tok.kind !== 'ident' ||
      (KEYWORDS.has(this.tok.text) && !this.keywordAsName(this.tok))
    ) {
      this.fail('rule name');
    }
    const head = this.termPostfix(this.primary());
    const { path, key: refKey, rest } = this.headRef(head);

    let args: Term[] | undefined;
    let kind: Rule['kind'] = 'complete';
    let key = refKey;
    let value: Term | undefined;

    if (head.type === 'call') {
      args = head.args;
      kind = 'function';
    }

    let nested: Rule['nested'];
    if (rest.length > 0) nested = { rest, setLeaf: false };

    if (this.isKw('contains')) {
      if (kind === 'function') this.fail('"if" or ":="');
      this.next();
      if (key) {
        // `p[x] contains y`: an object of sets, built like `p[x].r`.
        nested = { rest, setLeaf: true };
        kind = 'object';
        value = this.expr();
      } else {
        kind = 'set';
        key = this.expr();
      }
    }

    if (this.isOp(':=') || this.isOp('=')) {
      if (kind === 'set' || nested?.setLeaf) this.fail('"if"');
      this.next();
      value = this.expr();
    }

    if (key && kind === 'complete') kind = 'object';
    if (isDefault && (kind === 'set' || kind === 'object')) {
      this.fail('default rule with a plain name');
    }
    if (isDefault && !value) this.fail('":=" after default rule name');

    const trueTerm: Term = { type: 'boolean', value: true, loc };
    let body: Body = [];
    if (this.isKw('if')) {
      this.next();
      body = this.ruleBody();
    } else if (this.isOp('{')) {
      this.fail('"if" before the rule body (Rego v1)');
    } else if (!isDefault && !value && kind !== 'set') {
      this.fail('"if", ":=" or "contains"');
    }

    const elses: Rule['elses'] = [];
    while (this.isKw('else')) {
      if (kind === 'set' || kind === 'object') this.fail('rule without else');
      const eloc = this.loc();
      this.next();
      let evalue: Term = trueTerm;
      if (this.isOp(':=') || this.isOp('=')) {
        this.next();
        evalue = this.expr();
      }
      let ebody: Body = [];
      if (this.isKw('if')) {
        this.next();
        ebody = this.ruleBody();
      }
      elses.push({ value: evalue, body: ebody, loc: eloc });
    }

    if (this.isOp('{') && !this.tok.nlBefore) {
      throw unsupported('several bodies after one rule head', this.loc());
    }

    return [
      {
        kind,
        isDefault,
        path: [...pkg, ...path],
        key,
        ...(nested ? { nested } : {}),
        args,
        value: value ?? (kind === 'set' ? (key as Term) : trueTerm),
        body,
        elses,
        loc,
        file: this.file,
      },
    ];
  }

  /**
   * Splits a rule head reference into its constant path, the first
   * variable key, and the terms after that key (`p.a[x].b[y]`: path
   * `p.a`, key `x`, rest `b`, `y`).
   */
  private headRef(head: Term): {
    path: string[];
    key: Term | undefined;
    rest: Term[];
  } {
    const ref = head.type === 'call' ? parseName(head) : head;
    if (ref.type === 'var')
      return { path: [ref.name], key: undefined, rest: [] };
    if (ref.type !== 'ref' || ref.head.type !== 'var') {
      this.fail('rule name', this.tokens[this.pos - 1]);
    }
    const path = [ref.head.name];
    let key: Term | undefined;
    const rest: Term[] = [];
    for (const seg of ref.path) {
      if (seg.type === 'string' && key === undefined) path.push(seg.value);
      else if (key === undefined) key = seg;
      else rest.push(seg);
    }
    if (head.type === 'call' && key) {
      throw unsupported('function name with a variable', key.loc);
    }

    return { path, key, rest };
  }

  private ruleBody(): Body {
    if (this.isOp('{')) {
      // `if { ... }` is a body, unless it only parses as one expression
      // starting with a brace (`if {x: i | ...}`), as OPA also accepts.
      const start = this.pos;
      try {
        this.next();
        return this.bodyUntil('}');
      } catch (e) {
        if (!(e instanceof RegoError) || e.code !== 'REGO_PARSE') throw e;
        const end = this.pos;
        this.pos = start;
        try {
          return [this.literal()];
        } catch {
          this.pos = end;
          throw e;
        }
      }
    }

    return [this.literal()];
  }

  /** Literals separated by new lines or `;`, up to `}` (consumed) or eof. */
  bodyUntil(end: '}' | 'eof'): Body {
    const body: Body = [];
    for (;;) {
      if (end === '}' && this.isOp('}')) {
        this.next();
        break;
      }
      if (end === 'eof' && this.tok.kind === 'eof') break;
      if (body.length > 0) {
        if (this.isOp(';')) this.next();
        else if (!this.tok.nlBefore) {
          this.fail(end === '}' ? '"}", ";" or a new line' : 'end of query');
        }
      }
      body.push(this.literal());
    }
    if (body.length === 0) this.fail('at least one expression in the body');

    return body;
  }

  private literal(): Literal {
    const loc = this.loc();

    if (this.isKw('some')) {
      this.next();
      const terms = [this.exprNoIn()];
      while (this.isOp(',')) {
        this.next();
        terms.push(this.exprNoIn());
      }
      if (this.isKw('in')) {
        this.next();
        if (terms.length > 2) this.fail('at most two terms before "in"');
        const collection = this.exprNoIn();
        const withs = this.withs();
        return {
          type: 'somein',
          key: terms.length === 2 ? terms[0] : undefined,
          value: terms.at(-1) as Term,
          collection,
          ...(withs.length > 0 ? { with: withs } : {}),
          loc,
        };
      }
      for (const t of terms) {
        if (t.type !== 'var') this.fail('variable name after "some"');
      }
      return { type: 'some', vars: terms, loc };
    }

    if (this.isKw('every')) {
      this.next();
      const first = this.exprNoIn();
      let second: Term | undefined;
      if (this.isOp(',')) {
        this.next();
        second = this.exprNoIn();
      }
      if (!this.isKw('in')) this.fail('"in"');
      this.next();
      const domain = this.exprNoIn();
      this.expectOp('{');
      const body = this.bodyUntil('}');
      const withs = this.withs();
      return {
        type: 'every',
        key: second ? first : undefined,
        value: second ?? first,
        domain,
        body,
        ...(withs.length > 0 ? { with: withs } : {}),
        loc,
      };
    }

    let negated = false;
    if (this.isKw('not')) {
      this.next();
      negated = true;
    }

    let term = this.expr();
    if (this.isOp(',') && !negated) {
      this.next();
      const value = this.exprNoIn();
      if (!this.isKw('in')) this.fail('"in"');
      this.next();
      const coll = this.exprNoIn();
      term = call('internal.member_3', [term, value, coll], loc);
      while (this.isKw('in')) {
        this.next();
        term = call('internal.member_2', [term, this.exprNoIn()], loc);
      }
    }

    return { type: 'expr', negated, term, with: this.withs(), loc };
  }

  /** `with target as value` clauses after a literal. */
  private withs(): With[] {
    const withs: With[] = [];
    while (this.isKw('with')) {
      const wloc = this.loc();
      this.next();
      const target = this.termPostfix(this.primary());
      if (!this.isKw('as')) this.fail('"as"');
      this.next();
      withs.push({ target, value: this.exprNoIn(), loc: wloc });
    }

    return withs;
  }

  /** Assignment and unification, the lowest precedence. */
  expr(): Term {
    const left = this.inExpr();
    if (this.isOp(':=') || this.isOp('=')) {
      const op = this.next();
      const right = this.inExpr();
      return call(op.text === ':=' ? 'assign' : 'eq', [left, right], left.loc);
    }

    return left;
  }

  private exprNoIn(): Term {
    return this.infix(0);
  }

  private inExpr(): Term {
    let left = this.infix(0);
    while (this.isKw('in')) {
      this.next();
      const right = this.infix(0);
      left = call('internal.member_2', [left, right], left.loc);
    }

    return left;
  }

  private infix(level: number): Term {
    const ops = INFIX_LEVELS[level];
    if (!ops) return this.unary();
    let left = this.infix(level + 1);
    for (;;) {
      const t = this.tok;
      const name = t.kind === 'op' ? ops[t.text] : undefined;
      if (!name || (this.noBar && t.text === '|')) return left;
      this.next();
      const right = this.infix(level + 1);
      left = call(name, [left, right], left.loc);
    }
  }

  private unary(): Term {
    if (this.isOp('-')) {
      const loc = this.loc();
      this.next();
      const operand = this.unary();
      if (operand.type === 'number') {
        return { ...operand, text: `-${operand.text}`, loc };
      }
      return call('minus', [{ type: 'number', text: '0', loc }, operand], loc);
    }

    return this.termPostfix(this.primary());
  }

  private primary(): Term {
    const t = this.tok;
    const loc = this.loc();

    if (t.kind === 'number') {
      this.next();
      return { type: 'number', text: t.text, loc };
    }

    if (t.kind === 'string') {
      this.next();
      return { type: 'string', value: t.text, loc };
    }

    if (t.kind === 'template') {
      this.next();
      const parts = (t.parts ?? []).map((p) =>
        'text' in p
          ? p.text
          : new Parser(p.source, this.file, p).templateExpr(),
      );
      return { type: 'template', parts, loc };
    }

    if (t.kind === 'ident') {
      if (KEYWORDS.has(t.text) && !this.keywordAsName(t)) this.fail('a term');
      this.next();
      const asName = this.keywordAsName(t);
      if ((t.text === 'true' || t.text === 'false') && !asName) {
        return { type: 'boolean', value: t.text === 'true', loc };
      }
      if (t.text === 'null' && !asName) return { type: 'null', loc };
      if (t.text === 'set' && this.isOp('(') && this.isOp(')', this.peek())) {
        this.next();
        this.next();
        return { type: 'set', items: [], loc };
      }
      if (t.text === '_') {
        return { type: 'var', name: `$_${this.wildcards++}`, loc };
      }
      return { type: 'var', name: t.text, loc };
    }

    if (this.isOp('(')) {
      this.next();
      const saved = this.noBar;
      this.noBar = false;
      let inner = this.expr();
      if (this.isOp(',')) {
        this.next();
        const value = this.exprNoIn();
        if (!this.isKw('in')) this.fail('"in"');
        this.next();
        inner = call('internal.member_3', [inner, value, this.infix(0)], loc);
        while (this.isKw('in')) {
          this.next();
          inner = call('internal.member_2', [inner, this.infix(0)], loc);
        }
      }
      this.noBar = saved;
      this.expectOp(')');
      return inner;
    }

    if (this.isOp('[')) return this.arrayLike(loc);
    if (this.isOp('{')) return this.braced(loc);

    return this.fail('a term');
  }

  private withNoBar<T>(value: boolean, fn: () => T): T {
    const saved = this.noBar;
    this.noBar = value;
    try {
      return fn();
    } finally {
      this.noBar = saved;
    }
  }

  private arrayLike(loc: Location): Term {
    this.next();
    if (this.isOp(']')) {
      this.next();
      return { type: 'array', items: [], loc };
    }
    const first = this.withNoBar(true, () => this.inExpr());
    if (this.isOp('|')) {
      this.next();
      const body = this.withNoBar(false, () => this.compBody(']'));
      return { type: 'arraycomp', term: first, body, loc };
    }
    const items = this.withNoBar(false, () => this.listRest(first, ']'));

    return { type: 'array', items, loc };
  }

  private braced(loc: Location): Term {
    this.next();
    if (this.isOp('}')) {
      this.next();
      return { type: 'object', entries: [], loc };
    }
    const first = this.withNoBar(true, () => this.inExpr());

    if (this.isOp(':')) {
      this.next();
      const value = this.withNoBar(true, () => this.inExpr());
      if (this.isOp('|')) {
        this.next();
        const body = this.withNoBar(false, () => this.compBody('}'));
        return { type: 'objectcomp', key: first, value, body, loc };
      }
      const entries: [Term, Term][] = [[first, value]];
      this.withNoBar(false, () => {
        while (this.isOp(',')) {
          this.next();
          if (this.isOp('}')) break;
          const k = this.inExpr();
          this.expectOp(':');
          entries.push([k, this.inExpr()]);
        }
      });
      this.expectOp('}');
      return { type: 'object', entries, loc };
    }

    if (this.isOp('|')) {
      this.next();
      const body = this.withNoBar(false, () => this.compBody('}'));
      return { type: 'setcomp', term: first, body, loc };
    }
    const items = this.withNoBar(false, () => this.listRest(first, '}'));

    return { type: 'set', items, loc };
  }

  private compBody(end: ']' | '}'): Body {
    const body: Body = [];
    for (;;) {
      if (body.length > 0) {
        if (this.isOp(end)) break;
        if (this.isOp(';')) this.next();
        else if (!this.tok.nlBefore) this.fail(`"${end}", ";" or a new line`);
      }
      if (this.isOp(end)) break;
      body.push(this.literal());
    }
    this.expectOp(end);
    if (body.length === 0) this.fail('a comprehension body');

    return body;
  }

  private listRest(first: Term, end: string): Term[] {
    const items = [first];
    while (this.isOp(',')) {
      this.next();
      if (this.isOp(end)) break;
      items.push(this.inExpr());
    }
    this.expectOp(end);

    return items;
  }

  /** `.name`, `[term]` and `(args)` after a term, on the same line. */
  private termPostfix(head: Term): Term {
    let term = head;
    for (;;) {
      if (this.tok.nlBefore) return term;
      if (this.isOp('.')) {
        this.next();
        if (this.tok.kind !== 'ident') this.fail('name after "."');
        const t = this.next();
        term = appendRef(term, {
          type: 'string',
          value: t.text,
          loc: this.loc(t),
        });
      } else if (this.isOp('[')) {
        this.next();
        const key = this.withNoBar(false, () => this.expr());
        this.expectOp(']');
        term = appendRef(term, key);
      } else if (this.isOp('(')) {
        const name = refName(term);
        if (name === undefined) this.fail('a function name before "("');
        this.next();
        const args: Term[] = [];
        this.withNoBar(false, () => {
          while (!this.isOp(')')) {
            args.push(this.expr());
            if (!this.isOp(',')) break;
            this.next();
          }
        });
        this.expectOp(')');
        term = call(name as string, args, term.loc);
      } else {
        return term;
      }
    }
  }
}

function call(name: string, args: Term[], loc: Location): Term {
  return { type: 'call', name, args, loc };
}

function appendRef(term: Term, seg: Term): Term {
  if (term.type === 'ref') return { ...term, path: [...term.path, seg] };

  return { type: 'ref', head: term, path: [seg], loc: term.loc };
}

/** `a.b.c` as a dotted name, or undefined when the ref is not constant. */
export function refName(term: Term): string | undefined {
  if (term.type === 'var') return term.name;
  if (term.type !== 'ref' || term.head.type !== 'var') return undefined;
  const parts = [term.head.name];
  for (const seg of term.path) {
    if (seg.type !== 'string' || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(seg.value)) {
      return undefined;
    }
    parts.push(seg.value);
  }

  return parts.join('.');
}

/** Turns a call's dotted name back into a ref term, for rule heads. */
function parseName(term: Extract<Term, { type: 'call' }>): Term {
  const [head, ...rest] = term.name.split('.');
  const loc = term.loc;

  if (rest.length === 0) return { type: 'var', name: head as string, loc };

  return {
    type: 'ref',
    head: { type: 'var', name: head as string, loc },
    path: rest.map((s) => ({ type: 'string', value: s, loc })),
    loc,
  };
}
