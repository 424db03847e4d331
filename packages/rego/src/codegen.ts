import binaryen from 'binaryen';
import type { Block, Const, Func, Plan, Stmt } from './ir';
import { TYPE } from './ir';
import { RegoError } from './rego-error';
import type { RuntimeInfo } from './runtime-module';

type Ref = number;

const i32 = binaryen.i32;

/**
 * A moderate pass list for the generated functions only (the runtime is
 * optimized when it is built): it removes the branch and block overhead
 * of the plan's structure. binaryen's full -O2 shrinks the module by about
 * 9 % more but takes about three times as long (docs/POLICY.md).
 */
const OPTIMIZE_PASSES = ['remove-unused-brs', 'merge-blocks', 'vacuum'];
const MAX_HOST_ARITY = 4;

/**
 * Turns a plan into a WebAssembly module: the runtime module with the
 * policy's functions, constants and ABI exports added (OPA ABI 1.2).
 */
export interface GenerateOptions {
  /** Run binaryen's optimizer over the generated functions (default on). */
  optimize?: boolean;
  /** Validate the whole module, for tests (default off). */
  validate?: boolean;
  /** Custom sections to append, as UTF-8 text. */
  customSections?: readonly { name: string; text: string }[];
}

export function generate(
  plan: Plan,
  runtime: RuntimeInfo,
  options: GenerateOptions = {},
): Uint8Array {
  const m = binaryen.readBinary(runtime.bytes);
  try {
    // The features AssemblyScript emits by default.
    const f = binaryen.Features;
    m.setFeatures(
      f.MVP |
        f.BulkMemory |
        f.BulkMemoryOpt |
        f.SignExt |
        f.MutableGlobals |
        f.NontrappingFPToInt,
    );
    const gen = new Generator(m, plan, runtime, options.optimize ?? true);
    gen.run();
    if (options.validate && !m.validate()) {
      throw new RegoError('REGO_RUNTIME', 'generated module does not validate');
    }
    for (const section of options.customSections ?? []) {
      m.addCustomSection(section.name, new TextEncoder().encode(section.text));
    }

    return m.emitBinary();
  } finally {
    m.dispose();
  }
}

class Generator {
  /** Export name to internal function name, for runtime functions. */
  private readonly fn = new Map<string, string>();
  private readonly data: number[] = [];
  private readonly consts = new Map<string, number>();
  private readonly messages = new Map<string, number>();
  private readonly hostImports = new Map<number, string>();
  private labels: string[] = [];
  private labelCount = 0;
  private extraLocals: number[] = [];
  private nextLocal = 0;
  private readonly dataStart: number;

  constructor(
    private readonly m: binaryen.Module,
    private readonly plan: Plan,
    private readonly runtime: RuntimeInfo,
    private readonly optimize: boolean,
  ) {
    for (let i = 0; i < m.getNumExports(); i++) {
      const info = binaryen.getExportInfo(m.getExportByIndex(i));
      if (info.kind === binaryen.ExternalFunction)
        this.fn.set(info.name, info.value);
    }
    this.dataStart = align8(runtime.dataEnd);
  }

  run(): void {
    for (const f of this.plan.funcs) this.declare(f);
    this.addEval();
    this.addObjectFunction(
      'entrypoints',
      this.plan.entrypoints.map((e) => e.name),
    );
    this.addObjectFunction('builtins', this.plan.hostBuiltins);
    this.finishData();
    if (this.optimize) {
      for (const f of this.plan.funcs) {
        this.m.runPassesOnFunction(f.name, OPTIMIZE_PASSES);
      }
    }
  }

  private rt(name: string): string {
    const internal = this.fn.get(name);
    if (!internal) {
      throw new RegoError('REGO_RUNTIME', `runtime export ${name} is missing`);
    }

    return internal;
  }

  private callRt(name: string, args: Ref[], type: binaryen.Type = i32): Ref {
    return this.m.call(this.rt(name), args, type);
  }

  // ---- static data ------------------------------------------------------

  private alloc(bytes: number[]): number {
    while (this.data.length % 8 !== 0) this.data.push(0);
    const addr = this.dataStart + this.data.length;
    this.data.push(...bytes);

    return addr;
  }

