import { closeSync, ftruncateSync, openSync, writeSync } from 'node:fs';
import {
  mkdir,
  open,
  readdir,
  readFile,
  rename,
  rm,
  stat,
} from 'node:fs/promises';
import { join } from 'node:path';

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

/** The line buffer's usual size; a larger decision gets a larger one once. */
const LINE_BYTES = 16 * 1024;

/** How long a log that could not start its next file waits to try again. */
const ROTATE_RETRY_MS = 1000;

/** Read size when counting the lines of a file dropped past the bound. */
const COUNT_CHUNK_BYTES = 64 * 1024;

/**
 * The gateway's local decision log: NDJSON files
 * `<dir>/<prefix>-<seq>.ndjson`, rotated at `fileBytes`, at most
 * `maxBytes` in all. `append` writes its line at once, one `write` to
 * the page cache (about 1.5 µs): a decision is in the kernel's hands
 * before its request is answered, so a worker killed outright (SIGKILL,
 * the OOM killer) loses none of the decisions it made, where a queue
 * written on a timer would lose its last tens of milliseconds uncounted.
 * Whole lines only: a write that fails part way is cut back to the last
 * line end.
 *
 * At each rotation the oldest files go until the closed ones and a full
 * new file fit the bound; the unshipped decisions in them are counted as
 * dropped (metric, and the next batch's `dropped`), never silently, and
 * the count is saved before the file is deleted. The shipper reads from a
 * durable cursor (file and offset, saved after the control plane
 * acknowledged) and the files it has passed are deleted.
 *
 * Appends and rotations are synchronous; everything else that touches the
 * files (the bound, reads, commits) runs one at a time on one promise
 * chain, and only ever removes files from the front of the list.
 */
export class DecisionLog implements Runner {
  readonly name = 'decision-log';

  private readonly files: LogFile[] = [];

  /** The newest file, which appends go to. */
  private fd: number | null = null;

  private seq = 0;

  private cursor: DecisionCursor = { file: '', offset: 0 };

  /** Drops not yet reported to the control plane. */
  private unreported = 0;

  /** The batch `read` handed out and nobody committed yet. */
  private inFlight: InFlight | null = null;

  private line: Buffer = Buffer.allocUnsafe(LINE_BYTES);

  /** Until when rotation waits after it failed to open a file. */
  private rotateRetryAt = 0;

