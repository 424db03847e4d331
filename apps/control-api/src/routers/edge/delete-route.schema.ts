import { idSchema } from '@cellplane/contract';
import { z } from 'zod';

export const deleteRouteInput = z.strictObject({ id: idSchema });

export const deleteRouteOutput = z.object({ id: z.string() });
