import type { Tx } from '../../db/db-types';
import { AppError } from '../../errors/app-error';

/**
 * Gateways refuse (NACK) a snapshot in which two routes claim the same
 * prefix and method, so such a route is refused here first. Prefixes
 * compare without a trailing slash, as gateways match them; a route with no
 * methods claims them all. The table is locked for the check, so two
 * concurrent changes cannot both pass it.
 */
export async function checkNoRouteOverlap(
  tx: Tx,
  route: { id: string; pathPrefix: string; methods: readonly string[] },
): Promise<void> {
  await tx.$executeRaw`LOCK TABLE "EdgeRoute" IN SHARE ROW EXCLUSIVE MODE`;

  const prefix = withoutTrailingSlash(route.pathPrefix);
  const others = await tx.edgeRoute.findMany({
    where: { id: { not: route.id } },
    select: { id: true, pathPrefix: true, methods: true },
  });

  const clash = others.find(
    (other) =>
      withoutTrailingSlash(other.pathPrefix) === prefix &&
      methodsOverlap(other.methods, route.methods),
  );
  if (clash) {
    throw new AppError(
      'ROUTE_OVERLAP',
      `route ${route.id} overlaps route ${clash.id} on ${prefix}`,
      { userMessage: `route ${clash.id} already covers ${route.pathPrefix}` },
    );
  }
}

function withoutTrailingSlash(prefix: string): string {
  return prefix.length > 1 ? prefix.replace(/\/+$/, '') : prefix;
}

function methodsOverlap(a: readonly string[], b: readonly string[]): boolean {
  if (a.length === 0 || b.length === 0) return true;

  return a.some((method) => b.includes(method));
}
