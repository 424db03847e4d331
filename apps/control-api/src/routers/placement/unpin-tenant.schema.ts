import { idSchema } from '@cellplane/contract';
import { z } from 'zod';

export const unpinTenantInput = z.strictObject({ tenantId: idSchema });

export const unpinTenantOutput = z.object({ tenantId: z.string() });
