import {
  mkdir,
  open,
  readdir,
  readFile,
  rename,
  rm,
  stat,
  type FileHandle,
} from 'node:fs/promises';
import { join } from 'node:path';
import { setImmediate as yieldToRequests } from 'node:timers/promises';

import type { Logger } from '@cellplane/telemetry';

import type { Runner } from '../runner';
import type { PolicyMetrics } from '../telemetry/policy-metrics';
import {
  DECISION_LINE_END,
  decisionHead,
  type DecisionEntry,
} from './decision-entry';

export interface DecisionLogOptions {
  /** `<stateDir>/decisions`. */
  readonly dir: string;
  /** Names this process's files (`w0`): one writer per file set. */
  readonly prefix: string;
  readonly gatewayId: string;
  /** A file is closed and a new one started past this size. */
  readonly fileBytes: number;
  /** Disk this log may use; the oldest unshipped data goes beyond it. */
  readonly maxBytes: number;
  readonly logger: Logger;
  readonly metrics: PolicyMetrics;
  /** How long appended decisions wait before they are written. */
  readonly flushIntervalMs?: number;
  /** Decisions held in memory while the disk is slow; more are dropped. */
  readonly maxPending?: number;
}

/** Where shipping stands: the next byte to ship. */
export interface DecisionCursor {
  readonly file: string;
  readonly offset: number;
}

/** Lines read for shipping and the cursor after them. */
export interface DecisionChunk {
  readonly lines: readonly string[];
  readonly next: DecisionCursor;
  /** Drops not yet reported, to send with this batch. */
  readonly dropped: number;
}

/**
 * A batch on its way to the control plane: `lines` lines of `file`, from
 * the cursor up to offset `to`. `lost` when the bound dropped its file
 * meanwhile: its lines count as dropped only if the batch is never
 * committed (its post failed).
 */
interface InFlight {
  readonly file: string;
  readonly to: number;
  readonly lines: number;
  lost: boolean;
}

interface LogFile {
  readonly name: string;
  size: number;
  /**
   * Lines in the file, when this process wrote all of it; unknown for a
   * file found at start or after a failed write (then counted on disk).
   */
  lines: number | undefined;
}

const FILE_NAME = /^(.+)-(\d{10})\.ndjson$/;

const DROP_LOG_INTERVAL_MS = 5000;

/** A flush's first buffer; it grows for a larger batch. */
const INITIAL_WRITE_BYTES = 256 * 1024;

/** Decisions serialized per turn of the event loop. */
const SERIALIZE_SLICE = 200;

/** Read size when counting the lines of a file dropped past the bound. */
const COUNT_CHUNK_BYTES = 64 * 1024;

/**
 * The gateway's local decision log: NDJSON files
 * `<dir>/<prefix>-<seq>.ndjson`, rotated at `fileBytes`, at most
 * `maxBytes` in all. `append` only queues (the request path never waits
 * on the disk); a timer writes the queue in one write. Past the bound the
 * oldest file goes, and the unshipped decisions in it are counted as
 * dropped (metric, and the next batch's `dropped`), never silently. The
 * shipper reads from a durable cursor (file and offset, saved after the
 * control plane acknowledged) and the files it has passed are deleted.
 *
 * Every change to the files (write, rotation, bound, reads, commits)
 * runs one at a time on one promise chain.
 */
export class DecisionLog implements Runner {
  readonly name = 'decision-log';

  private readonly files: LogFile[] = [];

  private handle: FileHandle | null = null;

  private seq = 0;

  private cursor: DecisionCursor = { file: '', offset: 0 };

  /** Drops not yet reported to the control plane. */
  private unreported = 0;

  /** The batch `read` handed out and nobody committed yet. */
  private inFlight: InFlight | null = null;

  private pending: DecisionEntry[] = [];

  private writeBuffer: Buffer = Buffer.allocUnsafe(INITIAL_WRITE_BYTES);

  private timer: NodeJS.Timeout | null = null;

  private chain: Promise<unknown> = Promise.resolve();

  private closed = false;

