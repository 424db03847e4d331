export { buildRuntime, ensureRuntime, runtimeWasmPath } from './build-runtime';
export { RuntimeBuildError } from './runtime-build-error';
export { runtimeBuiltins, type RuntimeBuiltin } from './builtin-table';
