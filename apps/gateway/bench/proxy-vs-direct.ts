/**
 * A quick local measurement: requests per second against one upstream
 * called directly, then through the gateway (plain proxying, access log
 * on and off), each for a bounded time on loopback with autocannon.
 *
 *   npx tsx apps/gateway/bench/proxy-vs-direct.ts [seconds=10] [connections=50]
 *
 * Not the project's benchmark (`npm run bench`); a baseline for this app.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { openSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import {
  generateSigningKey,
  publicKeyToPem,
  signSnapshot,
} from '@cellplane/contract';
import { sampleSnapshotBody } from '@cellplane/contract/testing';
import autocannon from 'autocannon';

const seconds = Math.min(Number(process.argv[2] ?? 10), 30);
const connections = Math.min(Number(process.argv[3] ?? 50), 200);

const UPSTREAM = `
const http = require('node:http');
const body = JSON.stringify({ cell: 'use1-a', products: [1, 2, 3] });
const server = http.createServer((req, res) => {
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
});
server.keepAliveTimeout = 65000;
server.listen(0, '127.0.0.1', () => console.log(server.address().port));
`;

function firstLine(
  child: ChildProcess,
  pick: (line: string) => string | undefined,
): Promise<string> {
  return new Promise((resolve, reject) => {
    let pending = '';
    let found: string | undefined;
    child.stdout?.on('data', (chunk: Buffer) => {
      // After the answer, lines are only drained, as a log collector would.
      if (found !== undefined) return;

      const lines = (pending + chunk.toString()).split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        found ??= pick(line);
      }
      if (found !== undefined) resolve(found);
    });
    child.once('exit', (code) => reject(new Error(`exited with ${code}`)));
  });
}

/**
 * CPU time (user + system) a process has used, from /proc, in µs. Per
 * request, it is a figure a busy machine disturbs far less than req/s.
 */
function cpuMicros(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);

  return (ticks * 1_000_000) / 100;
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

async function waitReady(url: string): Promise<void> {
  const deadline = Date.now() + 15_000;

  while (Date.now() < deadline) {
    const ready = await fetch(url).then(
      (response) => response.ok,
      () => false,
    );
    if (ready) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }

  throw new Error(`${url} not ready in 15 s`);
}

type Measurement = Awaited<ReturnType<typeof measure>>;

async function measure(
  name: string,
  url: string,
  headers: Record<string, string>,
) {
  const result = await autocannon({
    url,
    connections,
    duration: seconds,
    headers,
  });

  return {
    name,
    rps: Math.round(result.requests.average),
    p50_ms: result.latency.p50,
    p99_ms: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'gateway-bench-'));
  const children: ChildProcess[] = [];

  try {
    const upstream = spawn(process.execPath, ['-e', UPSTREAM], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    children.push(upstream);
    const upstreamUrl = `http://127.0.0.1:${await firstLine(upstream, (l) => (/^\d+$/.test(l) ? l : undefined))}`;

    const key = generateSigningKey();
    const body = sampleSnapshotBody();
    body.cells = body.cells.map((cell) => ({
      ...cell,
      instances: cell.instances.map((i) => ({ ...i, url: upstreamUrl })),
    }));
    // One load generator on loopback is one client and one tenant: limits
    // high enough to measure proxying, still checked on every request.
    const unlimited = { ratePerSecond: 1_000_000, burst: 10_000_000 };
    body.limits = {
      perClientIp: unlimited,
      perTenant: {
        free: unlimited,
        standard: unlimited,
        enterprise: unlimited,
      },
      trustedProxies: [],
    };
    await writeFile(join(dir, 'key.pem'), publicKeyToPem(key));
    await writeFile(
      join(dir, 'snapshot.json'),
      JSON.stringify(signSnapshot(body, key)),
    );

    const results: (Measurement & { cpu_us_per_req?: number })[] = [
      await measure('direct', upstreamUrl + '/catalog', {}),
    ];

    for (const logLevel of ['info', 'warn']) {
      const port = await freePort();
      const logFile = openSync(join(dir, `gateway-${logLevel}.log`), 'w');
      // node itself (not the tsx CLI, which runs a child), so that the pid
      // whose CPU time is read is the gateway's.
      const gateway = spawn(
        process.execPath,
        [
          '--import',
          'tsx',
          fileURLToPath(new URL('../src/main.ts', import.meta.url)),
          '--snapshot',
          join(dir, 'snapshot.json'),
        ],
        {
          env: {
            PATH: process.env.PATH ?? '',
            GATEWAY_PORT: String(port),
            GATEWAY_STATE_DIR: join(dir, `state-${logLevel}`),
            SNAPSHOT_PUBLIC_KEY_FILE: join(dir, 'key.pem'),
            LOG_LEVEL: logLevel,
          },
          // The access log goes to a file: a pipe read by this process, busy
          // generating load, would stall the gateway's synchronous writes.
          stdio: ['ignore', logFile, 'inherit'],
        },
      );
      children.push(gateway);
      await waitReady(`http://127.0.0.1:${port}/readyz`);

      const cpuBefore = cpuMicros(gateway.pid!);
      const result = await measure(
        `gateway (log ${logLevel})`,
        `http://127.0.0.1:${port}/catalog`,
        { 'x-tenant-id': 't-a' },
      );
      const requests = result.rps * seconds;
      results.push({
        ...result,
        cpu_us_per_req: Math.round(
          (cpuMicros(gateway.pid!) - cpuBefore) / requests,
        ),
      });
      gateway.kill('SIGTERM');
    }

    const direct = results[0]!.rps;
    console.table(
      results.map((r) => ({ ...r, ratio: (r.rps / direct).toFixed(2) })),
    );
  } finally {
    for (const child of children)
      if (child.exitCode === null) child.kill('SIGTERM');
    await rm(dir, { recursive: true, force: true });
  }
}

void main();
