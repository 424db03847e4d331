import { randomUUID } from 'node:crypto';
import type * as NodeFs from 'node:fs';
import type * as NodeFsPromises from 'node:fs/promises';
import {
  appendFile,
  mkdir,
  readdir,
  readFile,
  rm,
  stat,
  writeFile,
} from 'node:fs/promises';
import { PassThrough } from 'node:stream';
import { join } from 'node:path';

import {
  decisionBatchSchema,
  MAX_DECISIONS_PER_BATCH,
  type DecisionBatch,
} from '@cellplane/contract';
import { createLogger } from '@cellplane/telemetry';
import { Registry } from 'prom-client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import type { DecisionEntry } from '../src/decisions/decision-entry';
import { DecisionLog } from '../src/decisions/decision-log';
import { DecisionShipper } from '../src/decisions/decision-shipper';
import { OrphanedDecisionLogs } from '../src/decisions/orphaned-decision-logs';
import { PolicyMetrics } from '../src/telemetry/policy-metrics';
import { startConfigServer, type ConfigServer } from './support/config-server';
import { createTestWorkspace, type TestWorkspace } from './support/test-key';
import { waitFor } from './support/wait-for';

type WriteSync = (
  fd: number,
  buffer: Buffer,
  offset: number,
  length: number,
) => number;

/** A fault the next writes of the log meet instead of the disk. */
const writes = vi.hoisted(() => ({
  fault: null as
    null | ((write: WriteSync, ...args: Parameters<WriteSync>) => number),
}));

vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof NodeFs>();
  const write: WriteSync = (fd, buffer, offset, length) =>
    fs.writeSync(fd, buffer, offset, length);

  return {
    ...fs,
    writeSync: (...args: Parameters<WriteSync>) =>
      writes.fault === null ? write(...args) : writes.fault(write, ...args),
  };
});

/** Whether saving the cursor meets a full disk. */
const cursorSaves = vi.hoisted(() => ({ full: false }));

vi.mock('node:fs/promises', async (importOriginal) => {
  const fs = await importOriginal<typeof NodeFsPromises>();

  return {
    ...fs,
    open: (path: string, ...rest: [string, number?]) =>
      cursorSaves.full && path.endsWith('.json.tmp')
        ? Promise.reject(
            Object.assign(new Error('no space left'), { code: 'ENOSPC' }),
          )
        : fs.open(path, ...rest),
  };
});

/**
 * The decision log on real files and its shipping over real HTTP to a
 * loopback control-api stand-in that can fail: rotation, the disk bound
 * with counted drops, a durable cursor, resuming after an outage and a
 * restart with nothing shipped twice.
 */
let workspace: TestWorkspace;
let server: ConfigServer;
const open: { log: DecisionLog; shipper: DecisionShipper }[] = [];

beforeEach(async () => {
  workspace = await createTestWorkspace();
  server = await startConfigServer();
});

afterEach(async () => {
  for (const { log, shipper } of open.splice(0)) {
    await shipper.close();
    await log.close();
  }
  await server.close();
  await workspace.remove();
});

const dir = (): string => join(workspace.dir, 'decisions');

async function openLog(options: {
  fileBytes: number;
  maxBytes: number;
  prefix?: string;
}) {
  const registry = new Registry();
  const metrics = new PolicyMetrics(registry, {
    revision: () => null,
    backlogBytes: () => 0,
  });
  const logger = createLogger({
    component: 'test',
    destination: new PassThrough(),
  });
  const log = new DecisionLog({
    dir: dir(),
    gatewayId: 'gateway-1',
    logger,
    metrics,
    ...options,
    prefix: options.prefix ?? 'w0',
  });
  const shipper = new DecisionShipper({
    log,
    controlPlane: { url: server.url, token: server.token },
    gatewayId: 'gateway-1',
    intervalMs: 60_000,
    logger,
    metrics,
  });
  await log.start();
  open.push({ log, shipper });

  const counter = async (name: string): Promise<number> => {
    const text = await registry.metrics();

    return Number(new RegExp(`^${name} (\\d+)$`, 'm').exec(text)?.[1] ?? 0);
  };

  return { log, shipper, counter };
}

