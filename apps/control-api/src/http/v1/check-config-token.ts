import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/**
 * True when the request carries `Authorization: Bearer <token>`. Both sides
 * are hashed first so the comparison takes the same time whatever the
 * length or content of the guess.
 */
export function hasConfigToken(req: IncomingMessage, token: string): boolean {
  const header = req.headers.authorization;
  if (!header?.startsWith('Bearer ')) return false;

  const offered = createHash('sha256').update(header.slice(7)).digest();
  const expected = createHash('sha256').update(token).digest();

  return timingSafeEqual(offered, expected);
}
