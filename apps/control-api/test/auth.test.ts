import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { hashPassword } from '@cellplane/db';

import type { ControlApi } from '../src/app/create-control-api';
import { ROLE_USERS, TEST_PASSWORD } from './support/seed-topology';
import { startSeededApi, type TestEnvironment } from './support/start-test-api';
import { callTrpc } from './support/trpc-http';

let env: TestEnvironment;
let api: ControlApi;

beforeAll(async () => {
  ({ env, api } = await startSeededApi('auth'));
}, 60_000);

afterAll(async () => {
  await env?.dispose();
});

/**
 * Signs in from the loopback peer, a trusted console proxy, which names
 * the browser's address in `x-forwarded-for` when `from` is given.
 */
const signIn = (email: string, password: string, from?: string) =>
  callTrpc(api.url(), 'auth.signIn', {
    type: 'mutation',
    input: { email, password },
    forwardedFor: from,
  });

describe('sign-in', () => {
  it('sets an httpOnly SameSite=Lax cookie and stores only its hash', async () => {
    const result = await signIn(ROLE_USERS.operator, TEST_PASSWORD);
    const cookie = result.setCookie[0]!;
    const token = cookie.split(';')[0]!.split('=')[1]!;

    expect(result.data).toEqual({
      user: {
        id: 'u-operator',
        email: ROLE_USERS.operator,
        name: 'operator',
        role: 'operator',
      },
    });
    expect(JSON.stringify(result.data)).not.toMatch(/scrypt|passwordHash/);
    expect(cookie).toMatch(
      /^cp_session=[\w-]+; Path=\/; HttpOnly; SameSite=Lax; Max-Age=\d+$/,
    );

    const sessions = await env.database.db.session.findMany({
      where: { userId: 'u-operator' },
    });
    expect(sessions).toHaveLength(1);
    expect(sessions[0]!.tokenHash).not.toContain(token);
    expect(sessions[0]!.expiresAt.getTime()).toBeGreaterThan(Date.now());

    const me = await callTrpc(api.url(), 'auth.me', {
      type: 'query',
      cookie: `cp_session=${token}`,
    });
    expect(me.data).toMatchObject({
      email: ROLE_USERS.operator,
      role: 'operator',
    });
  });

  it('gives the same error for an unknown email and a wrong password', async () => {
    const unknown = await signIn('nobody@cellplane.test', TEST_PASSWORD);
    const wrong = await signIn(ROLE_USERS.admin, 'not-the-password');

    expect(unknown.status).toBe(401);
    expect(wrong.status).toBe(401);
    expect(unknown.error?.message).toBe(wrong.error?.message);
    expect(unknown.error?.data.appCode).toBe('AUTH_INVALID_CREDENTIALS');
    expect(wrong.error?.data.appCode).toBe('AUTH_INVALID_CREDENTIALS');
    expect(unknown.setCookie).toEqual([]);
  });

  it('signs out: the session is deleted and the cookie cleared', async () => {
    const result = await signIn(ROLE_USERS.viewer, TEST_PASSWORD);
    const cookie = result.setCookie[0]!.split(';')[0]!;

    const out = await callTrpc(api.url(), 'auth.signOut', {
      type: 'mutation',
      cookie,
    });
    const me = await callTrpc(api.url(), 'auth.me', { type: 'query', cookie });

    expect(out.setCookie[0]).toMatch(/^cp_session=; .*Max-Age=0/);
    expect(me.data).toBeNull();
    expect(
      await env.database.db.session.count({ where: { userId: 'u-viewer' } }),
    ).toBe(0);
  });

  it('treats an expired session as none', async () => {
    const result = await signIn(ROLE_USERS.approver, TEST_PASSWORD);
    const cookie = result.setCookie[0]!.split(';')[0]!;
    await env.database.db.session.updateMany({
      where: { userId: 'u-approver' },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });

    const regions = await callTrpc(api.url(), 'regions.list', {
      type: 'query',
      cookie,
    });

    expect(regions.status).toBe(401);
  });

  it('refuses an address on an account after 5 failed sign-ins, known or not', async () => {
    const email = 'guess@cellplane.test';
    const from = '198.51.100.1';
    for (let attempt = 1; attempt <= 5; attempt += 1) {
      const failed = await signIn(email, `guess-${attempt}`, from);
      expect(failed.error?.data.appCode).toBe('AUTH_INVALID_CREDENTIALS');
    }

    const locked = await signIn(email, 'guess-6', from);
    const other = await signIn(ROLE_USERS.operator, TEST_PASSWORD, from);

    expect(locked.status).toBe(429);
    expect(locked.error?.data.appCode).toBe('AUTH_TOO_MANY_ATTEMPTS');
    expect(locked.error?.message).toMatch(/try again in \d+ s/);
    expect(other.status).toBe(200);
  });

  it('refuses even the right password from the locked address', async () => {
    await env.database.db.user.update({
      where: { email: ROLE_USERS.approver },
      data: { email: 'locked@cellplane.test' },
    });
    const from = '198.51.100.2';
    for (let attempt = 1; attempt <= 5; attempt += 1) {
      await signIn('locked@cellplane.test', 'wrong', from);
    }

    const right = await signIn('locked@cellplane.test', TEST_PASSWORD, from);

    expect(right.error?.data.appCode).toBe('AUTH_TOO_MANY_ATTEMPTS');
    expect(right.setCookie).toEqual([]);
  });

  it('keeps an account open to other addresses while one is locked out', async () => {
    const guesser = '203.0.113.7';
    for (let attempt = 1; attempt <= 6; attempt += 1) {
      await signIn(ROLE_USERS.admin, `guess-${attempt}`, guesser);
    }

    const locked = await signIn(ROLE_USERS.admin, TEST_PASSWORD, guesser);
    const elsewhere = await signIn(
      ROLE_USERS.admin,
      TEST_PASSWORD,
      '192.0.2.10',
    );
    const direct = await signIn(ROLE_USERS.admin, TEST_PASSWORD);

    expect(locked.error?.data.appCode).toBe('AUTH_TOO_MANY_ATTEMPTS');
    expect(elsewhere.status).toBe(200);
    expect(direct.status).toBe(200);
  });

  it('counts the nearest untrusted hop, not entries the browser wrote', async () => {
    const guesser = '203.0.113.8';
    for (let attempt = 1; attempt <= 5; attempt += 1) {
      await signIn(ROLE_USERS.viewer, 'wrong', `10.9.9.${attempt}, ${guesser}`);
    }

    const locked = await signIn(
      ROLE_USERS.viewer,
      TEST_PASSWORD,
      `10.9.9.99, ${guesser}`,
    );

    expect(locked.error?.data.appCode).toBe('AUTH_TOO_MANY_ATTEMPTS');
  });

  it('refuses an address that sprays failures over many accounts', async () => {
    const sprayer = '203.0.113.9';
    for (let account = 1; account <= 20; account += 1) {
      const failed = await signIn(
        `spray-${account}@cellplane.test`,
        'x',
        sprayer,
      );
      expect(failed.error?.data.appCode).toBe('AUTH_INVALID_CREDENTIALS');
    }

    const refused = await signIn(ROLE_USERS.operator, TEST_PASSWORD, sprayer);
    const elsewhere = await signIn(
      ROLE_USERS.operator,
      TEST_PASSWORD,
      '192.0.2.11',
    );

    expect(refused.status).toBe(429);
    expect(refused.error?.message).toMatch(/from your address/);
    expect(elsewhere.status).toBe(200);
  });

  it('refuses an account guessed at from many forged addresses', async () => {
    await env.database.db.user.create({
      data: {
        id: 'u-ceiling',
        email: 'ceiling@cellplane.test',
        name: 'ceiling',
        role: 'viewer',
        passwordHash: await hashPassword(TEST_PASSWORD),
      },
    });
    for (let attempt = 1; attempt <= 100; attempt += 1) {
      const address = `198.18.${Math.floor(attempt / 200)}.${attempt % 200}`;
      await signIn('ceiling@cellplane.test', 'wrong', address);
    }

    const fresh = await signIn(
      'ceiling@cellplane.test',
      TEST_PASSWORD,
      '198.18.9.9',
    );

    expect(fresh.error?.data.appCode).toBe('AUTH_TOO_MANY_ATTEMPTS');
    expect(fresh.error?.message).toMatch(/for this account;/);
  });

  it('forgets failures after a successful sign-in', async () => {
    for (let round = 0; round < 2; round += 1) {
      for (let attempt = 1; attempt <= 3; attempt += 1) {
        await signIn(ROLE_USERS.admin, 'wrong', '198.51.100.3');
      }
      const right = await signIn(
        ROLE_USERS.admin,
        TEST_PASSWORD,
        '198.51.100.3',
      );
      expect(right.status).toBe(200);
    }
  });
});
