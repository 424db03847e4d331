import { idSchema, routeSchema } from '@cellplane/contract';
import { z } from 'zod';

import {
  pathPrefixInput,
  routeMethodsInput,
  routeOutput,
} from './edge-views.schema';

export const createRouteInput = z.strictObject({
  id: idSchema,
  pathPrefix: pathPrefixInput,
  /** Absent: every method. */
  methods: routeMethodsInput.optional(),
  auth: routeSchema.shape.auth,
  timeoutMs: routeSchema.shape.timeoutMs.default(1000),
});

export const createRouteOutput = routeOutput;
