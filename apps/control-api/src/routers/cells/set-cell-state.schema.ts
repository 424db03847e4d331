import { cellStateSchema, idSchema } from '@cellplane/contract';
import { z } from 'zod';

export const setCellStateInput = z.strictObject({
  id: idSchema,
  state: cellStateSchema,
});

export const setCellStateOutput = z.object({
  id: z.string(),
  state: cellStateSchema,
});
