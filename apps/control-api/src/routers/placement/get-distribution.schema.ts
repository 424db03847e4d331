import { z } from 'zod';

export const getDistributionOutput = z.array(
  z.object({ cellId: z.string(), regionId: z.string(), tenants: z.int() }),
);
