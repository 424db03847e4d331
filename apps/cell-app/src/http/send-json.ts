import type { ServerResponse } from 'node:http';

/** Every response names the cell, in a header and in the body. */
export function sendJson(
  res: ServerResponse,
  status: number,
  cellId: string,
  body: Record<string, unknown>,
): void {
  const payload = JSON.stringify({ cell: cellId, ...body });

  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(payload),
    'x-cell': cellId,
  });
  res.end(payload);
}
