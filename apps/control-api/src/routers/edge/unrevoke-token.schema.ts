import { z } from 'zod';

import { tokenIdInput } from './revoke-token.schema';

export const unrevokeTokenInput = z.strictObject({ tokenId: tokenIdInput });

export const unrevokeTokenOutput = z.object({ tokenId: z.string() });
