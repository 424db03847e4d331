import { describe, expect, it } from 'vitest';

import { isAppError } from '../errors/app-error';
import { loadConfig } from './load-config';

const valid = {
  DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/cellplane',
  CELLPLANE_CONFIG_TOKEN: 'a-config-token-of-some-length',
};

describe('loadConfig', () => {
  it('applies the documented defaults and freezes the result', () => {
    const config = loadConfig(valid);

    expect(config).toMatchObject({
      redisUrl: 'redis://127.0.0.1:6379',
      host: '127.0.0.1',
      port: 4000,
      queuePrefix: 'cellplane',
      logLevel: 'info',
      sseHeartbeatMs: 15_000,
    });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('lists every problem at once', () => {
    try {
      loadConfig({
        DATABASE_URL: 'mysql://x',
        CELLPLANE_CONFIG_TOKEN: 'short',
        CONTROL_API_PORT: '70000',
        CELLPLANE_QUEUE_PREFIX: 'has space',
      });
      throw new Error('expected a refusal');
    } catch (error) {
      expect(isAppError(error) && error.code).toBe('CONFIG_INVALID');
      const details = isAppError(error) ? error.details.join('\n') : '';
      for (const name of [
        'DATABASE_URL',
        'CELLPLANE_CONFIG_TOKEN',
        'CONTROL_API_PORT',
        'CELLPLANE_QUEUE_PREFIX',
      ]) {
        expect(details).toContain(name);
      }
    }
  });

  it('lets tests change tunables', () => {
    expect(loadConfig(valid, { sseHeartbeatMs: 50 }).sseHeartbeatMs).toBe(50);
  });
});
