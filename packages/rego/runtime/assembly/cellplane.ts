// Placeholder imports from the module `cellplane` (named after this file)
// that the Rego compiler replaces with the generated per-policy functions
// (see README.md, "Generated code").

/** Evaluates the context's entrypoint and adds its results. */
export declare function eval(ctx: usize): i32;

/** An object value mapping entrypoint names to ids. */
export declare function entrypoints(): usize;

/** An object value mapping host built-in names to ids. */
export declare function builtins(): usize;
