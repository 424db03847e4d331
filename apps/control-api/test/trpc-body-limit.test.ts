import { request } from 'node:http';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { ControlApi } from '../src/app/create-control-api';
import { DEFAULT_TRPC_BODY_BYTES } from '../src/http/trpc-body-limit';
import { startSeededApi, type TestEnvironment } from './support/start-test-api';

let env: TestEnvironment;
let api: ControlApi;

beforeAll(async () => {
  ({ env, api } = await startSeededApi('body-limit'));
}, 60_000);

afterAll(async () => {
  await env?.dispose();
});

interface Answer {
  status: number;
  body: { error?: { data: { appCode: string | null } } };
  sentBytes: number;
}

/**
 * POSTs `totalBytes` of JSON-ish filler in 64 KiB chunks, declared or
 * chunked, and stops sending once the server has answered.
 */
function postLarge(
  path: string,
  totalBytes: number,
  mode: 'declared' | 'chunked',
): Promise<Answer> {
  const url = new URL(`/trpc/${path}`, api.url());
  const chunk = Buffer.alloc(64 * 1024, 0x20);
  const headers: Record<string, string | number> = {
    'content-type': 'application/json',
  };
  if (mode === 'declared') headers['content-length'] = totalBytes;

  return new Promise((resolve, reject) => {
    let sentBytes = 0;
    let answered = false;
    const req = request(url, { method: 'POST', headers }, (res) => {
      answered = true;
      const parts: Buffer[] = [];
      res.on('data', (part: Buffer) => parts.push(part));
      res.on('end', () => {
        req.destroy();
        resolve({
          status: res.statusCode ?? 0,
          body: JSON.parse(
            Buffer.concat(parts).toString('utf8'),
          ) as Answer['body'],
          sentBytes,
        });
      });
    });
    req.on('error', (error) => {
      if (!answered) reject(error);
    });

    const pump = (): void => {
      while (!answered && sentBytes < totalBytes) {
        sentBytes += chunk.length;
        if (!req.write(chunk)) {
          req.once('drain', pump);
          return;
        }
      }
      if (!answered) req.end();
    };
    pump();
  });
}

describe('tRPC body bound', () => {
  it('refuses a declared body over 1 MiB before reading it, even unauthenticated', async () => {
    const answer = await postLarge(
      'auth.signIn',
      150 * 1024 * 1024,
      'declared',
    );

    expect(answer.status).toBe(413);
    expect(answer.body.error?.data.appCode).toBe('BODY_TOO_LARGE');
    expect(answer.sentBytes).toBeLessThan(50 * 1024 * 1024);
  });

  it('stops a chunked body at the bound while it streams', async () => {
    const answer = await postLarge('auth.signIn', 64 * 1024 * 1024, 'chunked');

    expect(answer.status).toBe(413);
    expect(answer.body.error?.data.appCode).toBe('BODY_TOO_LARGE');
    expect(answer.sentBytes).toBeLessThan(50 * 1024 * 1024);
  });

  it('gives a batch holding a small procedure the small bound', async () => {
    const answer = await postLarge(
      'policies.upload,auth.signIn?batch=1',
      2 * DEFAULT_TRPC_BODY_BYTES,
      'declared',
    );

    expect(answer.status).toBe(413);
    expect(answer.body.error?.data.appCode).toBe('BODY_TOO_LARGE');
  });

  it('lets policies.upload receive more than the small bound', async () => {
    const answer = await postLarge(
      'policies.upload',
      2 * DEFAULT_TRPC_BODY_BYTES,
      'declared',
    );

    // Unauthenticated filler: refused for what it is, not for its size.
    expect(answer.status).not.toBe(413);
  });
});
