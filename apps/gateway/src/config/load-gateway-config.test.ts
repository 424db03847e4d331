import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { generateSigningKey, publicKeyToPem } from '@cellplane/contract';
import { afterAll, describe, expect, it } from 'vitest';

import { ConfigError } from './config-error';
import { loadGatewayConfig } from './load-gateway-config';

const dir = mkdtempSync(join(tmpdir(), 'gateway-config-'));
const keyFile = join(dir, 'key.pub.pem');
writeFileSync(keyFile, publicKeyToPem(generateSigningKey()));

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function problemsOf(run: () => unknown): readonly string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadGatewayConfig', () => {
  it('fills defaults and freezes the result', () => {
    const config = loadGatewayConfig({ SNAPSHOT_PUBLIC_KEY_FILE: keyFile }, []);

    expect(config).toMatchObject({
      gatewayId: 'gateway-1',
      host: '127.0.0.1',
      port: 8080,
      controlPlane: null,
      bootSnapshotFile: null,
      upstream: { totalTimeoutMs: 1000 },
      staleAfterMs: 30_000,
    });
    expect(config.snapshotKeys).toHaveLength(1);
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('reads the control plane, the flag and treats empty variables as unset', () => {
    const config = loadGatewayConfig(
      {
        SNAPSHOT_PUBLIC_KEY_FILE: keyFile,
        CONTROL_API_URL: 'http://127.0.0.1:4000/',
        CELLPLANE_CONFIG_TOKEN: 'secret',
        GATEWAY_PORT: '',
      },
      ['--snapshot', '/tmp/s.json'],
    );

    expect(config.controlPlane).toMatchObject({
      url: 'http://127.0.0.1:4000',
      token: 'secret',
    });
    expect(config.bootSnapshotFile).toBe('/tmp/s.json');
    expect(config.port).toBe(8080);
  });

  it('lists every problem at once', () => {
    const problems = problemsOf(() =>
      loadGatewayConfig(
        { GATEWAY_PORT: '70000', GATEWAY_ID: 'Not Valid', LOG_LEVEL: 'loud' },
        ['--unknown'],
      ),
    );

    expect(problems.join('\n')).toMatch(/command line/);
    expect(problems.join('\n')).toMatch(/GATEWAY_PORT/);
    expect(problems.join('\n')).toMatch(/GATEWAY_ID/);
    expect(problems.join('\n')).toMatch(/LOG_LEVEL/);
    expect(problems.join('\n')).toMatch(/SNAPSHOT_PUBLIC_KEY_FILE/);
  });

  it('needs a token with a control plane and a readable ed25519 key', () => {
    const badKey = join(dir, 'bad.pem');
    writeFileSync(badKey, 'not a key');

    const problems = problemsOf(() =>
      loadGatewayConfig(
        {
          SNAPSHOT_PUBLIC_KEY_FILE: badKey,
          CONTROL_API_URL: 'http://127.0.0.1:4000',
        },
        [],
      ),
    );

    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/CELLPLANE_CONFIG_TOKEN/);
    expect(problems[1]).toMatch(/SNAPSHOT_PUBLIC_KEY_FILE: cannot use/);
  });
});
