import type { ServiceDeps } from '../service-deps';

/** A stored bundle's tar.gz bytes, for gateways; null when unknown. */
export async function readBundleBytes(
  deps: Pick<ServiceDeps, 'db'>,
  digest: string,
): Promise<Uint8Array | null> {
  const row = await deps.db.policyBundle.findUnique({
    where: { digest },
    select: { bytes: true },
  });

  return row?.bytes ?? null;
}
