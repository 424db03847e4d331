import type { Actor, ServiceDeps } from '../service-deps';
import { storeBundle, type StoredBundle } from './store-bundle';

/**
 * Stores a bundle built elsewhere (`opa build -t wasm`, `cellplane policy
 * build`), sent as base64, once it reads and loads like a gateway would.
 */
export async function uploadBundle(
  deps: ServiceDeps,
  actor: Actor,
  input: { bundleBase64: string },
): Promise<StoredBundle> {
  return storeBundle(deps, actor, {
    bytes: Buffer.from(input.bundleBase64, 'base64'),
    sources: null,
    action: 'policy.upload',
  });
}
