import { repeatedJson } from '../caching/repeated-json';
import { isOwnedRequestHeader } from '../hygiene/owned-headers';
import type { ResolvedIdentity } from '../identity/resolve-identity';

/**
 * The document a policy evaluates as `input` (interfaces.md, "Policy
 * input"). Every field comes from what the gateway computed once for the
 * request: the normalized method and path (the same the route matched and
 * the upstream receives), the tenant and user it verified, the cell it
 * chose and the client address it decided (K01 to K04).
 */
export interface PolicyInput {
  readonly method: string;
  readonly path: string;
  /** `path` split on `/`, without empty segments (`/` gives `[]`). */
  readonly segments: readonly string[];
  /** The raw query string, `''` when none. */
  readonly query: string;
  /** Lower-cased names, first value; no credentials, no owned headers. */
  readonly headers: Readonly<Record<string, string>>;
  readonly tenant: string;
  /** Only from a verified token; null without one. */
  readonly user: {
    readonly sub: string;
    readonly issuer: string;
    readonly tenant: string;
    readonly roles: readonly string[];
    readonly claims: Readonly<Record<string, unknown>>;
  } | null;
  /** null for the implicit route of a snapshot without routes. */
  readonly route: { readonly id: string; readonly auth: string } | null;
  readonly cell: string;
  readonly region: string;
  readonly client: { readonly address: string };
}

/** What the request path hands over to build the input. */
export interface PolicyInputSource {
  readonly method: string;
  readonly path: string;
  readonly segments: readonly string[];
  readonly rawQuery: string;
  /** `req.rawHeaders`: names as sent, values in order. */
  readonly rawHeaders: readonly string[];
  readonly peerTrusted: boolean;
  readonly tenantId: string;
  readonly user: ResolvedIdentity['user'];
  readonly routeId: string | null;
  readonly routeAuth: string;
  readonly cellId: string;
  readonly regionId: string;
  readonly clientAddress: string;
}

/** Credentials never reach a policy, its decision log or a replay. */
const CREDENTIALS = new Set([
  'authorization',
  'cookie',
  'proxy-authorization',
  'x-api-key',
]);

export function buildPolicyInput(source: PolicyInputSource): PolicyInput {
  return {
    method: source.method,
    path: source.path,
    segments: source.segments,
    query: source.rawQuery,
    headers: policyHeaders(source.rawHeaders, source.peerTrusted),
    tenant: source.tenantId,
    user:
      source.user === null
        ? null
        : {
            sub: source.user.sub,
            issuer: source.user.issuer,
            tenant: source.tenantId,
            roles: source.user.roles,
            claims: source.user.claims,
          },
    route:
      source.routeId === null
        ? null
        : { id: source.routeId, auth: source.routeAuth },
    cell: source.cellId,
    region: source.regionId,
    client: { address: source.clientAddress },
  };
}

/**
 * The text of `JSON.stringify(buildPolicyInput(source))`, written out
 * field by field without building the input's objects: on the request
 * path that text is all the evaluation and the decision log read, and the
 * objects were garbage by the next request (policy-input.test.ts holds
 * the two to each other).
 */
export function policyInputJson(source: PolicyInputSource): string {
  const tenant = repeatedJson(source.tenantId);
  const route =
    source.routeId === null
      ? 'null'
      : `{"id":${repeatedJson(source.routeId)},"auth":${repeatedJson(source.routeAuth)}}`;

  return (
    `{"method":${repeatedJson(source.method)},"path":${JSON.stringify(source.path)}` +
    `,"segments":${JSON.stringify(source.segments)}` +
    `,"query":${JSON.stringify(source.rawQuery)}` +
    `,"headers":${policyHeadersJson(source.rawHeaders, source.peerTrusted)}` +
    `,"tenant":${tenant},"user":${userJson(source.user, tenant)},"route":${route}` +
    `,"cell":${repeatedJson(source.cellId)},"region":${repeatedJson(source.regionId)}` +
    `,"client":{"address":${JSON.stringify(source.clientAddress)}}}`
  );
}

type User = NonNullable<PolicyInputSource['user']>;

/** A user's text, and what it was made from. */
interface UserText {
  readonly user: Omit<User, 'claims'>;
  readonly tenant: string;
  readonly text: string;
}

/**
 * Serialized users by their claims object: a token the verifier has
 * cached hands over the same (never modified) claims, subject, issuer and
 * roles on every request, so its user is written out once.
 */
const userTexts = new WeakMap<object, UserText>();

function userJson(user: User | null, tenant: string): string {
  if (user === null) return 'null';

  const known = userTexts.get(user.claims);
  if (
    known !== undefined &&
    known.tenant === tenant &&
    known.user.sub === user.sub &&
    known.user.issuer === user.issuer &&
    known.user.roles === user.roles
  ) {
    return known.text;
  }

  const text =
    `{"sub":${JSON.stringify(user.sub)},"issuer":${repeatedJson(user.issuer)}` +
    `,"tenant":${tenant},"roles":${JSON.stringify(user.roles)}` +
    `,"claims":${JSON.stringify(user.claims)}}`;
  userTexts.set(user.claims, { user, tenant, text });

  return text;
}

/** `JSON.stringify(policyHeaders(...))` without the object. */
function policyHeadersJson(
  rawHeaders: readonly string[],
  peerTrusted: boolean,
): string {
  const { names, values } = keptHeaders(rawHeaders, peerTrusted);
  let text = '{';
  for (let i = 0; i < names.length; i += 1) {
    if (i > 0) text += ',';
    text += `${JSON.stringify(names[i])}:${JSON.stringify(values[i])}`;
  }

  return `${text}}`;
}

/**
 * The client's headers as a policy may read them: lower-cased names, the
 * first value of a repeated one, without credentials and without the
 * headers the gateway owns (K04: an `x-user-roles` from outside is not an
 * identity, so a policy cannot be fooled into reading it as one). Names
 * are inserted in sorted order, so the input serializes the same for the
 * same headers in any order (one key for remembered decisions, and no
 * re-sort for the decision log).
 */
export function policyHeaders(
  rawHeaders: readonly string[],
  peerTrusted: boolean,
): Record<string, string> {
  const { names, values } = keptHeaders(rawHeaders, peerTrusted);

  // No prototype: a header named `__proto__` or `constructor` is data.
  const headers = Object.create(null) as Record<string, string>;
  for (let i = 0; i < names.length; i += 1) headers[names[i]!] = values[i]!;

  return headers;
}

/**
 * The kept headers' names, sorted, and their first values. Sorted as they
 * are inserted: a request has a handful of headers.
 */
function keptHeaders(
  rawHeaders: readonly string[],
  peerTrusted: boolean,
): { names: string[]; values: string[] } {
  const names: string[] = [];
  const values: string[] = [];
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const name = rawHeaders[i]!.toLowerCase();
    if (CREDENTIALS.has(name) || names.includes(name)) continue;
    if (isOwnedRequestHeader(name, peerTrusted)) continue;

    let at = names.length;
    while (at > 0 && names[at - 1]! > name) at -= 1;
    names.splice(at, 0, name);
    values.splice(at, 0, rawHeaders[i + 1]!);
  }

  return { names, values };
}
