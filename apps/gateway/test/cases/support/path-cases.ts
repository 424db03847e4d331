import type { Route } from '@cellplane/contract';
import { expect } from 'vitest';

import type { Edge, PolicyInput } from './edge-harness';

export function route(
  id: string,
  pathPrefix: string,
  auth: Route['auth'],
): Route {
  return { id, pathPrefix, auth, timeoutMs: 1000 };
}

/** True when `path` is `prefix` or below it, on whole segments. */
export function under(path: string, prefix: string): boolean {
  return path === prefix || path.startsWith(`${prefix}/`);
}

/** Policy of K01/K02: `/admin/**` only for role `admin`. */
export function adminPolicy(input: PolicyInput): boolean {
  return !under(input.path, '/admin') || (input.roles ?? []).includes('admin');
}

/**
 * The invariant behind K01 to K03: the upstream received exactly the
 * paths the policy allowed, in order, and nothing else.
 */
export function expectUpstreamSawOnlyEvaluated(edge: Edge): void {
  const allowed = edge.evaluated.filter((e) => e.allowed).map((e) => e.path);
  const forwarded = edge.received.map((r) => r.url.split('?')[0]);

  expect(forwarded).toEqual(allowed);
}

/** The path as an upstream that decodes once and ignores case reads it. */
export function asLenientUpstreamReads(path: string): string {
  return (
    path
      // Overlong two- and three-byte forms of ASCII, as lax UTF-8 decoders
      // read them (`%C0%AE` is `.`).
      .replace(
        /%[Cc]([01])%([89ABab][0-9A-Fa-f])/g,
        (_, low: string, hex: string) =>
          String.fromCharCode(
            ((Number(low) << 6) | (parseInt(hex, 16) & 0x3f)) & 0x7f,
          ),
      )
      .replace(
        /%[Ee]0%[89][0-9A-Fa-f]%([89ABab][0-9A-Fa-f])/gi,
        (_, hex: string) => String.fromCharCode(parseInt(hex, 16) & 0x3f),
      )
      .replace(/%([0-9A-Fa-f]{2})/g, (_, hex: string) =>
        String.fromCharCode(parseInt(hex, 16)),
      )
      .toLowerCase()
  );
}

export type PolicyInputLike = PolicyInput;
