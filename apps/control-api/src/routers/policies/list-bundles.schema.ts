import { z } from 'zod';

import { bundleViewSchema } from './bundle-view.schema';

export const listBundlesInput = z
  .strictObject({ limit: z.int().min(1).max(200).default(50) })
  .default({ limit: 50 });

export const listBundlesOutput = z.object({
  items: z.array(bundleViewSchema),
});