  /** Set while writes fail, so the failure is logged once, not per line. */
  private writeError: string | null = null;

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
    this.openNext();
    // Files of an earlier run may already be past the bound.
    this.inBackground(() => this.keepBound());
  }

  /**
   * Writes one decision's line before returning; called on the request
   * path. Never throws: a decision that cannot be written is counted.
   */
  append(entry: DecisionEntry): void {
    if (this.closed || this.fd === null) {
      this.drop(1, 'log closed');

      return;
    }

    const bytes = this.encode(entry);
    const size = this.files.at(-1)!.size;
    if (size > 0 && size + bytes > this.options.fileBytes) this.rotate();
    this.writeLine(bytes);
  }

  /**
   * Resolves once the work queued behind the writes (the bound, shipping
   * reads and commits) is done.
   */
  settled(): Promise<void> {
    return this.serialize(async () => undefined);
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
    this.closed = true;

    await this.serialize(async () => {
      this.settleInFlight();
      if (this.fd === null) return;
      closeSync(this.fd);
      this.fd = null;
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

  /** Encodes `entry`'s line into `this.line`; returns its byte length. */
  private encode(entry: DecisionEntry): number {
    const head = decisionHead(entry, this.options.gatewayId);
    // UTF-8 takes at most 3 bytes per UTF-16 unit.
    const room = (head.length + entry.inputJson.length + 2) * 3;
    if (this.line.length < room) this.line = Buffer.allocUnsafe(room);

    // Written straight into the buffer: the input's text, the largest
    // part, is copied as it is rather than joined into a new string.
    let bytes = this.line.write(head, 0);
    bytes += this.line.write(entry.inputJson, bytes);
    bytes += this.line.write(DECISION_LINE_END, bytes);

    return bytes;
  }

  /** Appends the first `bytes` of `this.line` to the newest file. */
  private writeLine(bytes: number): void {
    const file = this.files.at(-1)!;
    let written = 0;
    try {
      while (written < bytes) {
        const count = writeSync(this.fd!, this.line, written, bytes - written);
        if (count === 0) throw new Error('decision log write stalled');
        written += count;
      }
    } catch (error) {
      this.cutTornLine(file, written);
      this.writeFailed(error);

      return;
    } finally {
      // One oversized decision does not keep its buffer.
      if (this.line.length > LINE_BYTES) {
        this.line = Buffer.allocUnsafe(LINE_BYTES);
      }
    }

    file.size += bytes;
    if (file.lines !== undefined) file.lines += 1;
    if (this.writeError !== null) {
      this.options.logger.info(
        { previous: this.writeError },
        'decision log writes again',
      );
      this.writeError = null;
    }
  }

  /**
   * After a write failed with `written` bytes of its line in the file,
   * cuts them off, so the next line does not continue a torn one. When
   * that fails too the torn bytes stay, and the lines of the file are
   * counted on disk from then on (a reader skips and counts a torn line).
   */
  private cutTornLine(file: LogFile, written: number): void {
    if (written === 0) return;

    try {
      ftruncateSync(this.fd!, file.size);
    } catch {
      file.size += written;
      file.lines = undefined;
    }
  }

  private writeFailed(error: unknown): void {
    const code = (error as NodeJS.ErrnoException).code ?? 'EIO';
    if (this.writeError === null) {
      this.options.logger.error({ err: error }, 'decision log write failed');
    }
    this.writeError = code;
    this.drop(1, `write failed (${code})`);
  }

  /**
   * Starts the next file and queues the bound. A file that cannot be
   * opened (no inodes, the directory gone) leaves appends going to the
   * current one, past `fileBytes`, and is tried again a second later.
   */
  private rotate(): void {
    const now = Date.now();
    if (now < this.rotateRetryAt) return;

    const previous = this.fd;
    try {
      this.openNext();
    } catch (error) {
      this.options.logger.error({ err: error }, 'decision log rotation failed');
      this.rotateRetryAt = now + ROTATE_RETRY_MS;

      return;
    }
    try {
      if (previous !== null) closeSync(previous);
    } catch (error) {
      // Its lines were written; only the descriptor is lost.
      this.options.logger.warn({ err: error }, 'decision log close failed');
    }
    this.inBackground(() => this.keepBound());
  }

  /**
   * Deletes the oldest files until the closed ones and a full newest file
   * fit `maxBytes`. Each file's unshipped lines are counted as dropped,
   * and the count and the cursor past it saved, before the file goes: a
   * process killed in between finds the count and skips the file.
   */
  private async keepBound(): Promise<void> {
    const { fileBytes, maxBytes } = this.options;
    let closedBytes = this.files
      .slice(0, -1)
      .reduce((sum, f) => sum + f.size, 0);

    while (closedBytes + fileBytes > maxBytes && this.files.length > 1) {
      const oldest = this.files[0]!;
      const unshipped = await this.unshippedLines(oldest);

      if (this.cursor.file === oldest.name) {
        this.cursor = { file: this.files[1]!.name, offset: 0 };
      }
      this.drop(unshipped, 'log full');
      try {
        await this.saveCursor();
      } catch (error) {
        // A full disk: freeing it comes first. The count stays in memory
        // and is saved with the next cursor.
        this.options.logger.warn(
          { err: error },
          'decision cursor not saved, deleting the file anyway',
        );
      }

      await rm(join(this.options.dir, oldest.name), { force: true });
      this.files.shift();
      closedBytes -= oldest.size;
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

  /** Opens the next file for appends; the caller closes the previous. */
  private openNext(): void {
    const seq = this.seq + 1;
    const name = `${this.options.prefix}-${String(seq).padStart(10, '0')}.ndjson`;
    this.fd = openSync(join(this.options.dir, name), 'a', 0o600);
    this.seq = seq;
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

  /** Runs `task` on the chain, which logs its failure; never rejects. */
  private inBackground(task: () => Promise<void>): void {
    this.serialize(task).catch(() => undefined);
  }

  private serialize<T>(task: () => Promise<T>): Promise<T> {
    const run = this.chain.then(task, task);
    this.chain = run.catch((error: unknown) => {
      this.options.logger.error({ err: error }, 'decision log failed');
    });

    return run;
  }
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
