/**
 * The planner's intermediate representation, modelled on OPA's `ir`
 * package: functions made of blocks of statements over numbered locals.
 * A statement that is undefined (a failed comparison, a missing key, a
 * call returning nothing) ends the block that holds it; execution goes on
 * after that block. Local 0 is `input` and local 1 is `data` in every
 * function; `0` as a value means undefined.
 */
export type Local = number;

export type Const =
  | { kind: 'null' }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'number'; text: string }
  | { kind: 'string'; value: string };

export type CompareOp = 'equal' | 'neq' | 'lt' | 'gt' | 'lte' | 'gte';

export type Stmt =
  | { op: 'const'; value: Const; target: Local }
  | { op: 'makeArray' | 'makeObject' | 'makeSet'; target: Local }
  | { op: 'arrayAppend'; array: Local; value: Local }
  | {
      op: 'objectInsert';
      object: Local;
      key: Local;
      value: Local;
      /** A second insert of the same key with another value is a conflict. */
      once: boolean;
    }
  | { op: 'setAdd'; set: Local; value: Local }
  | { op: 'dot'; source: Local; key: Local; target: Local }
  | { op: 'scan'; source: Local; key: Local; value: Local; block: Block }
  /** Runs each block in turn; a block ends early when undefined. */
  | { op: 'blocks'; blocks: Block[] }
  /** Leaves `index + 1` enclosing blocks (0: the block holding it). */
  | { op: 'break'; index: number }
  | { op: 'assign'; source: Local; target: Local }
  /** Sets target, or checks it equals source; a difference is a conflict. */
  | { op: 'assignOnce'; source: Local; target: Local; message: string }
  | { op: 'isDefined' | 'isUndefined'; source: Local }
  | { op: 'reset'; target: Local }
  | { op: 'compare'; cmp: CompareOp; a: Local; b: Local }
  /** Defined and not `false`: what an expression needs to be true. */
  | { op: 'truthy'; source: Local }
  | { op: 'isType'; source: Local; typeCode: number }
  /** An array, object or set. */
  | { op: 'isCollection'; source: Local }
  | { op: 'lenEq'; source: Local; length: number }
  /** A rule function (`plan:`), a runtime export, or a host built-in. */
  | { op: 'call'; func: string; args: Local[]; target: Local }
  | { op: 'return'; source: Local };

export type Block = Stmt[];

export interface Func {
  name: string;
  /** Number of parameters after input and data. */
  arity: number;
  locals: number;
  body: Block;
}

export interface Plan {
  funcs: Func[];
  /** Entrypoint name (`a/b`) to function name, in id order. */
  entrypoints: { name: string; func: string }[];
  /** Built-ins the host implements, in id order. */
  hostBuiltins: string[];
  /** Rule (dotted data path) to the rules it refers to, for coverage. */
  calls: Record<string, string[]>;
}

/** OPA's value type codes. */
export const TYPE = {
  null: 1,
  boolean: 2,
  number: 3,
  string: 4,
  array: 5,
  object: 6,
  set: 7,
} as const;
