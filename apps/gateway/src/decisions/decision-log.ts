import {
  closeSync,
  fstatSync,
  ftruncateSync,
  openSync,
  writeSync,
} from 'node:fs';
import { mkdir, open, readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';

import type { Logger } from '@cellplane/telemetry';

import type { Runner } from '../runner';
import type { PolicyMetrics } from '../telemetry/policy-metrics';
import { countLines } from './count-lines';
import {
  readSavedCursor,
  saveCursor,
  type DecisionCursor,
} from './decision-cursor';
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
  /**
   * The files of a worker index the gateway no longer runs, opened only
   * to ship them: no appends, no new file.
   */
  readonly adopted?: boolean;
}

/** Work that waits for a decision's line to be written (or counted). */
export interface DecisionWaiter {
  /** Called once; must not throw. */
  decisionWritten(): void;
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
 * the cursor up to offset `to`. `lost` when its file was deleted (the
 * bound) or vanished meanwhile: its lines were then added to the
 * unreported drops and saved, and leave them again if the batch is
 * committed after all.
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
  /** Lines of it the cursor has passed in this process (shipped, skipped). */
  passed: number;
}

const FILE_NAME = /^(.+)-(\d{10})\.ndjson$/;

const DROP_LOG_INTERVAL_MS = 5000;

/** How soon a drop's count is saved with the cursor. */
const DROP_SAVE_MS = 1000;

/** The batch buffer's usual size; a larger batch gets a larger one once. */
const BATCH_BYTES = 64 * 1024;

/** A batch this large is written at once, whatever the tick. */
const BATCH_LIMIT = 256 * 1024;

/** How long the log waits before it tries to start a file again. */
const OPEN_RETRY_MS = 1000;

/**
 * The gateway's local decision log: NDJSON files
 * `<dir>/<prefix>-<seq>.ndjson`, rotated at `fileBytes`, at most
 * `maxBytes` in all. `append` encodes its line into the tick's batch;
 * the batch goes to the page cache in one `write` at the end of the tick
 * (`setImmediate`), or at once when `ensureWritten` asks for a line of it.
 * The request path sends a request upstream only once its decision is
 * written (`whenWritten`), and calls `ensureWritten` before it answers
 * one itself, so a decision is in the kernel's hands before its request
 * reaches a cell or is answered: a worker killed outright (SIGKILL, the
 * OOM killer) loses none of the decisions whose requests had any effect,
 * where a queue written on a timer would lose its last tens of
 * milliseconds uncounted. One write serves every
 * decision of a busy tick. Whole lines only: a write that fails part way
 * is cut back to the last line end.
 *
 * Nothing is lost silently. At each rotation the oldest files go until
 * the closed ones and a full new file fit the bound, and their unshipped
 * lines are counted as dropped (metric, and the next batch's `dropped`);
 * so are the lines of a file that vanished from the disk (its directory
 * removed) and decisions that could not be written. The count is saved
 * with the cursor within a second of a drop, and before the bound deletes
 * a file. The shipper reads from a durable cursor (file and offset, saved
 * after the control plane acknowledged) and the files it has passed are
 * deleted.
 *
 * Appends and rotations are synchronous; everything else that touches the
 * files (the bound, reads, commits, a vanished file) runs one at a time
 * on one promise chain.
 */
export class DecisionLog implements Runner {
  readonly name = 'decision-log';

  private readonly files: LogFile[] = [];

  /** The newest file, which appends go to; null while none can be opened. */
  private fd: number | null = null;

  private seq = 0;

  private cursor: DecisionCursor = { file: '', offset: 0 };

  /** Drops not yet reported to the control plane. */
  private unreported = 0;

  /** The batch `read` handed out and nobody committed yet. */
  private inFlight: InFlight | null = null;

  /** This tick's lines, encoded, not yet written. */
  private batch: Buffer = Buffer.allocUnsafe(BATCH_BYTES);

  /** Where each line of the batch ends, so a run never splits a line. */
  private readonly batchEnds: number[] = [];

  /** Sequence of the last line appended (written, pending or dropped). */
  private appended = 0;

  private flushQueued = false;

  /** What waits for the batch's write, in the order it asked. */
  private waiters: DecisionWaiter[] = [];

  /** Until when starting a file waits after it failed. */
  private openRetryAt = 0;

  /** Set while writes fail: the next append starts a new file. */
  private writeError: string | null = null;

  private saveTimer: NodeJS.Timeout | null = null;

  private chain: Promise<unknown> = Promise.resolve();

  private closed = false;

