import { createHash } from 'node:crypto';

import { canonicalJson, type DecisionRecord } from '@cellplane/contract';

import type { PolicyInput } from '../policy/policy-input';

/**
 * What the request path hands to the decision log: plain fields, no
 * formatting. Serializing, hashing the input and the timestamp's text
 * happen when the log is flushed, off the request's time.
 */
export interface DecisionEntry {
  readonly id: string;
  /** Epoch ms of the decision. */
  readonly atMs: number;
  readonly requestId: string;
  readonly revision: string;
  readonly entrypoint: string;
  readonly result: DecisionRecord['result'];
  readonly reason?: string;
  readonly input: PolicyInput;
  readonly durationUs: number;
}

const MAX_REASON = 500;
const MAX_PATH = 4096;

/** The NDJSON line of one decision (`decisionRecordSchema`). */
export function decisionLine(entry: DecisionEntry, gatewayId: string): string {
  const { input } = entry;
  const record: DecisionRecord = {
    id: entry.id,
    at: new Date(entry.atMs).toISOString(),
    gatewayId,
    requestId: entry.requestId,
    revision: entry.revision,
    entrypoint: entry.entrypoint,
    result: entry.result,
    ...(entry.reason === undefined
      ? {}
      : { reason: entry.reason.slice(0, MAX_REASON) }),
    inputDigest: inputDigest(input),
    input: input as unknown as Record<string, unknown>,
    durationUs: Math.round(entry.durationUs * 1000) / 1000,
    tenantId: input.tenant,
    cellId: input.cell,
    method: input.method,
    path: input.path.slice(0, MAX_PATH),
  };

  return `${JSON.stringify(record)}\n`;
}

/** `sha256:` of the input's canonical JSON: equal inputs, equal digests. */
export function inputDigest(input: PolicyInput): string {
  const hash = createHash('sha256').update(canonicalJson(input));

  return `sha256:${hash.digest('hex')}`;
}
