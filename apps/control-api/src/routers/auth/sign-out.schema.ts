import { z } from 'zod';

export const signOutOutput = z.object({ signedOut: z.boolean() });
