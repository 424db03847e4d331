// Host imports from `env`, which the OPA SDK provides. AssemblyScript names
// the import module after this file.

export declare function opa_abort(msg: usize): void;

export declare function opa_builtin0(id: i32, ctx: usize): usize;
