/**
 * Whether a gateway enforces the default policy: a write to `/catalog`
 * with a valid token whose only role is `shopper` is allowed by routes and
 * identity but denied by policies/default (no write role for `/catalog`),
 * so an enforcing gateway answers 403 `GW_POLICY_DENIED` before any
 * upstream is called. Anything else means the policy section was not
 * applied; the answer says what came back instead.
 */
export async function probePolicy(
  url: string,
  tenant: string,
  token: string,
): Promise<{ enforced: boolean; observed: string }> {
  const response = await fetch(`${url}/catalog`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'x-tenant-id': tenant,
      'content-type': 'application/json',
    },
    body: '{}',
    signal: AbortSignal.timeout(5_000),
  });
  const text = await response.text();
  const enforced =
    response.status === 403 && text.includes('"GW_POLICY_DENIED"');

  return {
    enforced,
    observed: `POST /catalog with a shopper token answered ${response.status}${
      enforced ? ' GW_POLICY_DENIED' : ''
    }`,
  };
}
