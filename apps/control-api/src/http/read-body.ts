import type { IncomingMessage } from 'node:http';

import { AppError } from '../errors/app-error';

/** Reads a request body up to `limit` bytes; more is a BODY_TOO_LARGE. */
export async function readBody(
  req: IncomingMessage,
  limit: number,
): Promise<string> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) {
    throw new AppError('BODY_TOO_LARGE', `declared ${declared} bytes`);
  }

  const chunks: Buffer[] = [];
  let size = 0;

  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) {
      throw new AppError('BODY_TOO_LARGE', `body exceeds ${limit} bytes`);
    }
    chunks.push(chunk as Buffer);
  }

  return Buffer.concat(chunks).toString('utf8');
}
