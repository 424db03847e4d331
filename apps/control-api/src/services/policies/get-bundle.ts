import { AppError } from '../../errors/app-error';
import type { ServiceDeps } from '../service-deps';
import { BUNDLE_VIEW_SELECT, bundleView, type BundleView } from './bundle-view';

/** One bundle's metadata and the sources it was built from. */
export async function getBundle(
  deps: ServiceDeps,
  input: { digest: string },
): Promise<BundleView & { sources: unknown }> {
  const row = await deps.db.policyBundle.findUnique({
    where: { digest: input.digest },
    select: { ...BUNDLE_VIEW_SELECT, sources: true },
  });
  if (!row) {
    throw new AppError('BUNDLE_NOT_FOUND', `no bundle ${input.digest}`);
  }

  return { ...bundleView(row), sources: row.sources };
}
