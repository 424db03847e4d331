import type { IncomingMessage, ServerResponse } from 'node:http';

import { gatewayReportSchema } from '@cellplane/contract';
import type { Logger } from '@cellplane/telemetry';

import type { Db } from '../../db/db-types';
import { recordReport } from '../../services/gateways/record-report';
import { fieldErrorsOf } from '../../trpc/field-errors';
import { readBody } from '../read-body';
import { sendError } from '../send-json';

/** `POST /v1/reports`: a gateway's ACK, NACK or heartbeat. */
export async function postReport(
  req: IncomingMessage,
  res: ServerResponse,
  options: { db: Db; maxBytes: number; logger: Logger },
): Promise<void> {
  const text = await readBody(req, options.maxBytes);

  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    sendError(res, 'REPORT_INVALID', {
      formErrors: ['the body is not JSON'],
      fieldErrors: {},
    });

    return;
  }

  const report = gatewayReportSchema.safeParse(raw);
  if (!report.success) {
    sendError(res, 'REPORT_INVALID', { ...fieldErrorsOf(report.error) });

    return;
  }

  await recordReport(options.db, report.data);
  options.logger.info(
    {
      gatewayId: report.data.gatewayId,
      kind: report.data.kind,
      snapshotVersion: report.data.version,
      code: report.data.code,
    },
    'gateway report',
  );

  res.writeHead(204);
  res.end();
}
