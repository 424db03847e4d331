/**
 * The part of `input` that a policy reading only `paths` can see: a copy
 * holding the value at each path (intermediate objects rebuilt with just
 * the keys on the way), so the module parses a fraction of the document.
 *
 * What the policy reads must come out exactly as `JSON.stringify(input)`
 * would give it. So a value is walked into only when it is a plain object
 * (prototype Object or null, no `toJSON`); anything else on the way, an
 * array, a class instance, a boxed value, is copied whole and serialized
 * as the full input would serialize it. Only own enumerable keys count,
 * as in JSON.stringify. `paths` must be minimal (no path a prefix of
 * another), as `collectInputPaths` returns them.
 */
export function projectInput(
  input: unknown,
  paths: readonly (readonly string[])[],
): unknown {
  if (!isPlainObject(input)) return input;

  const out: Record<string, unknown> = {};
  for (const path of paths) copyPath(input, out, path);

  return out;
}

function copyPath(
  from: Record<string, unknown>,
  to: Record<string, unknown>,
  path: readonly string[],
): void {
  let source = from;
  let target = to;

  for (let i = 0; i < path.length; i += 1) {
    const key = path[i]!;
    if (!isEnumerable.call(source, key)) return;

    const value = source[key];
    if (i === path.length - 1 || !isPlainObject(value)) {
      target[key] = value;
      return;
    }

    // Another path may have built this level already.
    const next = target[key];
    if (next === undefined) {
      const level: Record<string, unknown> = {};
      target[key] = level;
      target = level;
    } else {
      target = next as Record<string, unknown>;
    }
    source = value;
  }
}

const isEnumerable = Object.prototype.propertyIsEnumerable;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return false;
  }
  const prototype: unknown = Object.getPrototypeOf(value);

  return (
    (prototype === Object.prototype || prototype === null) &&
    typeof (value as { toJSON?: unknown }).toJSON !== 'function'
  );
}
