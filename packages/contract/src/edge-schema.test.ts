import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';

import { identitySchema, limitsSchema, routeSchema } from './edge-schema';

function rsaPublicJwk(kid: string) {
  const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });

  return { ...publicKey.export({ format: 'jwk' }), kid };
}

const issuer = (keys: unknown[]) => ({
  issuers: [
    {
      id: 'idp',
      issuer: 'https://idp.example.test',
      audiences: ['cellplane'],
      algorithms: ['RS256'],
      leewaySeconds: 30,
      tenantClaim: 'tenant',
      keys,
    },
  ],
  revokedTokenIds: [],
});

describe('edge sections of a snapshot', () => {
  it('accepts public RSA keys', () => {
    expect(identitySchema.safeParse(issuer([rsaPublicJwk('k1')])).success).toBe(
      true,
    );
  });

  it('refuses a JWK that carries private key material', () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const leaked = { ...privateKey.export({ format: 'jwk' }), kid: 'k1' };
    const result = identitySchema.safeParse(issuer([leaked]));

    expect(result.success).toBe(false);
    expect(JSON.stringify(result.error?.issues)).toContain('"d"');
  });

  it('refuses an algorithm list that admits none or HS256 (K06)', () => {
    const config = issuer([rsaPublicJwk('k1')]);

    for (const algorithms of [[], ['HS256'], ['none']]) {
      config.issuers[0]!.algorithms = algorithms as never;
      expect(identitySchema.safeParse(config).success).toBe(false);
    }
  });

  it('keeps route prefixes normalized and lowercase', () => {
    const route = { id: 'admin', auth: 'required', timeoutMs: 1000 };

    expect(
      routeSchema.safeParse({ ...route, pathPrefix: '/admin/' }).success,
    ).toBe(true);
    for (const pathPrefix of ['/Admin', '/a/../b', '/a//b', 'admin', '/%2e']) {
      expect(routeSchema.safeParse({ ...route, pathPrefix }).success).toBe(
        false,
      );
    }
  });

  it('accepts trusted proxies as addresses or CIDRs only', () => {
    const rate = { ratePerSecond: 100, burst: 200 };
    const limits = (trustedProxies: string[]) => ({
      perClientIp: rate,
      perTenant: { free: rate, standard: rate, enterprise: rate },
      trustedProxies,
    });

    expect(
      limitsSchema.safeParse(limits(['10.0.0.0/8', '::1', '127.0.0.1']))
        .success,
    ).toBe(true);
    expect(limitsSchema.safeParse(limits(['proxy.local'])).success).toBe(false);
  });
});
