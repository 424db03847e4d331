import { ensureRuntime } from '../runtime/build-runtime';

/** Builds runtime.wasm when missing or stale, for tests and tools. */
export async function prepareRuntime(): Promise<string> {
  return ensureRuntime();
}
