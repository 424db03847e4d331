import { z } from 'zod';

export const listRegionsOutput = z.array(
  z.object({
    id: z.string(),
    name: z.string(),
    cellCount: z.int(),
    createdAt: z.string(),
  }),
);
