import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { probeInstance, probeTarget } from './probe-instance';

const loopback = ['127.0.0.1', 'localhost', '[::1]'];
let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/slow/healthz') return; // never answers
    res.writeHead(req.url === '/healthz' ? 200 : 503);
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe('probeTarget', () => {
  it('refuses other protocols and hosts off the allow-list', () => {
    expect(probeTarget('file:///etc/passwd', loopback)).toMatch(/protocol/);
    expect(probeTarget('http://169.254.169.254/', loopback)).toMatch(
      /allow-list/,
    );
    expect(probeTarget('not a url', loopback)).toBe('not a URL');
  });

  it('appends healthz to the base path', () => {
    expect(String(probeTarget('http://127.0.0.1:9101', loopback))).toBe(
      'http://127.0.0.1:9101/healthz',
    );
    expect(String(probeTarget('http://[::1]:9101/cell/', loopback))).toBe(
      'http://[::1]:9101/cell/healthz',
    );
  });
});

describe('probeInstance', () => {
  const options = { timeoutMs: 200, allowedHosts: loopback };

  it('is up on 200, down on an error status, a timeout or a closed port', async () => {
    expect((await probeInstance(base, options)).health).toBe('up');
    expect(await probeInstance(`${base}/sick`, options)).toMatchObject({
      health: 'down',
      reason: 'status 503',
    });
    expect(await probeInstance(`${base}/slow`, options)).toMatchObject({
      health: 'down',
      reason: 'no answer within 200 ms',
    });
    expect((await probeInstance('http://127.0.0.1:1', options)).health).toBe(
      'down',
    );
  });

  it('reports a refused URL as unknown', async () => {
    expect((await probeInstance('ftp://127.0.0.1/', options)).health).toBe(
      'unknown',
    );
  });
});
