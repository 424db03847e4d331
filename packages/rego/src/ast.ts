import type { Location } from './rego-error';

/** Terms: the values and references Rego expressions are built from. */
export type Term =
  | { type: 'null'; loc: Location }
  | { type: 'boolean'; value: boolean; loc: Location }
  | { type: 'number'; text: string; loc: Location }
  | { type: 'string'; value: string; loc: Location }
  | { type: 'var'; name: string; loc: Location }
  | { type: 'ref'; head: Term; path: Term[]; loc: Location }
  | { type: 'array'; items: Term[]; loc: Location }
  | { type: 'set'; items: Term[]; loc: Location }
  | { type: 'object'; entries: [Term, Term][]; loc: Location }
  | { type: 'arraycomp'; term: Term; body: Body; loc: Location }
  | { type: 'setcomp'; term: Term; body: Body; loc: Location }
  | { type: 'objectcomp'; key: Term; value: Term; body: Body; loc: Location }
  | { type: 'call'; name: string; args: Term[]; loc: Location }
  /** `$"a {x} b"`: literal text and expressions, in order. */
  | { type: 'template'; parts: (string | Term)[]; loc: Location };

export interface With {
  target: Term;
  value: Term;
  loc: Location;
}

/** One literal of a rule body. */
export type Literal =
  | {
      type: 'expr';
      negated: boolean;
      term: Term;
      with: With[];
      loc: Location;
    }
  | { type: 'some'; vars: Term[]; loc: Location }
  | {
      type: 'somein';
      key: Term | undefined;
      value: Term;
      collection: Term;
      with?: With[];
      loc: Location;
    }
  | {
      type: 'every';
      key: Term | undefined;
      value: Term;
      domain: Term;
      body: Body;
      with?: With[];
      loc: Location;
    };

export type Body = Literal[];

/** What kind of document a rule defines. */
export type RuleKind = 'complete' | 'set' | 'object' | 'function';

export interface Rule {
  kind: RuleKind;
  isDefault: boolean;
  /** Full path from `data`, e.g. ['authz', 'allow']. */
  path: string[];
  /** Head reference terms after the last constant segment (`p[x]`). */
  key: Term | undefined;
  /**
   * A general reference head (`p[x].r[y]`, `p[x] contains y`): the
   * reference terms after `key`, and whether the leaf is a set of the
   * rule's values (`contains`) rather than one value. Such a rule is an
   * object rule building nested objects.
   */
  nested?: { rest: Term[]; setLeaf: boolean };
  args: Term[] | undefined;
  value: Term;
  body: Body;
  /** `else` branches, in order. */
  elses: { value: Term; body: Body; loc: Location }[];
  loc: Location;
  file: string;
}

export interface Import {
  path: Term;
  alias: string | undefined;
  loc: Location;
}

export interface Module {
  file: string;
  packagePath: string[];
  imports: Import[];
  rules: Rule[];
  loc: Location;
}
