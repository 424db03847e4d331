import { z } from 'zod';

import { issuerOutput } from './edge-views.schema';

export const listIssuersOutput = z.array(issuerOutput);
