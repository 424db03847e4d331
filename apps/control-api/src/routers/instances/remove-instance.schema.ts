import { idSchema } from '@cellplane/contract';
import { z } from 'zod';

export const removeInstanceInput = z.strictObject({ id: idSchema });

export const removeInstanceOutput = z.object({ id: z.string() });