function entry(path = '/catalog/sku-1'): DecisionEntry {
  const input = {
    method: 'GET',
    path,
    segments: path.split('/').filter((s) => s !== ''),
    query: '',
    headers: { accept: 'application/json', 'user-agent': 'x'.repeat(200) },
    tenant: 't-a',
    user: null,
    route: null,
    cell: 'cell-1',
    region: 'us-east',
    client: { address: '127.0.0.1' },
  };

  return {
    id: randomUUID(),
    atMs: Date.now(),
    requestId: randomUUID(),
    revision: 'rev-1',
    entrypoint: 'cellplane/authz/allow',
    result: 'allow',
    inputJson: JSON.stringify(input),
    tenantId: input.tenant,
    cellId: input.cell,
    method: input.method,
    path,
    durationUs: 4.2,
  };
}

/** Appends `count` decisions to `log`; returns their ids in order. */
function appendMany(log: DecisionLog, count: number): string[] {
  return Array.from({ length: count }, () => {
    const e = entry();
    log.append(e);

    return e.id;
  });
}

/**
 * `appendMany`, then the batch written at once, as the gateway does before
 * it answers a request (the writes meet whatever fault is set now).
 */
function appendNow(log: DecisionLog, count: number): string[] {
  let seq = 0;
  const ids = Array.from({ length: count }, () => {
    const e = entry();
    seq = log.append(e);

    return e.id;
  });
  log.ensureWritten(seq);

  return ids;
}

function accepted(): DecisionBatch[] {
  return server.decisionBatches
    .filter((b) => b.status === 200)
    .map((b) => decisionBatchSchema.parse(b.body));
}

async function diskLines(): Promise<number> {
  let lines = 0;
  for (const name of await readdir(dir())) {
    if (!name.endsWith('.ndjson')) continue;
    const text = await readFile(join(dir(), name), 'utf8');
    lines += text.split('\n').filter((l) => l !== '').length;
  }

  return lines;
}

async function diskBytes(): Promise<number> {
  let total = 0;
  for (const name of await readdir(dir())) {
    if (name.endsWith('.ndjson')) total += (await stat(join(dir(), name))).size;
  }

  return total;
}

