import { z } from 'zod';

import { idSchema } from './id-schema';

/** `sha256:` and the hex digest of a file's bytes (a bundle's tar.gz). */
export const digestSchema = z
  .string()
  .regex(/^sha256:[0-9a-f]{64}$/, 'must be "sha256:" and 64 hex digits');

/** Largest bundle a snapshot may name: the gateway holds it in memory. */
export const MAX_BUNDLE_BYTES = 16 * 1024 * 1024;

/**
 * A path into the policy's documents, as `opa build -e` takes it:
 * `cellplane/authz/allow`, slash-separated Rego identifiers.
 */
export const entrypointSchema = z
  .string()
  .max(256)
  .regex(
    /^[A-Za-z_][A-Za-z0-9_]*(\/[A-Za-z_][A-Za-z0-9_]*)*$/,
    'must be slash-separated Rego names, e.g. cellplane/authz/allow',
  );

export const DEFAULT_POLICY_ENTRYPOINT = 'cellplane/authz/allow';

/**
 * The authorization policy every gateway evaluates. The snapshot names the
 * bundle by the digest of its bytes; the signature over the snapshot makes
 * the digest authentic, so a bundle fetched from anywhere is trusted only
 * when its bytes hash to it. Absent, gateways authorize nothing beyond
 * routes and identity (docs/POLICY.md).
 */
export const policySectionSchema = z.strictObject({
  bundle: z.strictObject({
    digest: digestSchema,
    /** The bundle manifest's revision, for logs, metrics and decisions. */
    revision: z.string().min(1).max(256),
    sizeBytes: z.int().min(1).max(MAX_BUNDLE_BYTES),
  }),
  entrypoint: entrypointSchema,
});

export const degradationLevelSchema = z.enum([
  'normal',
  'degraded',
  'limited',
  'survival',
]);

/**
 * Levels an operator forced on cells, whatever their health says. A cell
 * not listed gets the level its instances' health gives it.
 */
export const degradationSectionSchema = z.strictObject({
  forced: z
    .array(
      z.strictObject({
        cellId: idSchema,
        level: degradationLevelSchema,
      }),
    )
    .max(10_000),
});

export type PolicySection = z.infer<typeof policySectionSchema>;
export type DegradationLevel = z.infer<typeof degradationLevelSchema>;
export type DegradationSection = z.infer<typeof degradationSectionSchema>;
