/**
 * Headers that describe one connection, not the message (RFC 9110, 7.6.1),
 * plus `expect`, which the gateway answers itself. None is forwarded in
 * either direction, and neither is any header a `connection` header names.
 */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'expect',
]);

/** Headers only the gateway sets; a value from either side is replaced. */
export const GATEWAY_OWNED_HEADERS = new Set([
  'x-request-id',
  'x-cell',
  'x-config-version',
]);

/** Lower-cased names listed in a `connection` header value. */
export function connectionListed(
  value: string | string[] | undefined,
): Set<string> {
  const listed = new Set<string>();
  if (value === undefined) return listed;

  for (const part of Array.isArray(value) ? value : [value]) {
    for (const name of part.split(',')) {
      const trimmed = name.trim().toLowerCase();
      if (trimmed !== '') listed.add(trimmed);
    }
  }

  return listed;
}

/** Whether a lower-cased header name may pass the gateway. */
export function isForwardable(
  name: string,
  listed: ReadonlySet<string>,
): boolean {
  return (
    !HOP_BY_HOP.has(name) &&
    !GATEWAY_OWNED_HEADERS.has(name) &&
    !listed.has(name)
  );
}
