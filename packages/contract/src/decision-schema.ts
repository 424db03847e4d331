import { createHash } from 'node:crypto';

import { z } from 'zod';

import { canonicalJson } from './canonical-json';

import { idSchema } from './id-schema';
import { digestSchema, entrypointSchema } from './policy-schema';

/**
 * One policy evaluation by a gateway, as its decision log holds it and as
 * it is shipped to the control plane. The id is made by the gateway, so a
 * batch sent twice (a lost answer, a restart mid-shipping) is stored once.
 */
export const decisionRecordSchema = z.strictObject({
  id: z.uuid(),
  at: z.iso.datetime(),
  gatewayId: idSchema,
  requestId: z.string().min(1).max(128),
  revision: z.string().min(1).max(256),
  entrypoint: entrypointSchema,
  /** `error` is a deny whose evaluation failed (fail closed). */
  result: z.enum(['allow', 'deny', 'error']),
  /** Why it was not allowed: undefined result, non-boolean, error text. */
  reason: z.string().max(500).optional(),
  /**
   * Lines logged by earlier gateways carry one; the control plane stores
   * its own (`decisionInputDigest`) whatever a gateway sent.
   */
  inputDigest: digestSchema.optional(),
  /** The evaluated input, for replaying a new policy against it. */
  input: z.record(z.string(), z.unknown()),
  durationUs: z.number().min(0).max(60_000_000),
  tenantId: idSchema.optional(),
  cellId: idSchema.optional(),
  method: z.string().min(1).max(16),
  path: z.string().min(1).max(4096),
});

/** At most this many decisions travel in one batch. */
export const MAX_DECISIONS_PER_BATCH = 500;

export const decisionBatchSchema = z
  .strictObject({
    gatewayId: idSchema,
    decisions: z.array(decisionRecordSchema).max(MAX_DECISIONS_PER_BATCH),
    /**
     * Decisions this gateway dropped since its last batch (log full or
     * unreadable); the control plane keeps the count so loss is never
     * silent. A batch of drops alone carries no decision: a gateway that
     * cannot write any, or has none to ship, still reports them.
     */
    dropped: z.int().min(0).default(0),
  })
  .refine((batch) => batch.decisions.length > 0 || batch.dropped > 0, {
    message: 'a batch carries decisions, drops or both',
    path: ['decisions'],
  });

export type DecisionRecord = z.infer<typeof decisionRecordSchema>;

/**
 * The digest stored decisions are grouped by (so that an impact replay can
 * evaluate each distinct input once): SHA-256 of the input's canonical JSON, so
 * equal inputs share it whatever order their keys were written in.
 * Computed by the control plane when a batch arrives, off the gateway's
 * request path.
 */
export function decisionInputDigest(input: Record<string, unknown>): string {
  return `sha256:${createHash('sha256').update(canonicalJson(input)).digest('hex')}`;
}
export type DecisionBatch = z.infer<typeof decisionBatchSchema>;
