/**
 * Gateway-shaped `input` documents for the default policy
 * (docs/POLICY.md, interfaces of this round), in a fixed mix that follows
 * what a shop's edge sees: mostly reads with a token, some public pages
 * and anonymous reads, writes by shoppers and admins, and the requests
 * the policy exists to refuse (another tenant's token, a shopper writing
 * where only admins may). Deterministic: input `i` is always the same.
 */
import type { PolicyInput } from '../../apps/gateway/src/policy/policy-input';

/** What the default policy should answer for each kind, for checking. */
export interface KindOfInput {
  readonly name: string;
  /** Out of 20 inputs. */
  readonly share: number;
  readonly allowed: boolean;
  make(
    i: number,
    tenant: string,
  ): Omit<PolicyInput, 'segments' | 'headers' | 'cell' | 'region' | 'client'>;
}

const user = (i: number, tenant: string, roles: string[]) => ({
  sub: `user-${i % 5_000}`,
  issuer: 'demo-idp',
  tenant,
  roles,
  claims: {
    sub: `user-${i % 5_000}`,
    tenant,
    roles,
    iat: 1_796_000_000,
    exp: 1_796_003_600,
  },
});

export const INPUT_KINDS: readonly KindOfInput[] = [
  {
    name: 'read with a token',
    share: 10,
    allowed: true,
    make: (i, tenant) => ({
      method: 'GET',
      path: `/catalog/sku-${i % 997}`,
      query: i % 3 === 0 ? 'page=2' : '',
      tenant,
      user: user(i, tenant, ['shopper']),
      route: { id: 'r-catalog', auth: 'required' },
    }),
  },
  {
    name: 'public page',
    share: 2,
    allowed: true,
    make: (i, tenant) => ({
      method: 'GET',
      path: `/public/images/${i % 211}.png`,
      query: '',
      tenant,
      user: null,
      route: { id: 'r-public', auth: 'public' },
    }),
  },
  {
    name: 'anonymous read',
    share: 2,
    allowed: true,
    make: (_i, tenant) => ({
      method: 'HEAD',
      path: '/catalog',
      query: '',
      tenant,
      user: null,
      route: { id: 'r-root', auth: 'optional' },
    }),
  },
  {
    name: "read with another tenant's token",
    share: 1,
    allowed: false,
    make: (i, tenant) => ({
      method: 'GET',
      path: '/orders',
      query: '',
      tenant,
      user: user(i, `${tenant}x`, ['shopper']),
      route: { id: 'r-root', auth: 'optional' },
    }),
  },
  {
    name: 'shopper writes to the cart',
    share: 3,
    allowed: true,
    make: (i, tenant) => ({
      method: i % 2 === 0 ? 'POST' : 'DELETE',
      path: `/cart/items/${i % 50}`,
      query: '',
      tenant,
      user: user(i, tenant, ['shopper']),
      route: { id: 'r-root', auth: 'optional' },
    }),
  },
  {
    name: 'shopper writes to the catalog',
    share: 1,
    allowed: false,
    make: (i, tenant) => ({
      method: 'PUT',
      path: `/catalog/sku-${i % 997}`,
      query: '',
      tenant,
      user: user(i, tenant, ['shopper']),
      route: { id: 'r-catalog', auth: 'required' },
    }),
  },
  {
    name: 'admin writes to the catalog',
    share: 1,
    allowed: true,
    make: (i, tenant) => ({
      method: 'PATCH',
      path: `/catalog/sku-${i % 997}`,
      query: '',
      tenant,
      user: user(i, tenant, ['admin']),
      route: { id: 'r-catalog', auth: 'required' },
    }),
  },
];

const CYCLE = INPUT_KINDS.flatMap((kind) =>
  Array<KindOfInput>(kind.share).fill(kind),
);

/** Input `i` of the mix, and the answer the default policy must give. */
export function policyInput(i: number): {
  input: PolicyInput;
  kind: KindOfInput;
} {
  const kind = CYCLE[i % CYCLE.length]!;
  const tenant = `t-${String((i % 10_000) + 1).padStart(5, '0')}`;
  const made = kind.make(i, tenant);

  return {
    kind,
    input: {
      ...made,
      segments: made.path.split('/').filter((s) => s.length > 0),
      headers: {
        accept: 'application/json',
        'user-agent': 'bench/1.0',
        'accept-language': i % 2 === 0 ? 'en' : 'de',
        ...(made.method === 'GET' || made.method === 'HEAD'
          ? {}
          : { 'content-type': 'application/json' }),
      },
      cell: 'use1-a',
      region: 'us-east',
      client: { address: `203.0.113.${i % 250}` },
    },
  };
}
