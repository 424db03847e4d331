import type { Route } from '@cellplane/contract';

import { EdgeConfigError } from './edge-config-error';
import { refuse, type EdgeRefusal } from './edge-refusal';

/**
 * The route of a normalized request: longest `pathPrefix`, segment by
 * segment, then the method.
 *
 * ```ts
 * const routes = RouteMatcher.fromRoutes(body.routes); // once per snapshot
 * routes.match(normalized) -> RouteMatch | EdgeRefusal
 * ```
 *
 * Rules:
 * - Prefixes match whole segments: `/upload` covers `/upload` and
 *   `/upload/a`, not `/uploads`; a trailing slash in a prefix changes
 *   nothing.
 * - With a `routes` section, a path no route covers is refused with 404
 *   `GW_ROUTE_UNKNOWN`: deny by default (K03). Without one (older control
 *   planes), one implicit route `/` with auth `optional` covers everything.
 * - The longest matching prefix decides alone: if it does not list the
 *   method, the answer is 405 and no shorter (maybe public) prefix is tried.
 *   A route that allows GET allows HEAD (RFC 9110, 9.3.2); a route listing
 *   HEAD itself at the same prefix is preferred.
 * - Case: prefixes are lower-case (schema). A path whose case-folded form
 *   falls under a longer route than its exact form (`/UPLOAD/file` where
 *   `/upload` is a route and `/` is public) is refused with 400
 *   `GW_BAD_PATH`, so an upstream that ignores case can never be reached
 *   around the rule for the lower-case path (K03). Other upper-case letters
 *   (`/catalog/SKU-1`) pass unchanged.
 *
 * Cost: one map lookup per segment; a second walk only for paths that
 * hold an upper-case letter.
 */
export interface RouteMatch {
  readonly ok: true;
  /** `null` for the implicit route of a snapshot without routes. */
  readonly routeId: string | null;
  readonly auth: Route['auth'];
  /** `null`: the gateway's default timeout. */
  readonly timeoutMs: number | null;
}

interface Node {
  readonly children: Map<string, Node>;
  readonly routes: Route[];
}

const IMPLICIT: RouteMatch = Object.freeze({
  ok: true,
  routeId: null,
  auth: 'optional',
  timeoutMs: null,
});

const UPPER = /[A-Z]/;

export class RouteMatcher {
  private constructor(
    private readonly root: Node | null,
    private readonly matches: ReadonlyMap<Route, RouteMatch>,
  ) {}

  /** Throws `EdgeConfigError` when two routes claim a prefix and method. */
  static fromRoutes(routes: readonly Route[] | undefined): RouteMatcher {
    if (routes === undefined) return new RouteMatcher(null, new Map());

    const root: Node = { children: new Map(), routes: [] };
    const matches = new Map<Route, RouteMatch>();

    for (const route of routes) {
      let node = root;
      for (const segment of route.pathPrefix.split('/')) {
        if (segment === '') continue;
        let child = node.children.get(segment);
        if (child === undefined) {
          child = { children: new Map(), routes: [] };
          node.children.set(segment, child);
        }
        node = child;
      }

      if (node.routes.some((other) => overlaps(other, route))) {
        throw new EdgeConfigError(
          'GW_SNAPSHOT_ROUTES',
          `route ${route.id} repeats the prefix and a method of another`,
        );
      }
      node.routes.push(route);
      matches.set(
        route,
        Object.freeze({
          ok: true,
          routeId: route.id,
          auth: route.auth,
          timeoutMs: route.timeoutMs,
        }),
      );
    }

    return new RouteMatcher(root, matches);
  }

  match(request: {
    readonly method: string;
    readonly path: string;
    readonly segments: readonly string[];
  }): RouteMatch | EdgeRefusal {
    if (this.root === null) return IMPLICIT;

    const exact = deepest(this.root, request.segments, false);
    if (UPPER.test(request.path)) {
      const folded = deepest(this.root, request.segments, true);
      if (folded.depth > exact.depth) {
        return refuse('GW_BAD_PATH', 'path differs from a route only in case');
      }
    }

    if (exact.node === null) return refuse('GW_ROUTE_UNKNOWN', 'no route');

    const route =
      findByMethod(exact.node.routes, request.method) ??
      (request.method === 'HEAD'
        ? findByMethod(exact.node.routes, 'GET')
        : undefined);
    if (route === undefined) {
      return refuse('GW_METHOD_NOT_ALLOWED', 'method not on the route');
    }

    return this.matches.get(route)!;
  }
}

/** The route at a node that lists `method` (or lists no methods). */
function findByMethod(
  routes: readonly Route[],
  method: string,
): Route | undefined {
  return routes.find(
    (candidate) =>
      candidate.methods === undefined ||
      (candidate.methods as readonly string[]).includes(method),
  );
}

/** The deepest node holding routes along the path, and its depth. */
function deepest(
  root: Node,
  segments: readonly string[],
  fold: boolean,
): { node: Node | null; depth: number } {
  let found: Node | null = root.routes.length > 0 ? root : null;
  let depth = found === null ? -1 : 0;
  let node: Node | undefined = root;

  for (let i = 0; i < segments.length; i += 1) {
    const segment = segments[i]!;
    node = node.children.get(fold ? segment.toLowerCase() : segment);
    if (node === undefined) break;
    if (node.routes.length > 0) {
      found = node;
      depth = i + 1;
    }
  }

  return { node: found, depth };
}

function overlaps(a: Route, b: Route): boolean {
  if (a.methods === undefined || b.methods === undefined) return true;

  return a.methods.some((method) => b.methods!.includes(method));
}