  /** Set once `start` has read the directory and the saved cursor. */
  private opened = false;

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
      this.files.push({ name, size: info.size, lines: undefined, passed: 0 });
      this.seq = Math.max(this.seq, Number(match[2]));
    }

    await this.restoreCursor();
    this.opened = true;
    if (this.options.adopted !== true) this.openNext();
    // Files of an earlier run may already be past the bound.
    this.inBackground(() => this.keepBound());
  }

  /**
   * Adds one decision's line to the tick's batch and returns its sequence
   * for `ensureWritten`; called on the request path. Never throws: a
   * decision that cannot be written is counted.
   */
  append(entry: DecisionEntry): number {
    this.appended += 1;
    if (this.closed) {
      this.drop(1, 'log closed');

      return this.appended;
    }

    this.encode(entry);
    if (this.batchBytes() >= BATCH_LIMIT) {
      this.flush();
    } else if (!this.flushQueued) {
      this.flushQueued = true;
      setImmediate(this.flushQueuedBatch);
    }

    return this.appended;
  }

  /**
   * Writes the batch now if the line of sequence `seq` is still in it:
   * called before a request's answer leaves, so its decision is on the
   * page cache first.
   */
  ensureWritten(seq: number): void {
    if (seq > this.settledThrough()) this.flush();
  }

  /**
   * Runs `waiter` once the line of sequence `seq` is written or counted as
   * dropped: at once when it already is, else right after the batch's
   * write. The request path sends nothing upstream before then.
   */
  whenWritten(seq: number, waiter: DecisionWaiter): void {
    if (seq <= this.settledThrough()) {
      waiter.decisionWritten();

      return;
    }
    this.waiters.push(waiter);
  }

  /** Bytes in the batch: where its last line ends. */
  private batchBytes(): number {
    return this.batchEnds.at(-1) ?? 0;
  }

  /** Sequence of the last line written or counted as dropped. */
  private settledThrough(): number {
    return this.appended - this.batchEnds.length;
  }

  private readonly flushQueuedBatch = (): void => {
    this.flushQueued = false;
    this.flush();
  };

  /**
   * Writes the batch to the newest file, in runs that keep each file
   * within `fileBytes` (a line longer than that gets a file of its own),
   * starting a new file when the current one is full, failed, or absent.
   * Lines that find no file, or whose write fails, are counted as dropped.
   */
  private flush(): void {
    const lines = this.batchEnds.length;
    if (lines === 0) return;

    let start = 0;
    let line = 0;
    while (line < lines) {
      const size = this.fd === null ? 0 : this.files.at(-1)!.size;
      const first = this.batchEnds[line]!;
      if (
        this.fd === null ||
        this.writeError !== null ||
        (size > 0 && size + first - start > this.options.fileBytes)
      ) {
        this.rotate();
      }

      let end = line + 1;
      if (this.fd === null) {
        this.drop(lines - line, 'no file to write');
        break;
      }
      const room = this.options.fileBytes - this.files.at(-1)!.size;
      while (end < lines && this.batchEnds[end]! - start <= room) end += 1;

      this.writeRun(start, this.batchEnds[end - 1]!, end - line);
      start = this.batchEnds[end - 1]!;
      line = end;
    }

    this.batchEnds.length = 0;
    // One oversized batch does not keep its buffer.
    if (this.batch.length > BATCH_BYTES) {
      this.batch = Buffer.allocUnsafe(BATCH_BYTES);
    }

    this.wake();
  }

  /** Runs what waited for the batch just written. */
  private wake(): void {
    if (this.waiters.length === 0) return;

    const waiters = this.waiters;
    this.waiters = [];
    for (const waiter of waiters) {
      try {
        waiter.decisionWritten();
      } catch (error) {
        this.options.logger.error({ err: error }, 'decision waiter failed');
      }
    }
  }

  /**
   * Resolves once the work queued behind the writes (the bound, shipping
   * reads and commits) is done.
   */
  settled(): Promise<void> {
    this.flush();

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
   * Up to `maxLines` complete lines and `maxBytes` bytes from the cursor;
   * no lines but the unreported drops when only those wait; null when
   * nothing does. Files wholly shipped are deleted on the way; a torn
   * last line of a closed file (a crash mid-write) is skipped and counted
   * as dropped.
   */
  read(maxLines: number, maxBytes: number): Promise<DecisionChunk | null> {
    this.flush();

    return this.serialize(async () => {
      this.settleInFlight();
      await this.checkCurrentFile();

      for (;;) {
        const index = this.files.findIndex((f) => f.name >= this.cursor.file);
        const file = this.files[index];
        if (file === undefined) return this.dropsOnly();
        if (file.name !== this.cursor.file) {
          // Its file went past the bound while a batch was on the way.
          this.cursor = { file: file.name, offset: 0 };
        }

        const isCurrent = index === this.files.length - 1 && this.fd !== null;
        if (this.cursor.offset >= file.size) {
          if (isCurrent) return this.dropsOnly();
          await this.advancePast(index);
          continue;
        }

        const chunk = await this.readFrom(file, isCurrent, maxLines, maxBytes);
        if (chunk === 'wait') return this.dropsOnly();
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

  /** Drops waiting to be reported with no line to carry them. */
  private dropsOnly(): DecisionChunk | null {
    if (this.unreported === 0) return null;

    return { lines: [], next: this.cursor, dropped: this.unreported };
  }

  /**
   * Moves the cursor past a shipped chunk and saves it; `reported` drops
   * were sent with it. Called after the control plane answered 200.
   */
  commit(next: DecisionCursor, reported: number): Promise<void> {
    return this.serialize(async () => {
      const inFlight = this.inFlight;
      this.inFlight = null;
      if (inFlight?.lost === true) {
        // Counted as dropped when its file went; stored after all.
        this.unreported -= inFlight.lines;
      }
      const file = this.files.find((f) => f.name === next.file);
      // A file deleted meanwhile already moved the cursor.
      if (file !== undefined) {
        this.cursor = next;
        file.passed += inFlight?.lines ?? 0;
      }
      this.unreported = Math.max(0, this.unreported - reported);
      // Stored whatever happens to the save: a cursor that cannot be saved
      // now is saved by the retry, or costs duplicates after a restart.
      await this.persistCursorIfPossible();
    });
  }

  /** Counts decisions lost outside the log (refused by the control plane). */
  addDropped(count: number, why: string): void {
    this.drop(count, why);
  }

  async close(): Promise<void> {
    this.flush();
    this.closed = true;
    if (this.saveTimer !== null) clearTimeout(this.saveTimer);
    this.saveTimer = null;

    await this.serialize(async () => {
      this.settleInFlight();
      closeQuietly(this.fd, this.options.logger);
      this.fd = null;
      if (this.files.length > 0) await this.persistCursorIfPossible();
    });
  }

  /**
   * A batch read and never committed was not stored (its post failed): if
   * its file went meanwhile, its lines, already among the unreported
   * drops, are counted in the metric now.
   */
  private settleInFlight(): void {
    if (this.inFlight?.lost === true) {
      this.countDropped(this.inFlight.lines, 'log full');
    }
    this.inFlight = null;
  }

  private drop(count: number, why: string): void {
    if (count <= 0) return;
    this.unreported += count;
    this.countDropped(count, why);
  }

  /** The metric and the log line of `count` drops; saved soon after. */
  private countDropped(count: number, why: string): void {
    this.options.metrics.dropped.inc(count);
    this.saveSoon();

    // One line per burst: a failing disk drops on every request.
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

  /**
   * Saves the unreported drops within a second, so a worker killed before
   * they are shipped still reports them; a save that fails (a full disk)
   * is tried again each second until one succeeds.
   */
  private saveSoon(): void {
    if (this.saveTimer !== null || this.closed || !this.opened) return;

    this.saveTimer = setTimeout(() => {
      this.saveTimer = null;
      this.inBackground(() => this.persistCursorIfPossible());
    }, DROP_SAVE_MS);
    this.saveTimer.unref();
  }

  /** Encodes `entry`'s line at the end of the batch. */
  private encode(entry: DecisionEntry): void {
    const head = decisionHead(entry, this.options.gatewayId);
    // UTF-8 takes at most 3 bytes per UTF-16 unit.
    const room = (head.length + entry.inputJson.length + 2) * 3;
    const used = this.batchBytes();
    if (this.batch.length - used < room) {
      const larger = Buffer.allocUnsafe(
        Math.max(this.batch.length * 2, used + room),
      );
      this.batch.copy(larger, 0, 0, used);
      this.batch = larger;
    }

    // Written straight into the buffer: the input's text, the largest
    // part, is copied as it is rather than joined into a new string.
    let at = used;
    at += this.batch.write(head, at);
    at += this.batch.write(entry.inputJson, at);
    at += this.batch.write(DECISION_LINE_END, at);
    this.batchEnds.push(at);
  }

  /** Appends `lines` whole lines, batch bytes `from` to `to`, in one go. */
  private writeRun(from: number, to: number, lines: number): void {
    const file = this.files.at(-1)!;
    let written = 0;
    try {
      while (from + written < to) {
        const count = writeSync(
          this.fd!,
          this.batch,
          from + written,
          to - from - written,
        );
        if (count === 0) throw new Error('decision log write stalled');
        written += count;
      }
    } catch (error) {
      this.cutTornLine(file, written);
      this.writeFailed(error, lines);

      return;
    }

    file.size += written;
    if (file.lines !== undefined) file.lines += lines;
    if (this.writeError !== null) {
      this.options.logger.info(
        { previous: this.writeError },
        'decision log writes again',
      );
      this.writeError = null;
    }
  }

  /**
   * After a write failed with `written` bytes of its run in the file,
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

  private writeFailed(error: unknown, lines: number): void {
    const code = (error as NodeJS.ErrnoException).code ?? 'EIO';
    if (this.writeError === null) {
      this.options.logger.error({ err: error }, 'decision log write failed');
    }
    this.writeError = code;
    this.drop(lines, `write failed (${code})`);
  }

  /**
   * Starts the next file and queues the bound: when the current one is
   * full, when writes to it failed (another file may be writable), or
   * when there is none. A file that cannot be opened is tried again a
   * second later; meanwhile a current file that still exists takes the
   * appends past `fileBytes`, and one that vanished (its directory
   * removed) is given up, its lines counted, so that no decision goes
   * into a file nobody can read.
   */
  private rotate(): void {
    const now = Date.now();
    if (now < this.openRetryAt) return;

    const previous = this.fd;
    try {
      this.openNext();
    } catch (error) {
      this.options.logger.error({ err: error }, 'decision log rotation failed');
      this.openRetryAt = now + OPEN_RETRY_MS;
      if (previous !== null && !isLinked(previous)) this.giveUpCurrent(error);

      return;
    }
    if (this.writeError !== null) this.openRetryAt = now + OPEN_RETRY_MS;
    closeQuietly(previous, this.options.logger);
    this.inBackground(() => this.keepBound());
  }

  /** Opens the next file for appends; the caller closes the previous. */
  private openNext(): void {
    const seq = this.seq + 1;
    const name = `${this.options.prefix}-${String(seq).padStart(10, '0')}.ndjson`;
    this.fd = openSync(join(this.options.dir, name), 'a', 0o600);
    this.seq = seq;
    this.files.push({ name, size: 0, lines: 0, passed: 0 });
    if (this.cursor.file === '') this.cursor = { file: name, offset: 0 };
  }

  /**
   * The current file is no longer on the disk: appends stop going to it
   * (until a new file can be opened) and its lines are counted as lost.
   */
  private giveUpCurrent(cause: unknown): void {
    const file = this.files.at(-1)!;
    closeQuietly(this.fd, this.options.logger);
    this.fd = null;
    this.inBackground(() => this.forget(file, cause));
  }

  /** On each shipping pass: has the current file vanished? */
  private async checkCurrentFile(): Promise<void> {
    if (this.fd === null || isLinked(this.fd)) return;

    const error = new Error('the current decision log file was removed');
    const file = this.files.at(-1)!;
    closeQuietly(this.fd, this.options.logger);
    this.fd = null;
    await this.forget(file, error);
  }

  /**
   * Takes a file that vanished from the disk off the list; its unshipped
   * lines are counted as dropped when this process knows them (it wrote
   * the file), and a batch of it on its way is settled like one whose
   * file the bound deleted.
   */
  private async forget(file: LogFile, cause: unknown): Promise<void> {
    const index = this.files.indexOf(file);
    if (index === -1) return;

    const unshipped =
      file.lines === undefined ? null : this.knownUnshipped(file);
    this.loseUnshipped(file, unshipped ?? 0, 'lost');
    this.options.logger.error(
      { err: cause, file: file.name, unshipped: unshipped ?? 'unknown' },
      'decision log file vanished',
    );

    this.files.splice(index, 1);
    if (this.cursor.file === file.name) {
      // Without a later file yet, the name keeps the files before it
      // (shipped already) behind the cursor; the next file sorts after it.
      this.cursor = { file: this.files[index]?.name ?? file.name, offset: 0 };
    }
    await this.persistCursorIfPossible();
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
      this.loseUnshipped(oldest, await this.unshippedLines(oldest), 'full');

      if (this.cursor.file === oldest.name) {
        this.cursor = { file: this.files[1]!.name, offset: 0 };
      }
      await this.persistCursorIfPossible();

      await rm(join(this.options.dir, oldest.name), { force: true });
      this.files.shift();
      closedBytes -= oldest.size;
    }
  }

  /**
   * Counts `unshipped` lines of `file` as dropped. Those of a batch on its
   * way are only added to the unreported drops (saved next): the metric
   * counts them if the batch fails, and a commit takes them back.
   */
  private loseUnshipped(
    file: LogFile,
    unshipped: number,
    how: 'full' | 'lost',
  ): void {
    const inFlight = this.inFlight?.file === file.name ? this.inFlight : null;
    if (inFlight !== null && !inFlight.lost) {
      inFlight.lost = true;
      this.unreported += inFlight.lines;
    }
    const onTheWay = inFlight?.lines ?? 0;
    this.drop(unshipped - onTheWay, how === 'full' ? 'log full' : 'file lost');
  }

  /** Lines of `file` at or after the cursor, a batch on its way included. */
  private async unshippedLines(file: LogFile): Promise<number> {
    const order = file.name.localeCompare(this.cursor.file);
    if (order < 0) return 0;
    if (file.lines !== undefined) return this.knownUnshipped(file);

    try {
      return await countLines(
        join(this.options.dir, file.name),
        order === 0 ? this.cursor.offset : 0,
      );
    } catch (error) {
      // Gone from under the log: what it held cannot be known.
      this.options.logger.error(
        { err: error, file: file.name },
        'decision log file vanished, its lines were not counted',
      );

      return 0;
    }
  }

  /** For a file this process wrote: the lines the cursor has not passed. */
  private knownUnshipped(file: LogFile): number {
    const order = file.name.localeCompare(this.cursor.file);
    if (order < 0) return 0;

    return order > 0 ? file.lines! : file.lines! - file.passed;
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
    try {
      const handle = await open(join(this.options.dir, file.name), 'r');
      try {
        await handle.read(buffer, 0, length, offset);
      } finally {
        await handle.close();
      }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      if (isCurrent) {
        closeQuietly(this.fd, this.options.logger);
        this.fd = null;
      }
      await this.forget(file, error);

      return 'skipped';
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
      file.passed += 1;
      await this.persistCursor();

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
    this.cursor = { file: this.files[index]?.name ?? file.name, offset: 0 };
    await this.persistCursor();
  }

  private async restoreCursor(): Promise<void> {
    const saved = await readSavedCursor(this.cursorPath, (reason) =>
      this.options.logger.warn(
        { err: reason, file: this.cursorPath },
        'decision cursor unreadable, shipping from the oldest file',
      ),
    );
    this.unreported = saved.dropped;

    const first = this.files[0];
    if (first === undefined) return;

    const file = this.files.find((f) => f.name === saved.file);
    if (file !== undefined && saved.offset <= file.size) {
      this.cursor = { file: file.name, offset: saved.offset };
    } else if (file !== undefined) {
      // Past the end of its file: damaged. Shipping the file again costs
      // duplicates the control plane stores once; skipping it, decisions.
      this.options.logger.warn(
        { file: file.name, offset: saved.offset, size: file.size },
        'decision cursor past the end of its file, shipping it again',
      );
      this.cursor = { file: file.name, offset: 0 };
    } else if (saved.file !== null) {
      // The cursor's file is gone (shipped, or dropped past the bound):
      // resume at the first file after it.
      const next = this.files.find((f) => f.name > saved.file!);
      this.cursor = { file: (next ?? first).name, offset: 0 };
    } else {
      this.cursor = { file: first.name, offset: 0 };
    }
  }

  private persistCursor(): Promise<void> {
    return saveCursor(this.cursorPath, {
      ...this.cursor,
      dropped: this.unreported,
    });
  }

  /**
   * Where a failed save must not stop the work (a commit, the bound, a
   * vanished file, closing): on a full disk freeing it comes first, and
   * the count stays in memory, saved by a retry each second.
   */
  private async persistCursorIfPossible(): Promise<void> {
    try {
      await this.persistCursor();
    } catch (error) {
      this.options.logger.warn({ err: error }, 'decision cursor not saved');
      this.saveSoon();
    }
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

/** Whether the file open at `fd` still has a name on the disk. */
function isLinked(fd: number): boolean {
  try {
    return fstatSync(fd).nlink > 0;
  } catch {
    return false;
  }
}

function closeQuietly(fd: number | null, logger: Logger): void {
  if (fd === null) return;

  try {
    closeSync(fd);
  } catch (error) {
    // Its lines were written; only the descriptor is lost.
    logger.warn({ err: error }, 'decision log close failed');
  }
}
