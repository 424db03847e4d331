import { idSchema } from '@cellplane/contract';
import { z } from 'zod';

export const deleteIssuerInput = z.strictObject({ id: idSchema });

export const deleteIssuerOutput = z.object({ id: z.string() });