  private droppedLoggedAt = 0;

  private droppedSinceLog = 0;

  private readonly cursorPath: string;

  constructor(private readonly options: DecisionLogOptions) {
    this.cursorPath = join(options.dir, `cursor-${options.prefix}.json`);
  }

  /**
   * Opens the log. A directory that cannot be used does not stop the
   * gateway (it must serve with a broken disk): the log stays closed and
   * every decision is counted as dropped.
   */
  async start(): Promise<void> {
    try {
      await this.open();
    } catch (error) {
      this.options.logger.error(
        { err: error, dir: this.options.dir },
        'decision log unusable, decisions will be dropped',
      );
      this.closed = true;
    }
  }

  private async open(): Promise<void> {
    await mkdir(this.options.dir, { recursive: true });

    for (const name of (await readdir(this.options.dir)).sort()) {
      const match = FILE_NAME.exec(name);
      if (match === null || match[1] !== this.options.prefix) continue;
      const info = await stat(join(this.options.dir, name));
      this.files.push({ name, size: info.size, lines: undefined });
      this.seq = Math.max(this.seq, Number(match[2]));
    }

    await this.restoreCursor();
    await this.openNext();
  }

  /** Queues one decision; called on the request path, never waits. */
  append(entry: DecisionEntry): void {
    if (this.closed) {
      this.drop(1, 'log closed');

      return;
    }

    if (this.pending.length >= (this.options.maxPending ?? 10_000)) {
      this.drop(1, 'queue full');

      return;
    }
    this.pending.push(entry);

    if (this.timer === null) {
      this.timer = setTimeout(() => {
        this.timer = null;
        void this.flush();
      }, this.options.flushIntervalMs ?? 50);
      this.timer.unref();
    }
  }

  /** Writes what is queued; resolves when it is on disk. */
  flush(): Promise<void> {
    return this.serialize(() => this.write());
  }

  /** Bytes on disk the shipper has not passed yet. */
  backlogBytes(): number {
    let total = 0;
    let reached = false;
    for (const file of this.files) {
      if (file.name === this.cursor.file) {
        reached = true;
        total += Math.max(0, file.size - this.cursor.offset);
      } else if (reached) {
        total += file.size;
      }
    }

    return total;
  }

  /**
   * Up to `maxLines` complete lines and `maxBytes` bytes from the cursor,
   * or null when nothing is waiting. Files wholly shipped are deleted on
   * the way; a torn last line of a closed file (a crash mid-write) is
   * skipped and counted as dropped.
   */
  read(maxLines: number, maxBytes: number): Promise<DecisionChunk | null> {
    return this.serialize(async () => {
      this.settleInFlight();

      for (;;) {
        const index = this.files.findIndex((f) => f.name >= this.cursor.file);
        const file = this.files[index];
        if (file === undefined) return null;
        if (file.name !== this.cursor.file) {
          // Its file went past the bound while a batch was on the way.
          this.cursor = { file: file.name, offset: 0 };
        }

        const isCurrent = index === this.files.length - 1;
        if (this.cursor.offset >= file.size) {
          if (isCurrent) return null;
          await this.advancePast(index);
          continue;
        }

        const chunk = await this.readFrom(file, isCurrent, maxLines, maxBytes);
        if (chunk === 'wait') return null;
        if (chunk !== 'skipped') {
          this.inFlight = {
            file: file.name,
            to: chunk.next.offset,
            lines: chunk.lines.length,
            lost: false,
          };

          return chunk;
        }
      }
    });
  }

  /**
   * Moves the cursor past a shipped chunk and saves it; `reported` drops
   * were sent with it. Called after the control plane answered 200.
   */
  commit(next: DecisionCursor, reported: number): Promise<void> {
    return this.serialize(async () => {
      this.inFlight = null;
      // A file dropped past the bound meanwhile already moved the cursor.
      if (this.files.some((f) => f.name === next.file)) this.cursor = next;
      this.unreported = Math.max(0, this.unreported - reported);
      await this.saveCursor();
    });
  }

