import {
  DEFAULT_POLICY_ENTRYPOINT,
  digestSchema,
  entrypointSchema,
} from '@cellplane/contract';
import { z } from 'zod';

export { activePolicyOutput as activatePolicyOutput } from './bundle-view.schema';

export const activatePolicyInput = z.strictObject({
  digest: digestSchema,
  entrypoint: entrypointSchema.default(DEFAULT_POLICY_ENTRYPOINT),
});