  /** A constant value laid out as the runtime's value representation. */
  private constAddr(c: Const): number {
    const key = JSON.stringify(c);
    const known = this.consts.get(key);
    if (known !== undefined) return known;

    let addr: number;
    switch (c.kind) {
      case 'null':
        addr = this.alloc([TYPE.null, 0, 0, 0, 0, 0, 0, 0]);
        break;
      case 'boolean':
        addr = this.alloc([TYPE.boolean, 0, 0, 0, c.value ? 1 : 0, 0, 0, 0]);
        break;
      case 'number':
        addr = this.alloc(numberBytes(c.text));
        break;
      case 'string': {
        const bytes = [...Buffer.from(c.value, 'utf8')];
        const header = this.alloc(new Array<number>(16).fill(0));
        const body = bytes.length > 0 ? this.alloc(bytes) : header;
        const view = new DataView(new ArrayBuffer(12));
        view.setUint32(0, TYPE.string, true);
        view.setUint32(4, bytes.length, true);
        view.setUint32(8, body, true);
        const off = header - this.dataStart;
        new Uint8Array(view.buffer).forEach((b, i) => (this.data[off + i] = b));
        addr = header;
        break;
      }
    }
    this.consts.set(key, addr);

    return addr;
  }

  private messageAddr(text: string): number {
    const known = this.messages.get(text);
    if (known !== undefined) return known;
    const addr = this.alloc([...Buffer.from(text, 'utf8'), 0]);
    this.messages.set(text, addr);

    return addr;
  }

  /** Appends the data segment and moves the runtime's heap start past it. */
  private finishData(): void {
    const m = this.m;
    const segments: binaryen.MemorySegment[] = [];
    const dm = m as unknown as DataSegmentApi;
    for (let i = 0; i < dm.getNumDataSegments(); i++) {
      const info = dm.getDataSegmentInfo(m.getDataSegmentByIndex(i));
      segments.push({
        offset: m.i32.const(info.offset ?? 0),
        data: new Uint8Array(info.data),
        passive: info.passive,
      });
    }
    segments.push({
      offset: m.i32.const(this.dataStart),
      data: Uint8Array.from(this.data),
    });
    const end = align8(this.dataStart + this.data.length) + 8;
    const pages = Math.max(2, Math.ceil(end / 65536));
    const name = this.runtime.memoryName;
    const mem = dm.getMemoryInfo(name);
    m.setMemory(pages, mem.max ?? -1, null, segments, false, false, name);
    m.addMemoryImport(name, 'env', 'memory');

    const heapGlobal = this.runtime.heapBaseGlobal;
    m.removeGlobal(heapGlobal);
    m.addGlobal(heapGlobal, i32, true, m.i32.const(end));
  }

  // ---- functions ----------------------------------------------------------

  private declare(f: Func): void {
    const m = this.m;
    const params = 2 + f.arity;
    this.labels = [];
    this.extraLocals = [];
    this.nextLocal = f.locals;
    const body = this.block(f.body, this.newLabel());
    const vars = new Array<number>(
      f.locals - params + this.extraLocals.length,
    ).fill(i32);
    m.addFunction(
      f.name,
      binaryen.createType(new Array<number>(params).fill(i32)),
      i32,
      vars,
      m.block(null, [body, m.i32.const(0)], i32),
    );
  }

  private newLabel(): string {
    return `L${this.labelCount++}`;
  }

  private tmp(): number {
    const l = this.nextLocal++;
    this.extraLocals.push(l);

    return l;
  }

  private get(l: number): Ref {
    return this.m.local.get(l, i32);
  }

  private set(l: number, v: Ref): Ref {
    return this.m.local.set(l, v);
  }

  /** A block of statements; an undefined statement leaves it. */
  private block(stmts: Block, label: string): Ref {
    this.labels.push(label);
    const body = stmts.map((s) => this.stmt(s, label));
    this.labels.pop();

    return this.m.block(label, body.length > 0 ? body : [this.m.nop()]);
  }

  private failIf(cond: Ref, label: string): Ref {
    return this.m.br(label, cond);
  }

