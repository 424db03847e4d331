export type * from './ast';
export type { Plan, Func, Stmt, Block } from './ir';
export { compile, type CompileOptions, type CompileResult } from './compile';
export { parseModule, parseQuery } from './parser';
export { RegoError, type RegoErrorCode, type Location } from './rego-error';
export { loadRuntime, RUNTIME_PATH } from './runtime-module';
export { BUILTINS } from './builtins';
export { collectInputPaths, INPUT_PATHS_SECTION } from './input-paths';
export { definesEntrypoint } from './defines-entrypoint';
export {
  hostBuiltins,
  hostBuiltinsArePure,
  type HostBuiltin,
} from './host-builtins';
