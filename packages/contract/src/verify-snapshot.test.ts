import { describe, expect, it } from 'vitest';

import { canonicalJson } from './canonical-json';
import { isContractError, type ContractErrorCode } from './errors';
import { signSnapshot } from './sign-snapshot';
import {
  generateSigningKey,
  privateKeyToPem,
  publicKeyToPem,
  signingKeyFromPem,
  verifyingKeyFromPem,
} from './signing-keys';
import type { SnapshotBody } from './snapshot-schema';
import { sampleSnapshotBody } from './testing/sample-snapshot-body';
import { parseSnapshotBody, verifySnapshot } from './verify-snapshot';

const key = generateSigningKey();
const keys = [key];

function refusal(run: () => unknown): ContractErrorCode {
  try {
    run();
  } catch (error) {
    if (isContractError(error)) return error.code;
    throw error;
  }
  throw new Error('expected the snapshot to be refused');
}

describe('verifySnapshot', () => {
  it('accepts a signed snapshot, as an object or as JSON text', () => {
    const envelope = signSnapshot(sampleSnapshotBody(), key);

    expect(verifySnapshot(envelope, { keys }).body.version).toBe(1);
    expect(
      verifySnapshot(JSON.stringify(envelope), { keys }).body.cells,
    ).toHaveLength(3);
  });

  it('hashes the same body the same whatever the key order', () => {
    const reverseKeys = (value: unknown): unknown => {
      if (Array.isArray(value)) return value.map(reverseKeys);
      if (value === null || typeof value !== 'object') return value;
      const entries = Object.entries(value).reverse();
      return Object.fromEntries(entries.map(([k, v]) => [k, reverseKeys(v)]));
    };
    const body = sampleSnapshotBody();
    const reordered = reverseKeys(body);

    expect(canonicalJson(reordered)).toBe(canonicalJson(body));
  });

  it('refuses text that is not JSON', () => {
    expect(refusal(() => verifySnapshot('{"hash":', { keys }))).toBe(
      'SNAPSHOT_BAD_JSON',
    );
  });

  it('refuses a body changed after signing', () => {
    const envelope = signSnapshot(sampleSnapshotBody(), key);
    const tampered = {
      ...envelope,
      body: { ...envelope.body, overrides: [] },
    };

    expect(refusal(() => verifySnapshot(tampered, { keys }))).toBe(
      'SNAPSHOT_HASH_MISMATCH',
    );
  });

  it('refuses a signature by another key presenting a trusted key id', () => {
    const intruder = generateSigningKey();
    const forged = {
      ...signSnapshot(sampleSnapshotBody(), intruder),
      keyId: key.keyId,
    };

    expect(refusal(() => verifySnapshot(forged, { keys }))).toBe(
      'SNAPSHOT_BAD_SIGNATURE',
    );
  });

  it('refuses a snapshot signed by an untrusted key', () => {
    const envelope = signSnapshot(sampleSnapshotBody(), generateSigningKey());

    expect(refusal(() => verifySnapshot(envelope, { keys }))).toBe(
      'SNAPSHOT_UNKNOWN_KEY',
    );
  });

  it('refuses a signed body that breaks the schema, naming the field', () => {
    const body = {
      ...sampleSnapshotBody(),
      cells: [{ ...sampleSnapshotBody().cells[0], capacityRps: -5 }],
    } as SnapshotBody;
    const envelope = signSnapshot(body, key);

    try {
      verifySnapshot(envelope, { keys });
      throw new Error('expected a refusal');
    } catch (error) {
      expect(isContractError(error) && error.code).toBe('SNAPSHOT_SCHEMA');
      expect(String((error as Error).message)).toContain('capacityRps');
    }
  });

  it('refuses an override to a cell the snapshot does not hold (K12)', () => {
    const body = sampleSnapshotBody({
      version: 2,
      overrides: [{ tenantId: 't-a', cellId: 'nowhere', reason: 'pinned' }],
    });

    expect(
      refusal(() => verifySnapshot(signSnapshot(body, key), { keys })),
    ).toBe('SNAPSHOT_DANGLING_REFERENCE');
  });

  it('refuses a ring too large to build quickly (any capacity and weight)', () => {
    const base = sampleSnapshotBody();
    const body = {
      ...base,
      cells: [{ ...base.cells[0]!, capacityRps: 10_000_000, weight: 7 }],
      overrides: [],
    };

    expect(
      refusal(() => verifySnapshot(signSnapshot(body, key), { keys })),
    ).toBe('SNAPSHOT_RING_TOO_LARGE');

    const draining = {
      ...body,
      cells: [{ ...body.cells[0]!, state: 'draining' as const }],
    };
    expect(parseSnapshotBody(draining).cells).toHaveLength(1);
  });

  it('refuses instance URLs that carry credentials', () => {
    const base = sampleSnapshotBody();
    const cell = base.cells[0]!;
    const body = {
      ...base,
      cells: [
        {
          ...cell,
          instances: [
            { ...cell.instances[0]!, url: 'http://u:pw@127.0.0.1:1' },
          ],
        },
        ...base.cells.slice(1),
      ],
    };

    expect(refusal(() => parseSnapshotBody(body))).toBe('SNAPSHOT_SCHEMA');
  });

  it('refuses duplicate ids', () => {
    const base = sampleSnapshotBody();
    const body = { ...base, tenants: [...base.tenants, base.tenants[0]!] };

    expect(
      refusal(() => verifySnapshot(signSnapshot(body, key), { keys })),
    ).toBe('SNAPSHOT_DUPLICATE_ID');
  });

  it('refuses a version that is not newer than the applied one (K12)', () => {
    const envelope = signSnapshot(sampleSnapshotBody({ version: 3 }), key);

    expect(
      refusal(() => verifySnapshot(envelope, { keys, appliedVersion: 3 })),
    ).toBe('SNAPSHOT_STALE_VERSION');
    expect(
      verifySnapshot(envelope, { keys, appliedVersion: 2 }).body.version,
    ).toBe(3);
  });

  it('lets a producer run the body checks before signing', () => {
    const body = sampleSnapshotBody({
      overrides: [{ tenantId: 't-a', cellId: 'nowhere', reason: 'pinned' }],
    });

    expect(refusal(() => parseSnapshotBody(body))).toBe(
      'SNAPSHOT_DANGLING_REFERENCE',
    );
    expect(parseSnapshotBody(sampleSnapshotBody()).cells).toHaveLength(3);
  });

  it('round-trips keys through PEM, keeping their id', () => {
    const restored = signingKeyFromPem(privateKeyToPem(key));
    const verifying = verifyingKeyFromPem(publicKeyToPem(key));

    expect(restored.keyId).toBe(key.keyId);
    expect(verifying.keyId).toBe(key.keyId);
    expect(refusal(() => verifyingKeyFromPem('not a pem'))).toBe('KEY_INVALID');
  });
});
