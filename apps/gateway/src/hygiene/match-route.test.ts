import type { Route } from '@cellplane/contract';
import { describe, expect, it } from 'vitest';

import { RouteMatcher } from './match-route';
import { normalizeRequest } from './normalize-request';

function route(
  id: string,
  pathPrefix: string,
  auth: Route['auth'],
  methods?: Route['methods'],
): Route {
  return {
    id,
    pathPrefix,
    auth,
    timeoutMs: 1000,
    ...(methods ? { methods } : {}),
  };
}

const routes = RouteMatcher.fromRoutes([
  route('root', '/', 'public'),
  route('upload', '/upload', 'required'),
  route('catalog', '/catalog/', 'optional', ['GET', 'HEAD']),
  route('admin-users', '/admin/users', 'required'),
]);

function match(method: string, url: string, matcher = routes) {
  const normalized = normalizeRequest(method, url, 'gw.test');
  if (!normalized.ok) return normalized.code;
  const result = matcher.match(normalized);

  return result.ok ? result.routeId : result.code;
}

describe('RouteMatcher', () => {
  it('picks the longest prefix by whole segments', () => {
    expect(match('POST', '/upload/file')).toBe('upload');
    expect(match('POST', '/upload')).toBe('upload');
    expect(match('POST', '/uploads/file')).toBe('root');
    expect(match('GET', '/catalog/SKU-1')).toBe('catalog');
    expect(match('GET', '/admin/users/7')).toBe('admin-users');
    expect(match('GET', '/admin')).toBe('root');
  });

  it('answers 405 from the longest prefix instead of falling back', () => {
    expect(match('POST', '/catalog/x')).toBe('GW_METHOD_NOT_ALLOWED');
  });

  it('refuses a path that differs from a longer route only in case', () => {
    expect(match('GET', '/UPLOAD/file')).toBe('GW_BAD_PATH');
    expect(match('GET', '/Upload/file')).toBe('GW_BAD_PATH');
    expect(match('GET', '/admin/USERS')).toBe('GW_BAD_PATH');
    expect(match('GET', '/Files/A')).toBe('root');
  });

  it('denies by default when routes exist and none covers the path', () => {
    const only = RouteMatcher.fromRoutes([
      route('upload', '/upload', 'required'),
    ]);

    expect(match('GET', '/internal/metrics', only)).toBe('GW_ROUTE_UNKNOWN');
    expect(match('GET', '/', only)).toBe('GW_ROUTE_UNKNOWN');
    expect(
      RouteMatcher.fromRoutes([]).match({
        method: 'GET',
        path: '/',
        segments: [],
      }),
    ).toMatchObject({ code: 'GW_ROUTE_UNKNOWN', status: 404 });
  });

  it('uses one implicit optional route when the snapshot has no routes', () => {
    const implicit = RouteMatcher.fromRoutes(undefined);

    expect(
      implicit.match({ method: 'GET', path: '/x', segments: ['x'] }),
    ).toEqual({ ok: true, routeId: null, auth: 'optional', timeoutMs: null });
  });

  it('refuses routes that repeat a prefix and method', () => {
    expect(() =>
      RouteMatcher.fromRoutes([
        route('a', '/x', 'public', ['GET']),
        route('b', '/x/', 'required', ['GET', 'POST']),
      ]),
    ).toThrow(expect.objectContaining({ code: 'GW_SNAPSHOT_ROUTES' }));
    expect(() =>
      RouteMatcher.fromRoutes([
        route('a', '/x', 'public', ['GET']),
        route('b', '/x', 'required', ['POST']),
      ]),
    ).not.toThrow();
  });
});
