import { z } from 'zod';

/** A stored bundle as procedures return it: never its bytes. */
export const bundleViewSchema = z.object({
  digest: z.string(),
  revision: z.string(),
  entrypoints: z.array(z.string()),
  sizeBytes: z.int(),
  createdBy: z.string(),
  createdAt: z.string(),
  active: z.boolean(),
});

export const storedBundleOutput = z.object({
  bundle: bundleViewSchema,
  created: z.boolean(),
});

export const activePolicyOutput = z
  .object({
    bundle: bundleViewSchema,
    entrypoint: z.string(),
    activatedBy: z.string(),
    updatedAt: z.string(),
  })
  .nullable();
