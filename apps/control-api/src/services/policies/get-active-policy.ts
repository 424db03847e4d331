import { GLOBAL_POLICY_SCOPE } from '../../publish/read-policy-section';
import type { ServiceDeps } from '../service-deps';
import { BUNDLE_VIEW_SELECT, bundleView, type BundleView } from './bundle-view';

export interface ActivePolicyView {
  bundle: BundleView;
  entrypoint: string;
  activatedBy: string;
  updatedAt: string;
}

/** The policy every gateway evaluates; null when none is active. */
export async function getActivePolicy(
  deps: Pick<ServiceDeps, 'db'>,
): Promise<ActivePolicyView | null> {
  const row = await deps.db.activePolicy.findUnique({
    where: { scope: GLOBAL_POLICY_SCOPE },
    include: { bundle: { select: BUNDLE_VIEW_SELECT } },
  });
  if (!row) return null;

  return {
    bundle: bundleView(row.bundle),
    entrypoint: row.entrypoint,
    activatedBy: row.activatedBy,
    updatedAt: row.updatedAt.toISOString(),
  };
}
