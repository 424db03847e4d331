import { digestSchema } from '@cellplane/contract';
import { z } from 'zod';

import { bundleViewSchema } from './bundle-view.schema';

export const getBundleInput = z.strictObject({ digest: digestSchema });

export const getBundleOutput = bundleViewSchema.extend({
  sources: z.unknown(),
});
