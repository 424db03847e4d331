import { z } from 'zod';

import { roleSchema } from '../../auth/roles';

export const signInInput = z.strictObject({
  email: z.email().max(254),
  password: z.string().min(1).max(1024),
});

export const sessionUserOutput = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: roleSchema,
});

export const signInOutput = z.object({ user: sessionUserOutput });
