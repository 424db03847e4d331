import { idSchema } from '@cellplane/contract';
import { z } from 'zod';

import { issuerOutput, issuerSettingsInput } from './edge-views.schema';

export const updateIssuerInput = z
  .strictObject({
    id: idSchema,
    issuer: issuerSettingsInput.issuer.optional(),
    audiences: issuerSettingsInput.audiences.optional(),
    algorithms: issuerSettingsInput.algorithms.optional(),
    leewaySeconds: issuerSettingsInput.leewaySeconds.optional(),
    tenantClaim: issuerSettingsInput.tenantClaim.optional(),
  })
  .refine((input) => Object.keys(input).length > 1, {
    message: 'give at least one setting to change',
    path: ['id'],
  });

export const updateIssuerOutput = issuerOutput;
