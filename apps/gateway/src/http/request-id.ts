import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

const ACCEPTABLE = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * The request's id: the caller's `x-request-id` when it is a plain token
 * (so a trace crosses systems), otherwise a new one, never a value that
 * could break a log line or a header.
 */
export function requestIdOf(headers: IncomingHttpHeaders): string {
  const given = headers['x-request-id'];

  return typeof given === 'string' && ACCEPTABLE.test(given)
    ? given
    : randomUUID();
}
