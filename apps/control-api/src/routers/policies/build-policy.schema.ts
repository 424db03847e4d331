import {
  DEFAULT_POLICY_ENTRYPOINT,
  entrypointSchema,
} from '@cellplane/contract';
import { z } from 'zod';

export { storedBundleOutput as buildPolicyOutput } from './bundle-view.schema';

/** Largest Rego file, data.json and total of sources a build accepts. */
export const MAX_SOURCE_FILE_BYTES = 256 * 1024;
export const MAX_SOURCE_TOTAL_BYTES = 1024 * 1024;

const fileSchema = z.strictObject({
  name: z
    .string()
    .max(200)
    .regex(
      /^[A-Za-z0-9_-][A-Za-z0-9._-]*(\/[A-Za-z0-9_-][A-Za-z0-9._-]*)*\.rego$/,
      'must be a relative path ending in .rego',
    ),
  text: z.string().max(MAX_SOURCE_FILE_BYTES),
});

export const buildPolicyInput = z.strictObject({
  files: z
    .array(fileSchema)
    .min(1, 'give at least one .rego file')
    .max(50)
    .refine(
      (files) => new Set(files.map((f) => f.name)).size === files.length,
      'file names must be unique',
    )
    .refine(
      (files) =>
        files.reduce((total, f) => total + f.text.length, 0) <=
        MAX_SOURCE_TOTAL_BYTES,
      `sources may hold at most ${MAX_SOURCE_TOTAL_BYTES} characters in all`,
    ),
  data: z.string().max(MAX_SOURCE_FILE_BYTES).default('{}'),
  entrypoint: entrypointSchema.default(DEFAULT_POLICY_ENTRYPOINT),
  revision: z
    .string()
    .min(1)
    .max(256)
    .regex(/^[\x21-\x7e]+$/, 'printable ASCII without spaces')
    .optional(),
});
