import {
  builtins as generated_builtins,
  entrypoints as generated_entrypoints,
  eval as generated_eval,
} from './cellplane';
import { opa_abort, opa_builtin0 } from './env';
import { opa_heap_ptr_set, opa_malloc } from './heap';
import { opa_json_parse } from './json-parse';
import { opa_json_dump, opa_value_dump } from './json-dump';
import { opa_object_insert, opa_set_add } from './collections';
import { opa_object, opa_set, opa_string } from './value';

// The evaluation context of OPA's ABI and the 1.2 fast path. Layout:
//   +0 input value (0 = no input)   +4 data value
//   +8 entrypoint id                +12 result set (0 until set)

const RESULT_KEY = memory.data<u8>([0x72, 0x65, 0x73, 0x75, 0x6c, 0x74]);
const INVALID_INPUT = memory.data<u8>([
  0x69, 0x6e, 0x76, 0x61, 0x6c, 0x69, 0x64, 0x20, 0x69, 0x6e, 0x70, 0x75, 0x74,
  0x20, 0x6a, 0x73, 0x6f, 0x6e, 0x00,
]);

/** Counts evaluations so per-evaluation caches (time.now_ns) can expire. */
let evaluation: u32 = 0;

export function opa_eval_ctx_new(): usize {
  const ctx = opa_malloc(16);
  store<u64>(ctx, 0);
  store<u64>(ctx, 0, 8);
  evaluation++;
  return ctx;
}

export function opa_eval_ctx_set_input(ctx: usize, v: usize): void {
  store<u32>(ctx, <u32>v);
}

export function opa_eval_ctx_set_data(ctx: usize, v: usize): void {
  store<u32>(ctx, <u32>v, 4);
}

export function opa_eval_ctx_set_entrypoint(ctx: usize, id: i32): void {
  store<i32>(ctx, id, 8);
}

export function opa_eval_ctx_get_input(ctx: usize): usize {
  return <usize>load<u32>(ctx);
}

export function opa_eval_ctx_get_data(ctx: usize): usize {
  return <usize>load<u32>(ctx, 4);
}

export function opa_eval_ctx_get_entrypoint(ctx: usize): i32 {
  return load<i32>(ctx, 8);
}

export function opa_eval_ctx_set_result(ctx: usize, set: usize): void {
  store<u32>(ctx, <u32>set, 12);
}

/** The result set; an empty set when the evaluation produced nothing. */
export function opa_eval_ctx_get_result(ctx: usize): usize {
  let set = <usize>load<u32>(ctx, 12);
  if (set == 0) {
    set = opa_set();
    store<u32>(ctx, <u32>set, 12);
  }
  return set;
}

/**
 * Adds {"result": v} to the context's result set (what the SDK reads). An
 * undefined value (0) adds nothing.
 */
export function cellplane_result_add(ctx: usize, v: usize): void {
  if (v == 0) return;
  const row = opa_object();
  opa_object_insert(row, opa_string(RESULT_KEY, 6), v);
  opa_set_add(opa_eval_ctx_get_result(ctx), row);
}

/**
 * ABI 1.2 fast path. The SDK has written the input JSON at `input` and
 * passes the heap pointer just past it; the answer is the result set
 * serialized as JSON (format 0) or in value form (format 1).
 */
export function opa_eval(
  reserved: usize,
  entrypoint: i32,
  data: usize,
  input: usize,
  inputLen: u32,
  heapPtr: usize,
  format: i32,
): usize {
  opa_heap_ptr_set(heapPtr);
  let inputValue: usize = 0;
  if (input != 0) {
    inputValue = opa_json_parse(input, inputLen);
    if (inputValue == 0) {
      opa_abort(INVALID_INPUT);
      unreachable();
    }
  }
  const ctx = opa_eval_ctx_new();
  opa_eval_ctx_set_input(ctx, inputValue);
  opa_eval_ctx_set_data(ctx, data);
  opa_eval_ctx_set_entrypoint(ctx, entrypoint);
  generated_eval(ctx);
  const result = opa_eval_ctx_get_result(ctx);
  return format == 1 ? opa_value_dump(result) : opa_json_dump(result);
}

/** The exported eval of ABI 1.1: runs the generated code on a context. */
export function cellplane_eval(ctx: usize): i32 {
  return generated_eval(ctx);
}

let cachedNow: usize = 0;
let cachedNowAt: u32 = 0;

/**
 * time.now_ns through the SDK's built-in call path (opa_builtin0 with the
 * id the module's builtins() maps to "time.now_ns"). OPA fixes the clock
 * for a whole evaluation, so the first answer is reused until the next
 * evaluation context is created.
 */
export function cellplane_time_now_ns(builtinId: i32): usize {
  if (cachedNow == 0 || cachedNowAt != evaluation) {
    cachedNow = opa_builtin0(builtinId, 0);
    cachedNowAt = evaluation;
  }
  return cachedNow;
}

/** ABI export `entrypoints`: an object of entrypoint name -> id. */
export function cellplane_entrypoints(): usize {
  return generated_entrypoints();
}

/** ABI export `builtins`: an object of built-in name -> id. */
export function cellplane_builtins(): usize {
  return generated_builtins();
}
