import binaryen from 'binaryen';

/**
 * Builds the body of a generated function. `call` calls a runtime export
 * by its export name; `str` places bytes in a new data segment and returns
 * an i32 expression for a string value over them.
 */
export interface PolicyBuilder {
  readonly mod: binaryen.Module;
  call(exportName: string, args: number[], result?: number): number;
  str(text: string): number;
  /** Like str, but parses the text as JSON into a value. */
  json(text: string): number;
}

export interface PolicyParts {
  eval: (b: PolicyBuilder) => number;
  entrypoints: (b: PolicyBuilder) => number;
  builtins: (b: PolicyBuilder) => number;
  /** Extra locals of the eval function (after its ctx parameter). */
  locals?: number[];
}

/**
 * Data segment access exists in binaryen.js but is missing from its
 * typings (version 131).
 */
interface DataSegmentApi {
  getNumDataSegments(): number;
  getDataSegmentByIndex(index: number): number;
  getDataSegmentInfo(ref: number): {
    offset: number | null;
    data: ArrayBuffer;
  };
}

function exportedFunction(mod: binaryen.Module, name: string): string {
  const ref = mod.getExport(name);
  if (!ref) throw new Error(`runtime has no export ${name}`);

  return binaryen.getExportInfo(ref).value;
}

/**
 * Links generated functions into the runtime the way the Rego compiler
 * is expected to (README.md, "Generated code"): replace the `cellplane.*`
 * placeholder imports with defined functions, append constant data above
 * the runtime's data, and move `cellplane_heap_base` past it. A test
 * helper and a worked example, not the compiler itself.
 */
export function linkPolicy(
  runtime: Uint8Array,
  parts: PolicyParts,
): Uint8Array<ArrayBuffer> {
  const mod = binaryen.readBinary(runtime);
  mod.setFeatures(binaryen.Features.All);

  const segments: { offset: number; data: Uint8Array }[] = [];
  const data = mod as unknown as DataSegmentApi;
  for (let i = 0; i < data.getNumDataSegments(); i++) {
    const info = data.getDataSegmentInfo(data.getDataSegmentByIndex(i));
    segments.push({
      offset: info.offset ?? 0,
      data: new Uint8Array(info.data),
    });
  }
  let dataEnd = Math.max(...segments.map((s) => s.offset + s.data.length));
  dataEnd = (dataEnd + 15) & ~15;

  const place = (text: string): [number, number] => {
    const data = new TextEncoder().encode(text);
    const offset = dataEnd;
    segments.push({ offset, data });
    dataEnd = (dataEnd + data.length + 15) & ~15;
    return [offset, data.length];
  };
  const call = (exportName: string, args: number[], result = binaryen.i32) =>
    mod.call(exportedFunction(mod, exportName), args, result);
  const withBytes = (fn: string, text: string): number => {
    const [offset, length] = place(text);
    return call(fn, [mod.i32.const(offset), mod.i32.const(length)]);
  };
  const builder: PolicyBuilder = {
    mod,
    call,
    str: (text) => withBytes('opa_string', text),
    json: (text) => withBytes('opa_json_parse', text),
  };

  const placeholders: Record<string, (b: PolicyBuilder) => number> = {
    eval: parts.eval,
    entrypoints: parts.entrypoints,
    builtins: parts.builtins,
  };
  const imports: binaryen.FunctionInfo[] = [];
  for (let i = 0; i < mod.getNumFunctions(); i++) {
    const info = binaryen.getFunctionInfo(mod.getFunctionByIndex(i));
    if (info.module === 'cellplane') imports.push(info);
  }
  for (const info of imports) {
    const build = placeholders[info.base ?? ''];
    if (!build) throw new Error(`unknown placeholder ${info.base}`);
    const body = build(builder);
    mod.removeFunction(info.name);
    const vars = info.base === 'eval' ? (parts.locals ?? []) : [];
    mod.addFunction(info.name, info.params, info.results, vars, body);
  }

  const heapBase = binaryen.getExportInfo(
    mod.getExport('cellplane_heap_base'),
  ).value;
  mod.removeGlobal(heapBase);
  mod.addGlobal(heapBase, binaryen.i32, true, mod.i32.const(dataEnd));

  // The runtime exports its imported memory as "memory", which gives its
  // internal name; setMemory replaces memory and segments under that name.
  const memoryName = binaryen.getExportInfo(mod.getExport('memory')).value;
  const memory = mod.getMemoryInfo();
  mod.setMemory(
    Math.max(memory.initial, Math.ceil(dataEnd / 65536)),
    -1,
    null,
    segments.map((s) => ({
      offset: mod.i32.const(s.offset),
      data: s.data,
      passive: false,
    })),
    false,
    false,
    memoryName,
  );
  mod.addMemoryImport(memoryName, 'env', 'memory');

  if (!mod.validate()) throw new Error('linked module does not validate');
  const bytes = new Uint8Array(mod.emitBinary());
  mod.dispose();

  return bytes;
}
