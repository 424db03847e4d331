import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import {
  generateSigningKey,
  privateKeyToPem,
  verifySnapshot,
} from '@cellplane/contract';
import { sampleSnapshotBody } from '@cellplane/contract/testing';
import { describe, expect, it } from 'vitest';

import { TokenVerifier } from '../../../apps/gateway/src/identity/token-verifier';
import { BenchIssuer } from '../tokens/bench-issuer';
import { FULL_LIMITS, writeFullSnapshot } from './full-snapshot';

describe('writeFullSnapshot', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bench-full-snapshot-'));
  const key = generateSigningKey();
  const keyFile = join(dir, 'key.pem');
  writeFileSync(keyFile, privateKeyToPem(key));
  const issuer = new BenchIssuer();
  const policy = {
    bundle: {
      digest: `sha256:${'a'.repeat(64)}`,
      revision: 'bench-default',
      sizeBytes: 1234,
    },
    entrypoint: 'cellplane/authz/allow',
  };
  const file = join(dir, 'snapshot.json');
  writeFullSnapshot({
    body: sampleSnapshotBody(),
    signingKeyFile: keyFile,
    identity: issuer.identity(),
    policy,
    file,
  });

  it('signs the extended body so the control-api key verifies it', () => {
    const { body } = verifySnapshot(readFileSync(file, 'utf8'), {
      keys: [key],
      appliedVersion: null,
    });

    expect(body.policy).toEqual(policy);
    expect(body.limits).toEqual(FULL_LIMITS);
    expect(body.routes?.find((r) => r.pathPrefix === '/catalog')?.auth).toBe(
      'required',
    );
  });

  it("carries keys the gateway's verifier accepts the bench tokens with", () => {
    const { body } = verifySnapshot(readFileSync(file, 'utf8'), {
      keys: [key],
      appliedVersion: null,
    });
    const verifier = TokenVerifier.fromIdentity(body.identity);
    const claims = {
      sub: 'bench-user-1',
      tenant: 't-00001',
      roles: ['shopper'],
      jti: 'j-1',
    };

    for (const alg of ['RS256', 'ES256'] as const) {
      const verified = verifier.verify(issuer.mint(alg, claims));
      expect(verified).toMatchObject({ ok: true, tenantId: 't-00001' });
    }
    expect(verifier.verify(`${issuer.mint('RS256', claims)}x`).ok).toBe(false);
  });
});