  private stmt(s: Stmt, fail: string): Ref {
    const m = this.m;
    switch (s.op) {
      case 'const':
        return this.set(s.target, m.i32.const(this.constAddr(s.value)));
      case 'makeArray':
        return this.set(s.target, this.callRt('opa_array', []));
      case 'makeObject':
        return this.set(s.target, this.callRt('opa_object', []));
      case 'makeSet':
        return this.set(s.target, this.callRt('opa_set', []));
      case 'arrayAppend':
        return this.callRt(
          'opa_array_append',
          [this.get(s.array), this.get(s.value)],
          binaryen.none,
        );
      case 'setAdd':
        return this.callRt(
          'opa_set_add',
          [this.get(s.set), this.get(s.value)],
          binaryen.none,
        );
      case 'objectInsert': {
        const insert = this.callRt(
          'opa_object_insert',
          [this.get(s.object), this.get(s.key), this.get(s.value)],
          binaryen.none,
        );
        if (!s.once) return insert;
        const prev = this.tmp();
        return m.block(null, [
          this.set(
            prev,
            this.callRt('opa_object_get', [
              this.get(s.object),
              this.get(s.key),
            ]),
          ),
          m.if(
            m.i32.and(
              m.i32.ne(this.get(prev), m.i32.const(0)),
              m.i32.ne(
                this.callRt('opa_value_compare', [
                  this.get(prev),
                  this.get(s.value),
                ]),
                m.i32.const(0),
              ),
            ),
            this.abort('eval_conflict_error: object keys must be unique'),
          ),
          insert,
        ]);
      }
      case 'dot': {
        const lookup = [
          this.set(
            s.target,
            this.callRt('opa_value_get', [this.get(s.source), this.get(s.key)]),
          ),
          this.failIf(m.i32.eqz(this.get(s.target)), fail),
        ];
        if (s.source === 0)
          lookup.unshift(this.failIf(m.i32.eqz(this.get(0)), fail));
        return m.block(null, lookup);
      }
      case 'scan':
        return this.scan(s);
      case 'blocks':
        return m.block(
          null,
          s.blocks.map((b) => this.block(b, this.newLabel())),
        );
      case 'break': {
        const target = this.labels[this.labels.length - 1 - s.index];
        if (!target)
          throw new RegoError('REGO_RUNTIME', 'break outside of blocks');
        return m.br(target);
      }
      case 'assign':
        return this.set(s.target, this.get(s.source));
      case 'assignOnce':
        return m.if(
          m.i32.eqz(this.get(s.target)),
          this.set(s.target, this.get(s.source)),
          m.if(
            m.i32.ne(
              this.callRt('opa_value_compare', [
                this.get(s.target),
                this.get(s.source),
              ]),
              m.i32.const(0),
            ),
            this.abort(s.message),
          ),
        );
      case 'isDefined':
        return this.failIf(m.i32.eqz(this.get(s.source)), fail);
      case 'isUndefined':
        return this.failIf(m.i32.ne(this.get(s.source), m.i32.const(0)), fail);
      case 'reset':
        return this.set(s.target, m.i32.const(0));
      case 'compare': {
        const c = this.callRt('opa_value_compare', [
          this.get(s.a),
          this.get(s.b),
        ]);
        const zero = m.i32.const(0);
        const ok = {
          equal: () => m.i32.eq(c, zero),
          neq: () => m.i32.ne(c, zero),
          lt: () => m.i32.lt_s(c, zero),
          gt: () => m.i32.gt_s(c, zero),
          lte: () => m.i32.le_s(c, zero),
          gte: () => m.i32.ge_s(c, zero),
        }[s.cmp]();
        return this.failIf(m.i32.eqz(ok), fail);
      }
      case 'truthy':
        return m.block(null, [
          this.failIf(m.i32.eqz(this.get(s.source)), fail),
          this.failIf(
            m.i32.and(
              m.i32.eq(
                m.i32.load8_u(0, 1, this.get(s.source)),
                m.i32.const(TYPE.boolean),
              ),
              m.i32.eqz(m.i32.load8_u(4, 1, this.get(s.source))),
            ),
            fail,
          ),
        ]);
      case 'isType':
        return this.failIf(
          m.i32.ne(
            this.callRt('opa_value_type', [this.get(s.source)]),
            m.i32.const(s.typeCode),
          ),
          fail,
        );
      case 'isCollection':
        return this.failIf(
          m.i32.lt_u(
            this.callRt('opa_value_type', [this.get(s.source)]),
            m.i32.const(TYPE.array),
          ),
          fail,
        );
      case 'lenEq':
        return this.failIf(
          m.i32.ne(
            this.callRt('opa_value_length', [this.get(s.source)]),
            m.i32.const(s.length),
          ),
          fail,
        );
      case 'call':
        return m.block(null, [
          this.set(s.target, this.call(s.func, s.args)),
          this.failIf(m.i32.eqz(this.get(s.target)), fail),
        ]);
      case 'return':
        return m.return(this.get(s.source));
    }
  }

  private call(func: string, args: number[]): Ref {
    const m = this.m;
    const values = args.map((a) => this.get(a));
    if (func.startsWith('plan:')) return m.call(func, values, i32);
    if (func.startsWith('rt:')) return this.callRt(func.slice(3), values);
    const name = func.slice(5);
    const id = this.plan.hostBuiltins.indexOf(name);
    // The runtime caches the clock per evaluation, as OPA fixes it.
    if (name === 'time.now_ns' && this.fn.has('cellplane_time_now_ns')) {
      return this.callRt('cellplane_time_now_ns', [m.i32.const(id)]);
    }
    if (args.length > MAX_HOST_ARITY) {
      throw new RegoError(
        'REGO_UNSUPPORTED',
        `unsupported: built-in ${name} with ${args.length} arguments`,
      );
    }

    return m.call(
      this.hostImport(args.length),
      [m.i32.const(id), m.i32.const(0), ...values],
      i32,
    );
  }

