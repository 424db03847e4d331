import { describe, expect, it } from 'vitest';

import {
  downstreamResponseHeaders,
  upstreamRequestHeaders,
  type UpstreamHeaderContext,
} from './owned-headers';

const context: UpstreamHeaderContext = {
  requestId: 'req-1',
  traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
  tracestate: null,
  tenantId: 't-a',
  user: { sub: 'user-1', issuer: 'https://id', roles: ['user'] },
  cellId: 'use1-a',
  configVersion: 7,
  peerAddress: '10.0.0.5',
  peerTrusted: false,
  clientAddress: '10.0.0.5',
  host: 'gw.test',
  proto: 'http',
};

function asMap(flat: string[]): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (let i = 0; i < flat.length; i += 2) {
    map.set(flat[i]!, [...(map.get(flat[i]!) ?? []), flat[i + 1]!]);
  }

  return map;
}

describe('upstreamRequestHeaders', () => {
  it('drops identity, address and rewrite headers from an untrusted client (K04)', () => {
    const headers = asMap(
      upstreamRequestHeaders(
        [
          'X-User-Claims',
          '{"roles":["admin"]}',
          'X-Tenant-Id',
          't-b',
          'X-Authenticated-Sub',
          'admin',
          'X-Real-IP',
          '1.2.3.4',
          'X-User-Sub',
          'admin',
          'X-Forwarded-For',
          '1.2.3.4',
          'X-Forwarded-Host',
          'evil',
          'Forwarded',
          'for=1.2.3.4',
          'X-Request-Id',
          'chosen',
          'X-Cell',
          'other',
          'X-Config-Version',
          '999',
          'X-Original-URL',
          '/admin',
          'X-HTTP-Method-Override',
          'DELETE',
          'True-Client-IP',
          '1.2.3.4',
          'Accept',
          'application/json',
        ],
        context,
      ),
    );

    expect(headers.get('x-user-claims')).toBeUndefined();
    expect(headers.get('x-authenticated-sub')).toBeUndefined();
    expect(headers.get('forwarded')).toBeUndefined();
    expect(headers.get('x-original-url')).toBeUndefined();
    expect(headers.get('x-http-method-override')).toBeUndefined();
    expect(headers.get('true-client-ip')).toBeUndefined();
    expect(headers.get('x-tenant-id')).toEqual(['t-a']);
    expect(headers.get('x-user-sub')).toEqual(['user-1']);
    expect(headers.get('x-user-roles')).toEqual(['user']);
    expect(headers.get('x-real-ip')).toEqual(['10.0.0.5']);
    expect(headers.get('x-forwarded-for')).toEqual(['10.0.0.5']);
    expect(headers.get('x-forwarded-host')).toEqual(['gw.test']);
    expect(headers.get('x-request-id')).toEqual(['req-1']);
    expect(headers.get('x-cell')).toEqual(['use1-a']);
    expect(headers.get('x-config-version')).toEqual(['7']);
    expect(headers.get('accept')).toEqual(['application/json']);
  });

  it('extends a trusted proxy chain and keeps its forwarding headers', () => {
    const headers = asMap(
      upstreamRequestHeaders(
        [
          'X-Forwarded-For',
          '1.2.3.4',
          'x-forwarded-for',
          '5.6.7.8',
          'X-Forwarded-Proto',
          'https',
          'X-User-Sub',
          'admin',
        ],
        { ...context, peerTrusted: true, clientAddress: '5.6.7.8', user: null },
      ),
    );

    expect(headers.get('x-forwarded-for')).toEqual([
      '1.2.3.4, 5.6.7.8, 10.0.0.5',
    ]);
    expect(headers.get('x-forwarded-proto')).toEqual(['https']);
    expect(headers.get('x-real-ip')).toEqual(['5.6.7.8']);
    expect(headers.get('x-user-sub')).toBeUndefined();
  });

  it('removes hop-by-hop headers and those connection names', () => {
    const headers = asMap(
      upstreamRequestHeaders(
        [
          'Connection',
          'keep-alive, X-Secret',
          'connection',
          'Foo',
          'Keep-Alive',
          'timeout=5',
          'Proxy-Authorization',
          'Basic x',
          'TE',
          'trailers',
          'Trailer',
          'x',
          'Transfer-Encoding',
          'chunked',
          'Upgrade',
          'websocket',
          'X-Secret',
          's',
          'Foo',
          'f',
          'Authorization',
          'Bearer t',
        ],
        context,
      ),
    );

    for (const name of [
      'connection',
      'keep-alive',
      'proxy-authorization',
      'te',
      'trailer',
      'transfer-encoding',
      'upgrade',
      'x-secret',
      'foo',
    ]) {
      expect(headers.get(name)).toBeUndefined();
    }
    expect(headers.get('authorization')).toEqual(['Bearer t']);
  });
});

describe('downstreamResponseHeaders', () => {
  it('removes hop-by-hop and connection-named headers and sets its own', () => {
    const headers = downstreamResponseHeaders(
      [
        'Connection',
        'close, X-Internal',
        'Keep-Alive',
        'timeout=5',
        'Transfer-Encoding',
        'chunked',
        'x-internal',
        'secret',
        'X-Cell',
        'spoofed',
        'Content-Type',
        'application/json',
        'Set-Cookie',
        'a=1',
        'set-cookie',
        'b=2',
      ],
      { 'x-cell': 'use1-a', 'x-request-id': 'req-1' },
    );

    expect(headers).toEqual([
      'content-type',
      'application/json',
      'set-cookie',
      'a=1',
      'set-cookie',
      'b=2',
      'x-cell',
      'use1-a',
      'x-request-id',
      'req-1',
    ]);
  });
});
