import { describe, expect, it } from 'vitest';

import { projectInput } from './project-input';

const PATHS = [['method'], ['user', 'roles'], ['user', 'tenant']];

describe('projectInput', () => {
  it('keeps the values at the paths and the keys on the way, nothing else', () => {
    const input = {
      method: 'GET',
      headers: { accept: '*/*' },
      user: { sub: 'u-1', tenant: 't-1', roles: ['admin'], claims: { a: 1 } },
    };

    expect(projectInput(input, PATHS)).toEqual({
      method: 'GET',
      user: { roles: ['admin'], tenant: 't-1' },
    });
  });

  it('leaves an absent value absent and a null one null', () => {
    expect(projectInput({ user: null }, PATHS)).toEqual({ user: null });
    expect(projectInput({}, PATHS)).toEqual({});
    expect(
      JSON.stringify(projectInput({ method: undefined, user: {} }, PATHS)),
    ).toBe('{"user":{}}');
  });

  it('copies whole what is not a plain object on the way', () => {
    const roles = ['admin'];
    class User {
      roles = roles;
      secret = 's';
    }
    const withJson = { roles, toJSON: () => ({ roles: ['viewer'] }) };

    for (const user of [['a', 'b'], 'text', 7, new User(), withJson]) {
      const projected = projectInput({ user }, PATHS) as { user: unknown };
      expect(projected.user).toBe(user);
      expect(JSON.stringify(projected)).toBe(JSON.stringify({ user }));
    }
  });

  it('counts only own enumerable keys, as JSON.stringify does', () => {
    const user = { tenant: 't-1' };
    Object.defineProperty(user, 'roles', { value: ['x'], enumerable: false });

    expect(projectInput({ user }, PATHS)).toEqual({ user: { tenant: 't-1' } });
    expect(JSON.stringify(projectInput({ user }, PATHS))).toBe(
      JSON.stringify({ user }),
    );
  });

  it('hands back an input that is not a plain object as it is', () => {
    const list = [{ method: 'GET' }];

    expect(projectInput(list, PATHS)).toBe(list);
    expect(projectInput(null, PATHS)).toBeNull();
    expect(projectInput('GET', PATHS)).toBe('GET');
  });

  it('builds a shared level once for paths below the same key', () => {
    const projected = projectInput({ a: { b: { c: 1, d: 2, e: 3 } } }, [
      ['a', 'b', 'c'],
      ['a', 'b', 'd'],
    ]);

    expect(projected).toEqual({ a: { b: { c: 1, d: 2 } } });
  });
});
