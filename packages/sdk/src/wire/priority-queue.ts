// A real priority queue with a concurrency limit for the axon's forwards. bittensor computes a priority
// and then submits a trivial task with a random priority (threadpool.py), so priority never orders
// anything there; here at most `concurrency` tasks run, the rest wait in a max-heap by priority (FIFO
// among equals), a full queue refuses new tasks, and a waiting task gives up at its deadline.
import { QueueRejectedError, WireConfigError } from './errors.js';

interface Entry {
  readonly priority: number;
  readonly seq: number;
  readonly start: () => void;
  readonly reject: (e: Error) => void;
  timer: NodeJS.Timeout | undefined;
  settled: boolean;
}

export interface PriorityQueueOptions {
  /** Tasks running at once (≥ 1). */
  readonly concurrency: number;
  /** Tasks allowed to wait (≥ 0); more are refused with QueueRejectedError('full'). */
  readonly maxQueued: number;
}

export class PriorityQueue {
  readonly concurrency: number;
  readonly maxQueued: number;
  #running = 0;
  #seq = 0;
  #closed = false;
  readonly #heap: Entry[] = [];

  constructor(options: PriorityQueueOptions) {
    if (!Number.isInteger(options.concurrency) || options.concurrency < 1) {
      throw new WireConfigError(
        `concurrency: expected an integer ≥ 1, got ${options.concurrency}`,
        'concurrency',
      );
    }
    if (!Number.isInteger(options.maxQueued) || options.maxQueued < 0) {
      throw new WireConfigError(`maxQueued: expected an integer ≥ 0, got ${options.maxQueued}`, 'maxQueued');
    }
    this.concurrency = options.concurrency;
    this.maxQueued = options.maxQueued;
  }

  get running(): number {
    return this.#running;
  }

  get queued(): number {
    return this.#heap.length;
  }

  /**
   * Runs `task` when a slot is free, higher `priority` first. `waitMs` bounds the time spent waiting
   * (not running). Rejects with QueueRejectedError when full, timed out or closed.
   */
  run<T>(priority: number, task: () => Promise<T> | T, waitMs?: number): Promise<T> {
    if (this.#closed) return Promise.reject(new QueueRejectedError('closed', 'queue: closed'));
    const p = Number.isFinite(priority) ? priority : priority > 0 ? Number.MAX_VALUE : -Number.MAX_VALUE;
    return new Promise<T>((resolve, reject) => {
      const execute = (): void => {
        this.#running += 1;
        let result: Promise<T>;
        try {
          result = Promise.resolve(task());
        } catch (e) {
          result = Promise.reject(e instanceof Error ? e : new Error(String(e)));
        }
        result.then(resolve, reject).finally(() => {
          this.#running -= 1;
          this.#drain();
        });
      };
      if (this.#running < this.concurrency && this.#heap.length === 0) {
        execute();
        return;
      }
      if (this.#heap.length >= this.maxQueued) {
        reject(
          new QueueRejectedError(
            'full',
            `queue: ${this.#heap.length} tasks already waiting (limit ${this.maxQueued})`,
          ),
        );
        return;
      }
      const entry: Entry = {
        priority: p,
        seq: this.#seq++,
        start: execute,
        reject,
        timer: undefined,
        settled: false,
      };
      if (waitMs !== undefined && Number.isFinite(waitMs)) {
        entry.timer = setTimeout(
          () => {
            if (entry.settled) return;
            entry.settled = true;
            this.#remove(entry);
            reject(new QueueRejectedError('timeout', `queue: waited ${waitMs} ms without a free slot`));
          },
          Math.max(0, waitMs),
        );
      }
      this.#push(entry);
    });
  }

  /** Refuses new tasks and rejects the waiting ones; running tasks finish. */
  close(): void {
    this.#closed = true;
    for (const e of this.#heap.splice(0)) {
      if (e.timer !== undefined) clearTimeout(e.timer);
      e.settled = true;
      e.reject(new QueueRejectedError('closed', 'queue: closed'));
    }
  }

  #drain(): void {
    while (this.#running < this.concurrency && this.#heap.length > 0) {
      const e = this.#pop();
      if (e === undefined || e.settled) continue;
      e.settled = true;
      if (e.timer !== undefined) clearTimeout(e.timer);
      e.start();
    }
  }

  // Max-heap on (priority, -seq).
  #before(a: Entry, b: Entry): boolean {
    return a.priority > b.priority || (a.priority === b.priority && a.seq < b.seq);
  }

  #push(e: Entry): void {
    const h = this.#heap;
    h.push(e);
    let i = h.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.#before(h[i] as Entry, h[parent] as Entry)) break;
      [h[i], h[parent]] = [h[parent] as Entry, h[i] as Entry];
      i = parent;
    }
  }

  #pop(): Entry | undefined {
    const h = this.#heap;
    const top = h[0];
    const last = h.pop();
    if (h.length > 0 && last !== undefined) {
      h[0] = last;
      this.#siftDown(0);
    }
    return top;
  }

  #siftDown(start: number): void {
    const h = this.#heap;
    let i = start;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < h.length && this.#before(h[l] as Entry, h[m] as Entry)) m = l;
      if (r < h.length && this.#before(h[r] as Entry, h[m] as Entry)) m = r;
      if (m === i) return;
      [h[i], h[m]] = [h[m] as Entry, h[i] as Entry];
      i = m;
    }
  }

  #remove(e: Entry): void {
    const i = this.#heap.indexOf(e);
    if (i < 0) return;
    const last = this.#heap.pop() as Entry;
    if (i < this.#heap.length) {
      this.#heap[i] = last;
      this.#siftDown(i);
      // The moved entry may also need to go up.
      let j = i;
      while (j > 0) {
        const parent = (j - 1) >> 1;
        if (!this.#before(this.#heap[j] as Entry, this.#heap[parent] as Entry)) break;
        [this.#heap[j], this.#heap[parent]] = [this.#heap[parent] as Entry, this.#heap[j] as Entry];
        j = parent;
      }
    }
  }
}
