import type { ServiceDeps } from '../service-deps';
import { BUNDLE_VIEW_SELECT, bundleView, type BundleView } from './bundle-view';

/** Stored bundles, newest first, without their bytes. */
export async function listBundles(
  deps: ServiceDeps,
  input: { limit: number },
): Promise<{ items: BundleView[] }> {
  const rows = await deps.db.policyBundle.findMany({
    orderBy: [{ createdAt: 'desc' }, { digest: 'asc' }],
    take: input.limit,
    select: BUNDLE_VIEW_SELECT,
  });

  return { items: rows.map(bundleView) };
}
