import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  sendRaw,
  startEdge,
  statusesOf,
  type Edge,
} from './support/edge-harness';
import { route } from './support/path-cases';

let edge: Edge;

beforeAll(async () => {
  edge = await startEdge({
    routes: [route('api', '/', 'optional')],
    policy: (input) => !input.path.startsWith('/admin'),
  });
});

afterAll(() => edge.close());

const SMUGGLED =
  'GET /admin/export HTTP/1.1\r\nHost: gw.test\r\nx-tenant-id: t-a\r\n\r\n';

function chunked(body: string): string {
  return `${body.length.toString(16)}\r\n${body}\r\n0\r\n\r\n`;
}

describe('K05 body smuggling', () => {
  it('K05 body smuggling: a chunked DELETE whose body is a request reaches the upstream as one request', async () => {
    const before = edge.received.length;
    const reply = await sendRaw(
      edge.port,
      'DELETE /cart/items/1 HTTP/1.1\r\nHost: gw.test\r\nx-tenant-id: t-a\r\n' +
        'Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n' +
        chunked(SMUGGLED),
    );

    expect(statusesOf(reply)).toEqual([200]);
    const got = edge.received.slice(before);
    expect(got).toHaveLength(1);
    expect(got[0]).toMatchObject({ method: 'DELETE', url: '/cart/items/1' });
    expect(got[0]!.body).toBe(SMUGGLED);
    expect(edge.evaluated.map((e) => e.path)).not.toContain('/admin/export');
  });

  it('K05 body smuggling: two pipelined requests stay two, each evaluated', async () => {
    const before = edge.received.length;
    const reply = await sendRaw(
      edge.port,
      'POST /a HTTP/1.1\r\nHost: gw.test\r\nx-tenant-id: t-a\r\nContent-Length: 3\r\n\r\nabc' +
        'GET /admin/export HTTP/1.1\r\nHost: gw.test\r\nx-tenant-id: t-a\r\nConnection: close\r\n\r\n',
    );

    expect(statusesOf(reply)).toEqual([200, 403]);
    expect(edge.received.slice(before).map((r) => r.url)).toEqual(['/a']);
  });

  it.each([
    [
      'Content-Length and Transfer-Encoding',
      'Content-Length: 4\r\nTransfer-Encoding: chunked\r\n',
      '0\r\n\r\n',
    ],
    [
      'Transfer-Encoding then Content-Length',
      'Transfer-Encoding: chunked\r\nContent-Length: 40\r\n',
      '0\r\n\r\n',
    ],
    [
      'two different Content-Length values',
      'Content-Length: 3\r\nContent-Length: 40\r\n',
      'abc',
    ],
    [
      'two equal Content-Length lines',
      'Content-Length: 3\r\nContent-Length: 3\r\n',
      'abc',
    ],
    ['a Content-Length list', 'Content-Length: 3, 3\r\n', 'abc'],
    ['a signed Content-Length', 'Content-Length: +3\r\n', 'abc'],
    [
      'a Transfer-Encoding list',
      'Transfer-Encoding: gzip, chunked\r\n',
      '0\r\n\r\n',
    ],
    [
      'a disguised Transfer-Encoding',
      'Transfer-Encoding: xchunked\r\n',
      '0\r\n\r\n',
    ],
    [
      'Transfer-Encoding with a space before the colon',
      'Transfer-Encoding : chunked\r\nContent-Length: 3\r\n',
      'abc',
    ],
    [
      'a folded Transfer-Encoding',
      'Transfer-Encoding:\r\n chunked\r\nContent-Length: 3\r\n',
      'abc',
    ],
    ['two Host headers', 'Host: other.test\r\nContent-Length: 3\r\n', 'abc'],
  ])(
    'K05 body smuggling: %s gets 400 and nothing reaches the upstream',
    async (_, headers, body) => {
      const before = edge.received.length;
      const reply = await sendRaw(
        edge.port,
        `POST /a HTTP/1.1\r\nHost: gw.test\r\nx-tenant-id: t-a\r\n${headers}\r\n${body}` +
          SMUGGLED,
      );

      expect(statusesOf(reply)).toEqual([400]);
      expect(edge.received.length).toBe(before);
    },
  );

  it('K05 body smuggling: request line and header limits hold', async () => {
    const longTarget = await sendRaw(
      edge.port,
      `GET /${'a'.repeat(9000)} HTTP/1.1\r\nHost: gw.test\r\n\r\n`,
    );
    const manyHeaders = await sendRaw(
      edge.port,
      `GET / HTTP/1.1\r\nHost: gw.test\r\n${'x-h: 1\r\n'.repeat(150)}\r\n`,
    );
    const hugeHeader = await sendRaw(
      edge.port,
      `GET / HTTP/1.1\r\nHost: gw.test\r\nx-h: ${'a'.repeat(20_000)}\r\n\r\n`,
    );

    expect(statusesOf(longTarget)).toEqual([414]);
    expect(statusesOf(manyHeaders)).toEqual([431]);
    expect(statusesOf(hugeHeader)).toEqual([431]);
  });
});