  /** Counts decisions lost outside the log (refused by the control plane). */
  addDropped(count: number, why: string): void {
    this.drop(count, why);
  }

  async close(): Promise<void> {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    await this.flush();
    this.closed = true;

    await this.serialize(async () => {
      this.settleInFlight();
      if (this.handle === null) return;
      await this.handle.close();
      this.handle = null;
      await this.saveCursor();
    });
  }

  /**
   * A batch read and never committed was not stored (its post failed): if
   * the bound dropped its file meanwhile, its lines are lost now.
   */
  private settleInFlight(): void {
    if (this.inFlight?.lost === true) {
      this.drop(this.inFlight.lines, 'log full');
    }
    this.inFlight = null;
  }

  private drop(count: number, why: string): void {
    if (count <= 0) return;
    this.unreported += count;
    this.options.metrics.dropped.inc(count);

    // One line per burst: a full queue drops on every request.
    this.droppedSinceLog += count;
    const now = Date.now();
    if (now - this.droppedLoggedAt >= DROP_LOG_INTERVAL_MS) {
      this.options.logger.warn(
        { dropped: this.droppedSinceLog, unreported: this.unreported, why },
        'decisions dropped',
      );
      this.droppedLoggedAt = now;
      this.droppedSinceLog = 0;
    }
  }

  private async write(): Promise<void> {
    if (this.pending.length === 0 || this.handle === null) return;

    const entries = this.pending;
    this.pending = [];
    const { fileBytes, gatewayId } = this.options;

    // Lines are encoded straight into one buffer: their byte length comes
    // from the encoding, and the batch is not joined and encoded again.
    // The buffer is kept for the next batch (writes never overlap).
    let buffer = this.writeBuffer;
    let bufferBytes = 0;
    let buffered = 0;
    let unwritten = entries.length;
    try {
      for (let index = 0; index < entries.length; index += 1) {
        // Serializing takes microseconds per decision: let requests in
        // between slices of a large queue.
        if (index > 0 && index % SERIALIZE_SLICE === 0) await yieldToRequests();
        const entry = entries[index]!;
        const head = decisionHead(entry, gatewayId);
        // UTF-8 takes at most 3 bytes per UTF-16 unit.
        const room = head.length + entry.inputJson.length + 2;
        buffer = withRoom(buffer, bufferBytes, room * 3);
        let bytes = buffer.write(head, bufferBytes);
        bytes += buffer.write(entry.inputJson, bufferBytes + bytes);
        bytes += buffer.write(DECISION_LINE_END, bufferBytes + bytes);
        const used = this.files.at(-1)!.size + bufferBytes;
        if (used > 0 && used + bytes > fileBytes) {
          await this.writeBytes(buffer.subarray(0, bufferBytes), buffered);
          unwritten -= buffered;
          buffer.copyWithin(0, bufferBytes, bufferBytes + bytes);
          bufferBytes = 0;
          buffered = 0;
          await this.openNext();
        }
        bufferBytes += bytes;
        buffered += 1;
      }
      await this.writeBytes(buffer.subarray(0, bufferBytes), buffered);
      unwritten -= buffered;
    } catch (error) {
      this.options.logger.error({ err: error }, 'decision log write failed');
      const kept = error instanceof PartialWriteError ? error.lines : 0;
      this.drop(unwritten - kept, 'write failed');
    }
    // A backlog may have grown it; kept at its usual size only.
    this.writeBuffer =
      buffer.length > INITIAL_WRITE_BYTES
        ? Buffer.allocUnsafe(INITIAL_WRITE_BYTES)
        : buffer;

    await this.keepBound();
  }

  private async writeBytes(bytes: Buffer, lines: number): Promise<void> {
    const file = this.files.at(-1)!;
    let written = 0;
    try {
      while (written < bytes.length) {
        const { bytesWritten } = await this.handle!.write(bytes, written);
        if (bytesWritten === 0) throw new Error('decision log write stalled');
        written += bytesWritten;
      }
    } catch (error) {
      throw await this.keepWholeLines(file, bytes, written, error);
    }
    file.size += bytes.length;
    if (file.lines !== undefined) file.lines += lines;
  }

