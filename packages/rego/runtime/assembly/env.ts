// Host imports. The OPA SDK provides everything under `env`; `eval` is a
// placeholder import that the Rego compiler replaces with the generated
// per-policy evaluation function (see README.md, "Generated code").

@external("env", "opa_abort")
export declare function opa_abort(msg: usize): void;

@external("env", "opa_builtin0")
export declare function opa_builtin0(id: i32, ctx: usize): usize;

@external("cellplane", "eval")
export declare function generated_eval(ctx: usize): i32;

@external("cellplane", "entrypoints")
export declare function generated_entrypoints(): usize;

@external("cellplane", "builtins")
export declare function generated_builtins(): usize;
