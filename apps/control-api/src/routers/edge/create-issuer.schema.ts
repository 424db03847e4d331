import { idSchema } from '@cellplane/contract';
import { z } from 'zod';

import { issuerOutput, issuerSettingsInput } from './edge-views.schema';

export const createIssuerInput = z.strictObject({
  id: idSchema,
  ...issuerSettingsInput,
  leewaySeconds: issuerSettingsInput.leewaySeconds.default(30),
  tenantClaim: issuerSettingsInput.tenantClaim.default('tenant'),
});

export const createIssuerOutput = issuerOutput;