describe('decision log', () => {
  it('rotates by size, stays within its bound and counts what it drops', async () => {
    const { log, shipper, counter } = await openLog({
      fileBytes: 8 * 1024,
      maxBytes: 32 * 1024,
    });
    const ids = appendMany(log, 300);
    await log.settled();

    const files = (await readdir(dir())).filter((n) => n.endsWith('.ndjson'));
    expect(files.length).toBeGreaterThan(2);
    expect(await diskBytes()).toBeLessThanOrEqual(32 * 1024);
    const kept = await diskLines();
    const dropped = await counter('policy_decisions_dropped_total');
    expect(kept).toBeGreaterThan(0);
    expect(dropped).toBe(300 - kept);

    await shipper.drain();
    const batches = accepted();
    const shipped = batches.flatMap((b) => b.decisions.map((d) => d.id));
    // The newest decisions survive; the drops are reported, never silent.
    expect(shipped).toEqual(ids.slice(300 - kept));
    expect(batches.reduce((sum, b) => sum + b.dropped, 0)).toBe(dropped);
    expect(await counter('policy_decisions_shipped_total')).toBe(kept);
  });

  it('writes the lines of one tick in one write, each file within its size', async () => {
    const { log } = await openLog({ fileBytes: 8 * 1024, maxBytes: 1 << 20 });
    let calls = 0;
    writes.fault = (write, ...args) => {
      calls += 1;

      return write(...args);
    };
    try {
      const small = appendMany(log, 3);
      expect(calls).toBe(0);
      // The end of the tick writes them, without being asked.
      await new Promise((resolve) => setImmediate(resolve));
      expect(calls).toBe(1);
      expect(await diskLines()).toBe(small.length);

      // A batch larger than a file goes out in runs, one file each.
      calls = 0;
      appendNow(log, 60);
      const names = (await readdir(dir())).filter((n) => n.endsWith('.ndjson'));
      const sizes = await Promise.all(
        names.map(async (n) => (await stat(join(dir(), n))).size),
      );
      expect(names.length).toBeGreaterThan(2);
      expect(calls).toBe(names.length);
      expect(Math.max(...sizes)).toBeLessThanOrEqual(8 * 1024);
      expect(await diskLines()).toBe(63);
    } finally {
      writes.fault = null;
    }
  });

  it("counts the lines of an earlier run's file the bound drops, torn end included", async () => {
    // 300 lines of about 1 KiB: several reads of the counting buffer.
    await mkdir(dir(), { recursive: true });
    const line = `${JSON.stringify({ pad: 'x'.repeat(1000) })}\n`;
    await writeFile(
      join(dir(), 'w0-0000000001.ndjson'),
      `${line.repeat(300)}{"torn":`,
    );
    const { log, counter } = await openLog({
      fileBytes: 8 * 1024,
      maxBytes: 16 * 1024,
    });

    for (let i = 0; i < 40; i += 1) log.append(entry());
    await log.settled();

    expect(await readdir(dir())).not.toContain('w0-0000000001.ndjson');
    const kept = await diskLines();
    const dropped = await counter('policy_decisions_dropped_total');
    expect(dropped).toBeGreaterThanOrEqual(301);
    expect(dropped).toBe(301 + 40 - kept);
  });

  it('counts a batch once when the bound drops its file while it is on its way', async () => {
    const { log, shipper, counter } = await openLog({
      fileBytes: 16 * 1024,
      maxBytes: 40 * 1024,
    });
    for (let i = 0; i < 60; i += 1) log.append(entry());
    await log.settled();

    // Read as the shipper does, then the bound drops the batch's file.
    const chunk = (await log.read(50, 1536 * 1024))!;
    for (let i = 0; i < 600; i += 1) log.append(entry());
    await log.settled();
    await log.commit(chunk.next, chunk.dropped);
    await shipper.drain();

    const shipped = accepted().reduce((n, b) => n + b.decisions.length, 0);
    const dropped = await counter('policy_decisions_dropped_total');
    expect(shipped + dropped + chunk.lines.length).toBe(660);
  });

  it('counts a lost batch as dropped when its post failed and its file is gone', async () => {
    const { log, shipper, counter } = await openLog({
      fileBytes: 16 * 1024,
      maxBytes: 40 * 1024,
    });
    for (let i = 0; i < 60; i += 1) log.append(entry());
    await log.settled();

    // Read and never committed: the post failed.
    await log.read(50, 1536 * 1024);
    for (let i = 0; i < 600; i += 1) log.append(entry());
    await log.settled();
    await shipper.drain();

    const shipped = accepted().reduce((n, b) => n + b.decisions.length, 0);
    const dropped = await counter('policy_decisions_dropped_total');
    expect(shipped + dropped).toBe(660);
  });

  it('keeps the whole lines of a write that failed part way, and no torn one', async () => {
    const { log, shipper, counter } = await openLog({
      fileBytes: 1 << 20,
      maxBytes: 10 << 20,
    });
    const kept = appendNow(log, 5);

    // Half of a batch of three lines reaches the file, then the disk is
    // full: the half is cut off and the three lines counted. The next
    // batch goes to a new file.
    let calls = 0;
    writes.fault = (write, fd, buffer, offset, length) => {
      calls += 1;
      if (calls === 1) return write(fd, buffer, offset, Math.floor(length / 2));
      throw Object.assign(new Error('no space left'), { code: 'ENOSPC' });
    };
    appendNow(log, 3);
    writes.fault = null;
    kept.push(...appendNow(log, 4));
    await shipper.drain();

    // Every line shipped whole: a torn one would be skipped and counted.
    const batches = accepted();
    expect(batches.flatMap((b) => b.decisions.map((d) => d.id))).toEqual(kept);
    expect(await counter('policy_decisions_dropped_total')).toBe(3);
    expect(batches.reduce((sum, b) => sum + b.dropped, 0)).toBe(3);
  });

  it('frees the disk at its bound even when the cursor cannot be saved', async () => {
    const { log, shipper, counter } = await openLog({
      fileBytes: 8 * 1024,
      maxBytes: 32 * 1024,
    });
    cursorSaves.full = true;
    try {
      for (let i = 0; i < 300; i += 1) log.append(entry());
      await log.settled();
    } finally {
      cursorSaves.full = false;
    }

    expect(await diskBytes()).toBeLessThanOrEqual(32 * 1024);
    const kept = await diskLines();
    expect(await counter('policy_decisions_dropped_total')).toBe(300 - kept);

    // Once the disk has room, the count is saved within a second or so.
    await waitFor(
      async () => {
        const text = await readFile(join(dir(), 'cursor-w0.json'), 'utf8')
          // Not written yet.
          .catch(() => '{}');
        const saved = JSON.parse(text) as { dropped?: number };

        return saved.dropped === 300 - kept ? true : undefined;
      },
      5000,
      'the drop count saved',
    );

    // The count held in memory goes out with the next batch.
    await shipper.drain();
    expect(accepted().reduce((sum, b) => sum + b.dropped, 0)).toBe(300 - kept);
  });

  it('ships in batches of at most MAX_DECISIONS_PER_BATCH and deletes shipped files', async () => {
    const { log, shipper } = await openLog({
      fileBytes: 64 * 1024,
      maxBytes: 16 * 1024 * 1024,
    });
    for (let i = 0; i < 1200; i += 1) log.append(entry());
    await log.settled();

    await shipper.drain();

    const batches = accepted();
    expect(batches.length).toBeGreaterThanOrEqual(3);
    for (const batch of batches) {
      expect(batch.decisions.length).toBeLessThanOrEqual(
        MAX_DECISIONS_PER_BATCH,
      );
    }
    expect(batches.flatMap((b) => b.decisions).length).toBe(1200);
    // Only the file being written is left.
    const files = (await readdir(dir())).filter((n) => n.endsWith('.ndjson'));
    expect(files.length).toBe(1);
    expect(log.backlogBytes()).toBe(0);
  });

  it('resumes after an outage and after a restart without shipping anything twice', async () => {
    const first = await openLog({ fileBytes: 8 * 1024, maxBytes: 1024 ** 2 });
    const ids: string[] = [];
    const append = (log: DecisionLog, n: number): void => {
      for (let i = 0; i < n; i += 1) {
        const e = entry(`/p/${ids.length}`);
        ids.push(e.id);
        log.append(e);
      }
    };

    append(first.log, 40);
    await first.log.settled();
    server.setDecisionStatus(503);
    await expect(first.shipper.drain()).rejects.toThrow(/503/);
    await expect(first.shipper.drain()).rejects.toThrow(/503/);
    expect(accepted()).toEqual([]);

    server.setDecisionStatus(200);
    await first.shipper.drain();
    append(first.log, 25);
    await first.log.settled();

    // Restart: a new log and shipper on the same directory.
    await first.shipper.close();
    await first.log.close();
    open.splice(0);
    const cursor = JSON.parse(
      await readFile(join(dir(), 'cursor-w0.json'), 'utf8'),
    ) as { file: string; offset: number };
    expect(cursor.offset).toBeGreaterThan(0);

    const second = await openLog({ fileBytes: 8 * 1024, maxBytes: 1024 ** 2 });
    append(second.log, 30);
    await second.log.settled();
    server.setDecisionStatus(503);
    await expect(second.shipper.drain()).rejects.toThrow(/503/);
    server.setDecisionStatus(200);
    await second.shipper.drain();

    const shipped = accepted().flatMap((b) => b.decisions.map((d) => d.id));
    expect(shipped).toEqual(ids);
    expect(new Set(shipped).size).toBe(ids.length);
    expect(server.decisionBatches.some((b) => b.status === 503)).toBe(true);
  });

  it('counts decisions as dropped when its directory cannot be used', async () => {
    await writeFile(dir(), 'a file where the directory should be');
    const { log, shipper, counter } = await openLog({
      fileBytes: 8 * 1024,
      maxBytes: 1024 ** 2,
    });

    log.append(entry());
    log.append(entry());
    await log.settled();
    expect(await counter('policy_decisions_dropped_total')).toBe(2);

    // Nothing to ship but the drops: they go out alone, once.
    await shipper.drain();
    await shipper.drain();
    expect(accepted()).toEqual([
      { gatewayId: 'gateway-1', decisions: [], dropped: 2 },
    ]);
  });

  it('skips a torn or invalid line, counts it as dropped and ships the rest', async () => {
    const first = await openLog({ fileBytes: 8 * 1024, maxBytes: 1024 ** 2 });
    for (let i = 0; i < 5; i += 1) first.log.append(entry());
    await first.log.settled();
    const [file] = (await readdir(dir())).filter((n) => n.endsWith('.ndjson'));
    await appendFile(join(dir(), file!), '{"id":"not a record"}\n{"torn');
    await first.log.close();
    open.splice(0);

    const second = await openLog({ fileBytes: 8 * 1024, maxBytes: 1024 ** 2 });
    second.log.append(entry());
    await second.log.settled();
    await second.shipper.drain();

    const batches = accepted();
    expect(batches.flatMap((b) => b.decisions).length).toBe(6);
    expect(await second.counter('policy_decisions_dropped_total')).toBe(2);
    // The drops travel with a later batch once they are counted.
    second.log.append(entry());
    await second.log.settled();
    await second.shipper.drain();
    expect(accepted().reduce((sum, b) => sum + b.dropped, 0)).toBe(2);
  });
});

