import type { IncomingMessage, ServerResponse } from 'node:http';

import { decisionBatchSchema } from '@cellplane/contract';
import type { Logger } from '@cellplane/telemetry';

import type { Db } from '../../db/db-types';
import { isAppError } from '../../errors/app-error';
import { storeDecisions } from '../../services/decisions/store-decisions';
import { readBody } from '../read-body';
import { sendError, sendJson } from '../send-json';

/** Largest decision batch body: 500 decisions of about 4 KiB each. */
export const MAX_DECISION_BATCH_BYTES = 2 * 1024 * 1024;

/**
 * `POST /v1/decisions`: a gateway's batch of policy decisions. Stored once
 * per decision id whatever the number of times it is sent; the answer
 * says how many were new and how many were already stored.
 */
export async function postDecisions(
  req: IncomingMessage,
  res: ServerResponse,
  options: { db: Db; logger: Logger },
): Promise<void> {
  let text: string;
  try {
    text = await readBody(req, MAX_DECISION_BATCH_BYTES);
  } catch (error) {
    if (!isAppError(error) || error.code !== 'BODY_TOO_LARGE') throw error;
    sendError(res, 'DECISION_BATCH_TOO_LARGE');

    return;
  }

  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    sendError(res, 'DECISION_BATCH_SCHEMA', {
      details: ['the body is not JSON'],
    });

    return;
  }

  const parsed = decisionBatchSchema.safeParse(raw);
  const details = parsed.success
    ? foreignDecisions(parsed.data)
    : parsed.error.issues.map(
        (issue) => `${issue.path.map(String).join('.')}: ${issue.message}`,
      );
  if (!parsed.success || details.length > 0) {
    sendError(res, 'DECISION_BATCH_SCHEMA', { details: details.slice(0, 20) });

    return;
  }

  const batch = parsed.data;
  const result = await storeDecisions(options.db, batch);
  options.logger.info(
    {
      gatewayId: batch.gatewayId,
      received: batch.decisions.length,
      ...result,
      dropped: batch.dropped,
    },
    'decisions stored',
  );

  sendJson(res, 200, result);
}

// A gateway ships its own decisions; another's id in its batch is a bug.
function foreignDecisions(batch: {
  gatewayId: string;
  decisions: { gatewayId: string }[];
}): string[] {
  return batch.decisions.flatMap((decision, index) =>
    decision.gatewayId === batch.gatewayId
      ? []
      : [`decisions.${index}.gatewayId: must equal the batch's gatewayId`],
  );
}