  private hostImport(arity: number): string {
    const known =
      this.hostImports.get(arity) ?? this.runtime.builtinImports.get(arity);
    if (known) return known;
    const name = `$opa_builtin${arity}`;
    this.m.addFunctionImport(
      name,
      'env',
      `opa_builtin${arity}`,
      binaryen.createType(new Array<number>(arity + 2).fill(i32)),
      i32,
    );
    this.hostImports.set(arity, name);

    return name;
  }

  private abort(message: string): Ref {
    return this.m.block(null, [
      this.m.call(
        this.runtime.abortImport,
        [this.m.i32.const(this.messageAddr(message))],
        binaryen.none,
      ),
      this.m.unreachable(),
    ]);
  }

  private scan(s: Extract<Stmt, { op: 'scan' }>): Ref {
    const m = this.m;
    const i = this.tmp();
    const n = this.tmp();
    const end = this.newLabel();
    const loop = this.newLabel();
    const type = this.callRt('opa_value_type', [this.get(s.source)]);
    const src = this.get(s.source);

    return m.block(end, [
      this.failIf(m.i32.eqz(src), end),
      this.failIf(m.i32.lt_u(type, m.i32.const(TYPE.array)), end),
      this.set(n, this.callRt('opa_value_length', [this.get(s.source)])),
      this.set(i, m.i32.const(0)),
      m.loop(
        loop,
        m.block(null, [
          this.failIf(m.i32.ge_u(this.get(i), this.get(n)), end),
          this.set(
            s.key,
            this.callRt('opa_value_key_at', [this.get(s.source), this.get(i)]),
          ),
          this.set(
            s.value,
            this.callRt('opa_value_at', [this.get(s.source), this.get(i)]),
          ),
          this.set(i, m.i32.add(this.get(i), m.i32.const(1))),
          this.block(s.block, this.newLabel()),
          m.br(loop),
        ]),
      ),
    ]);
  }

  // ---- ABI surface --------------------------------------------------------

  /** The policy's eval(ctx): dispatch on the entrypoint id, add the result. */
  private addEval(): void {
    const m = this.m;
    const ctx = 0;
    const value = 1;
    const cases = this.plan.entrypoints.map((e, id) =>
      m.if(
        m.i32.eq(m.i32.load(8, 4, this.get(ctx)), m.i32.const(id)),
        this.set(
          value,
          m.call(
            e.func,
            [m.i32.load(0, 4, this.get(ctx)), m.i32.load(4, 4, this.get(ctx))],
            i32,
          ),
        ),
      ),
    );
    const body = m.block(
      null,
      [
        this.set(value, m.i32.const(0)),
        ...cases,
        m.if(
          m.i32.ne(this.get(value), m.i32.const(0)),
          this.callRt(
            'cellplane_result_add',
            [this.get(ctx), this.get(value)],
            binaryen.none,
          ),
        ),
        m.i32.const(0),
      ],
      i32,
    );
    const name = this.runtime.hooks.get('eval') as string;
    m.removeFunction(name);
    m.addFunction(name, binaryen.createType([i32]), i32, [i32], body);
  }

  /** `entrypoints` / `builtins`: an object from name to id. */
  private addObjectFunction(hook: string, names: string[]): void {
    const m = this.m;
    const obj = 0;
    const body = m.block(
      null,
      [
        this.set(obj, this.callRt('opa_object', [])),
        ...names.map((name, id) =>
          this.callRt(
            'opa_object_insert',
            [
              this.get(obj),
              m.i32.const(this.constAddr({ kind: 'string', value: name })),
              m.i32.const(this.constAddr({ kind: 'number', text: String(id) })),
            ],
            binaryen.none,
          ),
        ),
        this.get(obj),
      ],
      i32,
    );
    const name = this.runtime.hooks.get(hook) as string;
    m.removeFunction(name);
    m.addFunction(name, binaryen.none, i32, [i32], body);
  }
}

/** Members binaryen.js has but its type declarations lack. */
interface DataSegmentApi {
  getNumDataSegments(): number;
  getDataSegmentInfo(segment: number): {
    offset: number | null;
    data: ArrayBuffer;
    passive: boolean;
  };
  getMemoryInfo(name: string): { max?: number };
}

function align8(n: number): number {
  return (n + 7) & ~7;
}

/** A number constant in the runtime's layout: int64 when exact, else f64. */
function numberBytes(text: string): number[] {
  const view = new DataView(new ArrayBuffer(16));
  view.setUint8(0, TYPE.number);
  if (/^-?\d+$/.test(text)) {
    const big = BigInt(text);
    if (big >= -(2n ** 63n) && big < 2n ** 63n) {
      view.setUint8(1, 0);
      view.setBigInt64(8, big, true);
      return [...new Uint8Array(view.buffer)];
    }
  }
  view.setUint8(1, 1);
  view.setFloat64(8, Number(text), true);

  return [...new Uint8Array(view.buffer)];
}
