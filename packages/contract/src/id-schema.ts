import { z } from 'zod';

/** Ids are short, URL-safe and case-sensitive: they appear in paths and logs. */
export const idSchema = z
  .string()
  .regex(
    /^[a-z0-9][a-z0-9._-]{0,62}$/,
    'must be 1-63 chars of a-z, 0-9, ".", "_" or "-", starting alphanumeric',
  );
