import { policyHeaders, type PolicyInputSource } from './policy-input';

/**
 * A request's decision key under a policy that reads only some of the
 * input: the values at those paths, nothing else.
 */
export type InputProjection = (source: PolicyInputSource) => string;

/** Stands for a path with no value; no JSON text starts with it. */
const ABSENT = '~';

/** Between the paths' texts: JSON.stringify escapes every line break. */
const SEPARATOR = '\n';

/**
 * Each top-level field of the input document as `buildPolicyInput` makes
 * it, built only when a path starts there (input-projection.test.ts holds
 * the two to each other).
 */
const FIELDS = new Map<string, (source: PolicyInputSource) => unknown>(
  Object.entries({
    method: (s: PolicyInputSource) => s.method,
    path: (s: PolicyInputSource) => s.path,
    segments: (s: PolicyInputSource) => s.segments,
    query: (s: PolicyInputSource) => s.rawQuery,
    headers: (s: PolicyInputSource) =>
      policyHeaders(s.rawHeaders, s.peerTrusted),
    tenant: (s: PolicyInputSource) => s.tenantId,
    user: (s: PolicyInputSource) =>
      s.user === null
        ? null
        : {
            sub: s.user.sub,
            issuer: s.user.issuer,
            tenant: s.tenantId,
            roles: s.user.roles,
            claims: s.user.claims,
          },
    route: (s: PolicyInputSource) =>
      s.routeId === null ? null : { id: s.routeId, auth: s.routeAuth },
    cell: (s: PolicyInputSource) => s.cellId,
    region: (s: PolicyInputSource) => s.regionId,
    client: (s: PolicyInputSource) => ({ address: s.clientAddress }),
  }),
);

/**
 * The key of a request's decision for a policy that reads only `paths`
 * of its input (`PolicyEvaluator.inputPaths`): the JSON text of the value
 * at each path, or a mark for none. Requests that agree on these values
 * get the same answer from such a policy, so they share one remembered
 * decision whatever else differs (the token's id and times, other
 * headers). null when the policy may read the whole input: its key is
 * then the input's whole text.
 */
export function createInputProjection(
  paths: readonly (readonly string[])[] | null,
): InputProjection | null {
  if (paths === null) return null;

  const fields = fieldsOf(paths);

  return (source) => {
    let key = '';
    for (const { top, rests } of fields) {
      // Each top-level field is built once, however many paths read it.
      const value = top === undefined ? undefined : top(source);
      for (const rest of rests) {
        key += (top === undefined ? ABSENT : textAt(value, rest)) + SEPARATOR;
      }
    }

    return key;
  };
}

/**
 * The input document a policy reading only `paths` is evaluated on: the
 * top-level fields those paths start at, built as `buildPolicyInput`
 * builds them (`PolicyEvaluator.evaluate` keeps only the paths below).
 * null when the policy may read the whole input.
 */
export type InputDocument = (
  source: PolicyInputSource,
) => Record<string, unknown>;

export function createInputDocument(
  paths: readonly (readonly string[])[] | null,
): InputDocument | null {
  if (paths === null) return null;

  const fields = fieldsOf(paths).flatMap(({ name, top }) =>
    top === undefined ? [] : [[name, top] as const],
  );

  return (source) => {
    const document: Record<string, unknown> = {};
    for (const [name, top] of fields) document[name] = top(source);

    return document;
  };
}

/** The paths by their top-level field, in their order. */
function fieldsOf(paths: readonly (readonly string[])[]): {
  name: string;
  top: ((source: PolicyInputSource) => unknown) | undefined;
  rests: (readonly string[])[];
}[] {
  const byField = new Map<string, (readonly string[])[]>();
  for (const [field = '', ...rest] of paths) {
    const rests = byField.get(field) ?? [];
    rests.push(rest);
    byField.set(field, rests);
  }

  return [...byField].map(([field, rests]) => ({
    name: field,
    top: FIELDS.get(field),
    rests,
  }));
}

/** The JSON text of the value below `keys`, as Rego reads it, or ABSENT. */
function textAt(value: unknown, keys: readonly string[]): string {
  let at = value;
  for (const key of keys) {
    // Only objects have keys: a string key into an array, a string or
    // null is undefined in Rego.
    if (at === null || typeof at !== 'object' || Array.isArray(at)) {
      return ABSENT;
    }
    if (!Object.hasOwn(at, key)) return ABSENT;
    at = (at as Record<string, unknown>)[key];
  }

  return JSON.stringify(at);
}