/**
 * The faults a production disk and process meet: the directory removed
 * under the log, a worker killed with a batch on its way or with drops
 * not yet reported, a damaged cursor. Every decision is shipped or
 * counted.
 */
describe('decision log faults', () => {
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

  it('counts what it wrote into a removed directory and starts again when it is back', async () => {
    const { log, shipper, counter } = await openLog({
      fileBytes: 8 * 1024,
      maxBytes: 1024 ** 2,
    });
    appendNow(log, 10);
    await rm(dir(), { recursive: true });
    // Written into a file that has no name any more.
    appendNow(log, 20);
    await expect(shipper.drain()).resolves.toBeUndefined();
    expect(await counter('policy_decisions_dropped_total')).toBe(30);

    // No file can be opened: counted, and tried again a second later.
    appendNow(log, 5);
    expect(await counter('policy_decisions_dropped_total')).toBe(35);
    await mkdir(dir());
    await sleep(1100);
    const ids = appendMany(log, 5);
    await shipper.drain();

    const batches = accepted();
    expect(batches.flatMap((b) => b.decisions.map((d) => d.id))).toEqual(ids);
    expect(batches.reduce((sum, b) => sum + b.dropped, 0)).toBe(35);
  });

  it('counts a batch on its way whose file the bound deletes, across a kill', async () => {
    // The first process's timers never fire: it is killed right after the
    // bound ran.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const first = await openLog({ fileBytes: 8 * 1024, maxBytes: 32 * 1024 });
    const ids = appendMany(first.log, 10);
    const onTheWay = (await first.log.read(500, 1536 * 1024))!;
    expect(onTheWay.lines).toHaveLength(10);
    ids.push(...appendMany(first.log, 200));
    await first.log.settled();
    vi.useRealTimers();

    const second = await openLog({ fileBytes: 8 * 1024, maxBytes: 32 * 1024 });
    second.log.append(entry());
    await second.shipper.drain();

    const shipped = new Set(
      accepted().flatMap((b) => b.decisions.map((d) => d.id)),
    );
    const missing = ids.filter((id) => !shipped.has(id)).length;
    const reported = accepted().reduce((sum, b) => sum + b.dropped, 0);
    expect(missing).toBeGreaterThan(10);
    expect(reported).toBe(missing);
  });

  it('saves drops within a second, so a killed worker still reports them', async () => {
    const first = await openLog({ fileBytes: 8 * 1024, maxBytes: 1024 ** 2 });
    writes.fault = () => {
      throw Object.assign(new Error('i/o error'), { code: 'EIO' });
    };
    try {
      appendNow(first.log, 7);
    } finally {
      writes.fault = null;
    }
    await sleep(1100);
    await first.log.settled();

    // Killed: the next process finds the count and sends it.
    const second = await openLog({ fileBytes: 8 * 1024, maxBytes: 1024 ** 2 });
    second.log.append(entry());
    await second.shipper.drain();
    expect(accepted().reduce((sum, b) => sum + b.dropped, 0)).toBe(7);
  });

  it('ships again from the start of the files when the cursor is damaged', async () => {
    const idOf = (line: string) => (JSON.parse(line) as { id: string }).id;
    const first = await openLog({ fileBytes: 64 * 1024, maxBytes: 1024 ** 2 });
    const ids = appendMany(first.log, 3);
    await first.log.close();
    open.splice(0);
    const [file] = (await readdir(dir())).filter((n) => n.endsWith('.ndjson'));
    const text = await readFile(join(dir(), file!));

    for (const damaged of [
      'null',
      '[1,2]',
      '{"file":' + JSON.stringify(file) + ',"offset":99999999,"dropped":0}',
    ]) {
      await rm(dir(), { recursive: true });
      await mkdir(dir());
      await writeFile(join(dir(), file!), text);
      await writeFile(join(dir(), 'cursor-w0.json'), damaged);
      const again = await openLog({
        fileBytes: 64 * 1024,
        maxBytes: 1024 ** 2,
      });
      const e = entry();
      again.log.append(e);
      const chunk = (await again.log.read(500, 1536 * 1024))!;
      expect(chunk.lines.map(idOf)).toEqual(ids);
      await again.log.commit(chunk.next, chunk.dropped);
      const next = (await again.log.read(500, 1536 * 1024))!;
      expect(next.lines.map(idOf)).toEqual([e.id]);
      await again.log.close();
      open.splice(0);
    }
  });

  it('ships the files of a worker index the gateway no longer runs', async () => {
    // Two workers ran while the control plane was away; now one runs.
    const gone = await openLog({
      fileBytes: 8 * 1024,
      maxBytes: 1024 ** 2,
      prefix: 'w1',
    });
    const ids = appendMany(gone.log, 30);
    await gone.log.close();
    open.splice(0);

    const orphans = new OrphanedDecisionLogs({
      dir: dir(),
      workers: 1,
      gatewayId: 'gateway-1',
      maxBytes: 1024 ** 2,
      fileBytes: 8 * 1024,
      controlPlane: { url: server.url, token: server.token },
      shipIntervalMs: 20,
      logger: createLogger({
        component: 'test',
        destination: new PassThrough(),
      }),
      metrics: new PolicyMetrics(new Registry(), {
        revision: () => null,
        backlogBytes: () => 0,
      }),
    });
    await orphans.start();
    try {
      await waitFor(
        async () =>
          accepted().flatMap((b) => b.decisions).length === ids.length &&
          (await readdir(dir())).every((n) => !n.endsWith('.ndjson'))
            ? true
            : undefined,
        10_000,
        'the orphaned log shipped and deleted',
      );
    } finally {
      await orphans.close();
    }

    const shipped = accepted().flatMap((b) => b.decisions.map((d) => d.id));
    expect(shipped).toEqual(ids);
  });
});
