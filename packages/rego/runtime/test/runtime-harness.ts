import { readFile } from 'node:fs/promises';
import { ensureRuntime } from '../build-runtime';

/** Time a test file may wait for the first runtime build (slow CI hosts). */
export const BUILD_TIMEOUT_MS = 180_000;

/** A runtime export as seen from JavaScript (i64 arguments are bigints). */
type Export = (...args: (number | bigint)[]) => number;

export interface RuntimeHarness {
  readonly memory: WebAssembly.Memory;
  readonly exports: Record<string, Export>;
  /** Parses JSON text (or a JS value, stringified) into a value address. */
  json(value: unknown): number;
  /** Parses raw text with opa_json_parse; 0 means a syntax error. */
  parseText(text: string): number;
  /** Parses value-form text (sets allowed) with opa_value_parse. */
  parseValue(text: string): number;
  /** A string value holding s. */
  str(s: string): number;
  /** The JSON text opa_json_dump prints for a value address. */
  dumpText(addr: number): string;
  /** The JS value of a value address (JSON.parse of its dump). */
  dump(addr: number): unknown;
  /** opa_value_dump's text for a value address. */
  valueText(addr: number): string;
  /** Calls the named export. */
  call(name: string, ...args: (number | bigint)[]): number;
  /** Messages passed to opa_abort. */
  readonly aborts: string[];
}

export interface HarnessImports {
  eval?: (ctx: number) => number;
  builtin0?: (id: number, ctx: number) => number;
  /** Caps the memory (in 64 KiB pages) to test running out of it. */
  maximumPages?: number;
}

function cString(memory: WebAssembly.Memory, addr: number): string {
  const bytes = new Uint8Array(memory.buffer);
  let end = addr;
  while (bytes[end] !== 0) end++;

  return new TextDecoder().decode(bytes.subarray(addr, end));
}

/**
 * Instantiates build/runtime.wasm (building it when missing or stale) with
 * a real WebAssembly.Memory of the SDK's default size (5 pages). The
 * placeholder imports the compiler normally replaces are served from JS.
 */
export async function loadRuntime(
  imports: HarnessImports = {},
): Promise<RuntimeHarness> {
  const bytes = await readFile(await ensureRuntime());
  const memory = new WebAssembly.Memory({
    initial: 5,
    maximum: imports.maximumPages,
  });
  const aborts: string[] = [];
  const { instance } = await WebAssembly.instantiate(bytes, {
    env: {
      memory,
      opa_abort: (addr: number) => {
        aborts.push(cString(memory, addr));
        throw new Error(`opa_abort: ${cString(memory, addr)}`);
      },
      opa_builtin0: imports.builtin0 ?? (() => 0),
    },
    cellplane: {
      eval: imports.eval ?? (() => 0),
      entrypoints: () => 0,
      builtins: () => 0,
    },
  });
  const exports = instance.exports as unknown as Record<string, Export>;

  const call = (name: string, ...args: (number | bigint)[]): number => {
    const fn = exports[name];
    if (!fn) throw new Error(`runtime has no export ${name}`);
    return fn(...args);
  };

  const writeBytes = (data: Uint8Array): number => {
    const addr = call('opa_malloc', data.byteLength);
    new Uint8Array(memory.buffer).set(data, addr);
    return addr;
  };

  const parseWith = (fn: string, text: string): number => {
    const data = new TextEncoder().encode(text);
    return call(fn, writeBytes(data), data.byteLength);
  };

  return {
    memory,
    exports,
    aborts,
    call,
    json: (value) => {
      const addr = parseWith('opa_json_parse', JSON.stringify(value));
      if (addr === 0) throw new Error('runtime rejected JSON');
      return addr;
    },
    parseText: (text) => parseWith('opa_json_parse', text),
    parseValue: (text) => parseWith('opa_value_parse', text),
    str: (s) => {
      const data = new TextEncoder().encode(s);
      return call('opa_string_copy', writeBytes(data), data.byteLength);
    },
    dumpText: (addr) => cString(memory, call('opa_json_dump', addr)),
    dump: (addr) => JSON.parse(cString(memory, call('opa_json_dump', addr))),
    valueText: (addr) => cString(memory, call('opa_value_dump', addr)),
  };
}

/**
 * Calls a runtime export on arguments written in OPA's value syntax and
 * returns the result in value syntax, or undefined for address 0.
 */
export function callText(
  rt: RuntimeHarness,
  name: string,
  ...args: string[]
): string | undefined {
  const addrs = args.map((text) => {
    const addr = rt.parseValue(text);
    if (addr === 0) throw new Error(`bad test value ${text}`);
    return addr;
  });
  const result = rt.call(name, ...addrs);

  return result === 0 ? undefined : rt.valueText(result);
}
