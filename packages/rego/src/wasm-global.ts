/**
 * The few WebAssembly JS API members this package uses. The project's
 * TypeScript lib settings do not include the DOM's WebAssembly types, and
 * Node provides the global at run time.
 */
export interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}

export interface WasmModuleImport {
  module: string;
  name: string;
  kind: string;
}

export interface WasmApi {
  Module: {
    new (bytes: Uint8Array): object;
    imports(mod: object): WasmModuleImport[];
  };
  Instance: new (
    mod: object,
    imports: Record<string, Record<string, unknown>>,
  ) => { exports: Record<string, unknown> };
  Memory: new (desc: { initial: number; maximum?: number }) => WasmMemory;
}

export const wasm = (globalThis as unknown as { WebAssembly: WasmApi })
  .WebAssembly;
