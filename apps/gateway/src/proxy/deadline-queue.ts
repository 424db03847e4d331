/** Something with a deadline, linked into one queue at a time. */
export interface Expiring {
  /** `performance.now()` time at which `expire` is due. */
  deadlineAt: number;
  /** The queue's links; null while not queued. */
  previousDue: Expiring | null;
  nextDue: Expiring | null;
  expire(): void;
}

interface Queue {
  head: Expiring | null;
  tail: Expiring | null;
}

/**
 * The deadlines of requests in flight, under one timer instead of one per
 * request: `setTimeout` and `clearTimeout` cost more than a microsecond a
 * request, a linked-list append and unlink a few nanoseconds.
 *
 * Entries of one timeout arrive in deadline order, so each timeout has its
 * own queue, kept sorted by appending, and only heads are ever compared.
 * One timer is armed for the earliest head; `expire` runs at most
 * `slackMs` after the deadline, which batches the expiries of a busy
 * moment into one wake-up.
 */
export class DeadlineQueue {
  private readonly queues = new Map<number, Queue>();

  private timer: NodeJS.Timeout | null = null;

  private armedAt = Infinity;

  constructor(
    private readonly now: () => number,
    private readonly slackMs = 5,
  ) {}

  /** Queues `entry` to expire `timeoutMs` after its start. */
  add(entry: Expiring, timeoutMs: number): void {
    let queue = this.queues.get(timeoutMs);
    if (queue === undefined) {
      queue = { head: null, tail: null };
      this.queues.set(timeoutMs, queue);
    }

    entry.previousDue = queue.tail;
    entry.nextDue = null;
    if (queue.tail === null) queue.head = entry;
    else queue.tail.nextDue = entry;
    queue.tail = entry;

    if (entry.deadlineAt < this.armedAt) this.arm(entry.deadlineAt);
  }

  /** Takes `entry` out of the queue of `timeoutMs`, if it is in it. */
  remove(entry: Expiring, timeoutMs: number): void {
    const queue = this.queues.get(timeoutMs);
    if (queue === undefined) return;
    if (entry.previousDue === null && queue.head !== entry) return;

    if (entry.previousDue === null) queue.head = entry.nextDue;
    else entry.previousDue.nextDue = entry.nextDue;
    if (entry.nextDue === null) queue.tail = entry.previousDue;
    else entry.nextDue.previousDue = entry.previousDue;
    entry.previousDue = null;
    entry.nextDue = null;
  }

  private arm(at: number): void {
    if (this.timer !== null) clearTimeout(this.timer);

    this.armedAt = at;
    const delay = Math.max(0, Math.ceil(at - this.now()) + this.slackMs);
    this.timer = setTimeout(() => this.sweep(), delay);
    // Requests in flight keep the process alive through their sockets.
    this.timer.unref();
  }

  private sweep(): void {
    this.timer = null;
    this.armedAt = Infinity;
    const now = this.now();
    let next = Infinity;

    for (const [timeoutMs, queue] of this.queues) {
      while (queue.head !== null && queue.head.deadlineAt <= now) {
        const entry = queue.head;
        this.remove(entry, timeoutMs);
        entry.expire();
      }
      if (queue.head === null) this.queues.delete(timeoutMs);
      else next = Math.min(next, queue.head.deadlineAt);
    }

    if (next !== Infinity && next < this.armedAt) this.arm(next);
  }
}
