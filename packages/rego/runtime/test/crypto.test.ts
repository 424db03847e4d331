import { createHash, createHmac } from 'node:crypto';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  BUILD_TIMEOUT_MS,
  loadRuntime,
  type RuntimeHarness,
} from './runtime-harness';

let rt: RuntimeHarness;

beforeAll(async () => {
  rt = await loadRuntime();
}, BUILD_TIMEOUT_MS);

function digest(name: string, ...args: string[]): string | undefined {
  const mark = rt.call('opa_heap_ptr_get');
  const r = rt.call(name, ...args.map((a) => rt.str(a)));
  const out = r === 0 ? undefined : (rt.dump(r) as string);
  rt.call('opa_heap_ptr_set', mark);
  return out;
}

const hashes = [
  ['opa_crypto_md5', 'md5'],
  ['opa_crypto_sha1', 'sha1'],
  ['opa_crypto_sha256', 'sha256'],
] as const;

const hmacs = [
  ['opa_crypto_hmac_md5', 'md5'],
  ['opa_crypto_hmac_sha1', 'sha1'],
  ['opa_crypto_hmac_sha256', 'sha256'],
  ['opa_crypto_hmac_sha512', 'sha512'],
] as const;

describe('crypto digests', () => {
  it('matches node:crypto on lengths around the block boundaries', () => {
    for (const n of [0, 1, 55, 56, 63, 64, 65, 111, 112, 127, 128, 129, 1000]) {
      const s = 'x'.repeat(n);
      for (const [fn, algo] of hashes) {
        expect(digest(fn, s), `${algo} ${n}`).toBe(
          createHash(algo).update(s).digest('hex'),
        );
      }
      for (const [fn, algo] of hmacs) {
        expect(digest(fn, s, 'key'), `hmac ${algo} ${n}`).toBe(
          createHmac(algo, 'key').update(s).digest('hex'),
        );
      }
    }
  });

  it('matches node:crypto on random text and keys (including long keys)', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme' }),
        fc.string({ maxLength: 300 }),
        (s, key) => {
          for (const [fn, algo] of hashes) {
            expect(digest(fn, s)).toBe(
              createHash(algo).update(s).digest('hex'),
            );
          }
          for (const [fn, algo] of hmacs) {
            expect(digest(fn, s, key)).toBe(
              createHmac(algo, key).update(s).digest('hex'),
            );
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('is undefined for non-strings', () => {
    expect(rt.call('opa_crypto_sha256', rt.json(1))).toBe(0);
    expect(rt.call('opa_crypto_hmac_sha256', rt.str('x'), rt.json(1))).toBe(0);
  });
});