  /**
   * After a failed write, keeps the whole lines that reached the file and
   * cuts off a torn one, so the next write does not append to it. Returns
   * the error to throw, with how many lines were kept.
   */
  private async keepWholeLines(
    file: LogFile,
    bytes: Buffer,
    written: number,
    cause: unknown,
  ): Promise<PartialWriteError> {
    const kept = written === 0 ? 0 : bytes.lastIndexOf(0x0a, written - 1) + 1;
    const lines = newlinesIn(bytes, kept);

    try {
      if (kept < written) await this.handle!.truncate(file.size + kept);
      file.size += kept;
      if (file.lines !== undefined) file.lines += lines;
    } catch {
      // The torn line stays: the lines are counted on disk from now on.
      file.size += written;
      file.lines = undefined;
    }

    return new PartialWriteError(lines, cause);
  }

  /** Deletes the oldest files until the log fits `maxBytes` again. */
  private async keepBound(): Promise<void> {
    let total = this.files.reduce((sum, f) => sum + f.size, 0);

    while (total > this.options.maxBytes && this.files.length > 1) {
      const oldest = this.files[0]!;
      const unshipped = await this.unshippedLines(oldest);

      await rm(join(this.options.dir, oldest.name), { force: true });
      this.files.shift();
      total -= oldest.size;

      if (this.cursor.file === oldest.name) {
        this.cursor = { file: this.files[0]!.name, offset: 0 };
      }
      this.drop(unshipped, 'log full');
      await this.saveCursor();
    }
  }

  /** Lines of `file` at or after the cursor. */
  private async unshippedLines(file: LogFile): Promise<number> {
    const order = file.name.localeCompare(this.cursor.file);
    if (order < 0) return 0;

    // A batch of this file on its way is counted when it fails (read).
    const inFlight = this.inFlight?.file === file.name ? this.inFlight : null;
    if (inFlight !== null) inFlight.lost = true;

    // Known without reading when none of it was shipped: the common case
    // of a log at its bound while the control plane is away.
    if (
      inFlight === null &&
      file.lines !== undefined &&
      (order > 0 || this.cursor.offset === 0)
    ) {
      return file.lines;
    }

    // Counted through one small buffer: a whole file read at each rotation
    // past the bound left the process's memory megabytes larger.
    const handle = await open(join(this.options.dir, file.name), 'r');
    const chunk = Buffer.allocUnsafe(COUNT_CHUNK_BYTES);
    let position = inFlight?.to ?? (order === 0 ? this.cursor.offset : 0);
    let lines = 0;
    let last = 0x0a;
    try {
      for (;;) {
        const { bytesRead } = await handle.read(
          chunk,
          0,
          chunk.length,
          position,
        );
        if (bytesRead === 0) break;
        position += bytesRead;
        lines += newlinesIn(chunk, bytesRead);
        last = chunk[bytesRead - 1]!;
      }
    } finally {
      await handle.close();
    }

    // A torn last line is a decision too.
    return last === 0x0a ? lines : lines + 1;
  }

  private async readFrom(
    file: LogFile,
    isCurrent: boolean,
    maxLines: number,
    maxBytes: number,
  ): Promise<DecisionChunk | 'wait' | 'skipped'> {
    const { offset } = this.cursor;
    const length = Math.min(file.size - offset, maxBytes);
    const buffer = Buffer.alloc(length);
    const handle = await open(join(this.options.dir, file.name), 'r');
    try {
      await handle.read(buffer, 0, length, offset);
    } finally {
      await handle.close();
    }

    const lines: string[] = [];
    let consumed = 0;
    while (lines.length < maxLines) {
      const end = buffer.indexOf(0x0a, consumed);
      if (end === -1) break;
      lines.push(buffer.toString('utf8', consumed, end));
      consumed = end + 1;
    }

    const atEnd = offset + length >= file.size;
    if (lines.length === 0) {
      // A line that does not fit the window, or a closed file's torn end:
      // neither can ever ship, so it is skipped and counted.
      if (isCurrent && atEnd) return 'wait';
      this.drop(1, atEnd ? 'torn line' : 'line too long');
      this.cursor = { file: file.name, offset: offset + length };
      await this.saveCursor();

      return 'skipped';
    }

    return {
      lines,
      next: { file: file.name, offset: offset + consumed },
      dropped: this.unreported,
    };
  }

