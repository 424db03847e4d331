import { MAX_BUNDLE_BYTES } from '@cellplane/contract';
import { z } from 'zod';

export { storedBundleOutput as uploadBundleOutput } from './bundle-view.schema';

export const uploadBundleInput = z.strictObject({
  /** The tar.gz bytes, base64; at most MAX_BUNDLE_BYTES once decoded. */
  bundleBase64: z
    .string()
    .min(1)
    .max(Math.ceil(MAX_BUNDLE_BYTES / 3) * 4, 'the bundle is over 16 MiB')
    .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'must be base64'),
});
