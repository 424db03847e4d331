import type { DecisionRecord } from '@cellplane/contract';

import { repeatedJson } from '../caching/repeated-json';

/**
 * What the request path hands to the decision log: plain fields, no
 * formatting. The log encodes the line straight into its write buffer;
 * the input's digest is made by the control plane when the line arrives
 * there (`decisionInputDigest`).
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
  /**
   * The whole input: serialized once on the request path, for this line,
   * the decision cache's key and the evaluation of a module that does not
   * say which fields it reads.
   */
  readonly inputJson: string;
  readonly tenantId: string;
  readonly cellId: string;
  readonly method: string;
  readonly path: string;
  readonly durationUs: number;
}

const MAX_REASON = 500;
const MAX_PATH = 4096;

/** The last `at` formatted: a busy gateway makes many decisions a ms. */
let lastAtMs = Number.NaN;
let lastAt = '';

/** What follows the input's text on a decision's line. */
export const DECISION_LINE_END = '}\n';

/**
 * The NDJSON line of one decision (`decisionRecordSchema`) is its head,
 * the input's text and `DECISION_LINE_END`. The head, up to the input's
 * text (`...,"input":`), is written out field by field: a record object
 * through `JSON.stringify` cost twice as much. The input, the largest
 * part, is left to the writer, which copies it as it is rather than into
 * a new string. Strings that come from outside (request id, reason, path)
 * go through `JSON.stringify` for their escaping, and so do the ids, once
 * each (`repeatedJson`).
 */
export function decisionHead(entry: DecisionEntry, gatewayId: string): string {
  if (entry.atMs !== lastAtMs) {
    lastAtMs = entry.atMs;
    lastAt = new Date(entry.atMs).toISOString();
  }
  const reason =
    entry.reason === undefined
      ? ''
      : `,"reason":${JSON.stringify(entry.reason.slice(0, MAX_REASON))}`;
  const durationUs = Math.round(entry.durationUs * 1000) / 1000;
  const path = JSON.stringify(entry.path.slice(0, MAX_PATH));

  return (
    `{"id":"${entry.id}","at":"${lastAt}","gatewayId":${repeatedJson(gatewayId)}` +
    `,"requestId":${JSON.stringify(entry.requestId)}` +
    `,"revision":${repeatedJson(entry.revision)}` +
    `,"entrypoint":${repeatedJson(entry.entrypoint)}` +
    `,"result":"${entry.result}"${reason}` +
    `,"durationUs":${durationUs}` +
    `,"tenantId":${repeatedJson(entry.tenantId)}` +
    `,"cellId":${repeatedJson(entry.cellId)}` +
    `,"method":${repeatedJson(entry.method)},"path":${path}` +
    `,"input":`
  );
}
