import { idSchema, routeSchema } from '@cellplane/contract';
import { z } from 'zod';

import {
  pathPrefixInput,
  routeMethodsInput,
  routeOutput,
} from './edge-views.schema';

export const updateRouteInput = z
  .strictObject({
    id: idSchema,
    pathPrefix: pathPrefixInput.optional(),
    /** `null`: every method. */
    methods: routeMethodsInput.nullable().optional(),
    auth: routeSchema.shape.auth.optional(),
    timeoutMs: routeSchema.shape.timeoutMs.optional(),
  })
  .refine((input) => Object.keys(input).length > 1, {
    message: 'give at least one field to change',
    path: ['id'],
  });

export const updateRouteOutput = routeOutput;
