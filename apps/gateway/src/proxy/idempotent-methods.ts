/**
 * Methods whose repetition has the effect of one request (RFC 9110,
 * 9.2.2): the only ones the gateway may send to an instance twice.
 */
export const IDEMPOTENT_METHODS: ReadonlySet<string> = new Set([
  'GET',
  'HEAD',
  'OPTIONS',
  'TRACE',
  'PUT',
  'DELETE',
]);