  /** The file at `index` is shipped whole: delete it, go to the next. */
  private async advancePast(index: number): Promise<void> {
    const file = this.files[index]!;
    await rm(join(this.options.dir, file.name), { force: true });
    this.files.splice(index, 1);
    this.cursor = { file: this.files[index]!.name, offset: 0 };
    await this.saveCursor();
  }

  private async openNext(): Promise<void> {
    await this.handle?.close();

    this.seq += 1;
    const name = `${this.options.prefix}-${String(this.seq).padStart(10, '0')}.ndjson`;
    this.handle = await open(join(this.options.dir, name), 'a', 0o600);
    this.files.push({ name, size: 0, lines: 0 });
    if (this.cursor.file === '') this.cursor = { file: name, offset: 0 };
  }

  private async restoreCursor(): Promise<void> {
    let saved: { file?: unknown; offset?: unknown; dropped?: unknown } = {};
    try {
      saved = JSON.parse(
        await readFile(this.cursorPath, 'utf8'),
      ) as typeof saved;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
        this.options.logger.warn({ err: error }, 'decision cursor unreadable');
      }
    }

    if (typeof saved.dropped === 'number' && saved.dropped > 0) {
      this.unreported = Math.floor(saved.dropped);
    }

    const first = this.files[0];
    const known =
      typeof saved.file === 'string' &&
      this.files.some((f) => f.name === saved.file);
    if (known && typeof saved.offset === 'number' && saved.offset >= 0) {
      this.cursor = { file: saved.file as string, offset: saved.offset };
    } else if (first !== undefined && typeof saved.file === 'string') {
      // The cursor's file is gone (shipped, or dropped past the bound):
      // resume at the first file after it.
      const next = this.files.find((f) => f.name > (saved.file as string));
      this.cursor = { file: (next ?? first).name, offset: 0 };
    } else if (first !== undefined) {
      this.cursor = { file: first.name, offset: 0 };
    }
  }

  private async saveCursor(): Promise<void> {
    const temp = `${this.cursorPath}.tmp`;
    const text = JSON.stringify({ ...this.cursor, dropped: this.unreported });
    const handle = await open(temp, 'w', 0o600);
    try {
      await handle.writeFile(text);
      await handle.sync();
    } catch (error) {
      // A full disk: the previous cursor stays, and no torn temp file.
      await handle.close();
      await rm(temp, { force: true });
      throw error;
    }
    await handle.close();
    await rename(temp, this.cursorPath);
  }

  private serialize<T>(task: () => Promise<T>): Promise<T> {
    const run = this.chain.then(task, task);
    this.chain = run.catch((error: unknown) => {
      this.options.logger.error({ err: error }, 'decision log failed');
    });

    return run;
  }
}

/** `buffer`, or a larger copy of its first `used` bytes, with `room` free. */
function withRoom(buffer: Buffer, used: number, room: number): Buffer {
  if (buffer.length - used >= room) return buffer;

  const larger = Buffer.allocUnsafe(Math.max(buffer.length * 2, used + room));
  buffer.copy(larger, 0, 0, used);

  return larger;
}

/** Line ends among the first `end` bytes of `bytes`. */
function newlinesIn(bytes: Buffer, end: number): number {
  let lines = 0;
  for (let at = bytes.indexOf(0x0a); at !== -1 && at < end;) {
    lines += 1;
    at = bytes.indexOf(0x0a, at + 1);
  }

  return lines;
}

/** A write that failed after `lines` whole lines reached the file. */
class PartialWriteError extends Error {
  constructor(
    readonly lines: number,
    cause: unknown,
  ) {
    super('decision log write failed', { cause });
  }
}
