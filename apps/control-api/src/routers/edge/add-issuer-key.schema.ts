import { idSchema } from '@cellplane/contract';
import { z } from 'zod';

import { issuerOutput } from './edge-views.schema';

export const addIssuerKeyInput = z.strictObject({
  issuerId: idSchema,
  // Any JSON object: the service checks it (a private key gets its own
  // error code, JWK_PRIVATE, rather than a generic schema message).
  jwk: z.record(z.string(), z.unknown()),
});

export const addIssuerKeyOutput = issuerOutput;
