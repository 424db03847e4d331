import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { ControlApi } from '../src/app/create-control-api';
import { ROLE_USERS, TEST_PASSWORD } from './support/seed-topology';
import { startSeededApi, type TestEnvironment } from './support/start-test-api';
import { callTrpc, signInCookie } from './support/trpc-http';

let env: TestEnvironment;
let api: ControlApi;
let admin: string;

beforeAll(async () => {
  ({ env, api } = await startSeededApi('bad-input'));
  admin = await signInCookie(api.url(), ROLE_USERS.admin, TEST_PASSWORD);
}, 60_000);

afterAll(async () => {
  await env?.dispose();
});

const asAdmin = (
  path: string,
  input: unknown,
  type: 'query' | 'mutation' = 'query',
) => callTrpc(api.url(), path, { type, input, cookie: admin });

describe('malformed cursors', () => {
  it.each([
    '9999-99-99T99:99:99Z|00000000-0000-0000-0000-000000000000',
    `2026-12-04T10:00:00.000Z|${'-'.repeat(36)}`,
    '2026-02-30T10:00:00.000Z|3f0c8a52-6a3e-4f51-9a44-2b3c1d4e5f60',
  ])('decisions.list refuses %s as VALIDATION_FAILED', async (cursor) => {
    const result = await asAdmin('decisions.list', { cursor });

    expect(result.status).toBe(400);
    expect(result.error?.data.appCode).toBe('VALIDATION_FAILED');
    expect(result.error?.data.zodError?.fieldErrors.cursor).toEqual([
      'not a cursor this procedure returned',
    ]);
  });

  it('decisions.list accepts a well-formed cursor', async () => {
    const result = await asAdmin('decisions.list', {
      cursor: '2026-12-04T10:00:00.000Z|3f0c8a52-6a3e-4f51-9a44-2b3c1d4e5f60',
    });

    expect(result.status).toBe(200);
  });

  it('audit.list refuses a cursor beyond a bigint', async () => {
    const result = await asAdmin('audit.list', {
      cursor: '9999999999999999999',
      limit: 5,
    });

    expect(result.status).toBe(400);
    expect(result.error?.data.appCode).toBe('VALIDATION_FAILED');
  });
});

describe('validation messages', () => {
  it('are one line naming each field, with the field errors kept', async () => {
    const result = await asAdmin(
      'edge.degradation.force',
      { cellId: 'cell-a', level: 'normal' },
      'mutation',
    );

    expect(result.status).toBe(400);
    expect(result.error?.data.appCode).toBe('VALIDATION_FAILED');
    expect(result.error?.message).not.toMatch(/\n|^\[/);
    expect(result.error?.message).toMatch(/^reason: /);
    expect(result.error?.data.zodError?.fieldErrors.reason).toHaveLength(1);
  });
});
