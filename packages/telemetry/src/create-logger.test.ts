import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';

import { createLogger } from './create-logger';

describe('createLogger', () => {
  it('writes one JSON line per event with the component and no secrets', async () => {
    const stream = new PassThrough();
    const lines: string[] = [];
    stream.on('data', (chunk: Buffer) =>
      lines.push(...chunk.toString().split('\n').filter(Boolean)),
    );

    const logger = createLogger({ component: 'test', destination: stream });
    logger.info(
      { user: { password: 'hunter2' }, headers: { authorization: 'Bearer x' } },
      'signed in',
    );
    await new Promise((resolve) => setImmediate(resolve));

    expect(lines).toHaveLength(1);
    const event = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(event.component).toBe('test');
    expect(event.msg).toBe('signed in');
    expect(lines[0]).not.toContain('hunter2');
    expect(lines[0]).not.toContain('Bearer x');
  });
});
