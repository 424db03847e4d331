import type { HttpMethod, Route } from '@cellplane/contract';

export const routeSelect = {
  id: true,
  pathPrefix: true,
  methods: true,
  auth: true,
  timeoutMs: true,
} as const;

export interface RouteRow {
  id: string;
  pathPrefix: string;
  methods: string[];
  auth: Route['auth'];
  timeoutMs: number;
}

/**
 * A route as procedures answer it and as the snapshot holds it: an empty
 * method list in the table means every method, so the field is left out.
 */
export function routeView(row: RouteRow): Route {
  return {
    id: row.id,
    pathPrefix: row.pathPrefix,
    ...(row.methods.length > 0 && { methods: row.methods as HttpMethod[] }),
    auth: row.auth,
    timeoutMs: row.timeoutMs,
  };
}
