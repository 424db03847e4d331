import { hash } from 'node:crypto';

import type { DecisionRecord } from '@cellplane/contract';

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

/**
 * The NDJSON line of one decision (`decisionRecordSchema`). The input is
 * serialized once, for the line and for its digest.
 */
export function decisionLine(entry: DecisionEntry, gatewayId: string): string {
  const { input } = entry;
  const inputJson = stableInputJson(input);
  const record: Omit<DecisionRecord, 'input'> = {
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
    inputDigest: digestOf(inputJson),
    durationUs: Math.round(entry.durationUs * 1000) / 1000,
    tenantId: input.tenant,
    cellId: input.cell,
    method: input.method,
    path: input.path.slice(0, MAX_PATH),
  };
  const json = JSON.stringify(record);

  return `${json.slice(0, -1)},"input":${inputJson}}\n`;
}

/**
 * The input as JSON with its header names sorted, so equal inputs share
 * one `inputDigest` (an impact replay groups by it). Every other field is
 * built in a fixed order (policy-input.ts) except the token's claims,
 * which keep the token's order: a full canonical encoding (sorted keys at
 * every depth) cost five times as much as `JSON.stringify` per decision.
 */
function stableInputJson(input: PolicyInput): string {
  const headers = Object.create(null) as Record<string, string>;
  for (const name of Object.keys(input.headers).sort()) {
    headers[name] = input.headers[name]!;
  }

  return JSON.stringify({ ...input, headers });
}

function digestOf(text: string): string {
  // One-shot: a Hash object per decision cost about twice as much.
  return `sha256:${hash('sha256', text, 'hex')}`;
}
