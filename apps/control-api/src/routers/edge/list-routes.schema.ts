import { z } from 'zod';

import { routeOutput } from './edge-views.schema';

export const listRoutesOutput = z.array(routeOutput);
