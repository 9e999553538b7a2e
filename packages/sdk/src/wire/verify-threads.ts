// sr25519 verification of request signatures on worker threads. A signature check is the largest
// single cost of an axon request (≈ 40% of its CPU), and it needs nothing but the key, the message and
// the signature; so the main thread parses HTTP and answers while threads verify, and a 2-core miner
// uses both cores. Checks arriving in one turn of the event loop travel as one message (a
// postMessage per request would cost a good part of what it saves). A dendrite's requests always go
// to the same thread, so they are answered in the order they came (its nonces must increase).
// Whatever a thread cannot answer (still starting, stopped, too much in flight) resolves `undefined`
// and the caller verifies on its own thread.
import { Worker } from 'node:worker_threads';
import { WireConfigError } from './errors.js';

/** Main thread → worker: parallel arrays, one entry per check. */
export interface VerifyBatch {
  readonly ids: number[];
  readonly addresses: string[];
  readonly messages: string[];
  readonly signatures: string[];
}

/** Worker → main thread: 'ready' once loaded, then one answer per batch. */
export type VerifyAnswer = 'ready' | { readonly ids: number[]; readonly valid: boolean[] };

/** Beyond this many unanswered checks per thread, new ones are verified by the caller. */
const MAX_IN_FLIGHT = 4096;
/**
 * Checks per message. Small slices keep both threads busy: the event loop answers the first
 * requests of a burst while the thread still verifies the rest. With slices of 64 the two took
 * turns, each idle while the other worked (an axon echo under 64 concurrent callers: about 2,500
 * req/s against 3,000–3,200 with slices of 8).
 */
const BATCH = 8;

/**
 * The worker runs this package's TypeScript like the rest of the process: it registers tsx itself
 * (loader hooks given to the parent do not reach workers) when the module is TypeScript.
 */
function bootCode(): string | undefined {
  const ts = import.meta.url.endsWith('.ts');
  const entry = new URL(`./verify-thread-worker.${ts ? 'ts' : 'js'}`, import.meta.url).href;
  if (!ts) return `import(${JSON.stringify(entry)});`;
  let tsx: string;
  try {
    tsx = import.meta.resolve('tsx/esm/api');
  } catch {
    return undefined; // TypeScript sources without tsx: verify on the event loop
  }
  return `import(${JSON.stringify(tsx)}).then((t) => { t.register(); return import(${JSON.stringify(entry)}); });`;
}

interface Pending {
  readonly id: number;
  readonly address: string;
  readonly message: string;
  readonly signature: string;
}

class VerifyThread {
  readonly #worker: Worker;
  #ready = false;
  #closed = false;
  #nextId = 1;
  readonly #waiting = new Map<number, (valid: boolean | undefined) => void>();
  #batch: Pending[] = [];
  #flushScheduled = false;
  readonly #onReady: () => void;

  constructor(code: string, onReady: () => void) {
    this.#onReady = onReady;
    this.#worker = new Worker(code, { eval: true, execArgv: [] });
    this.#worker.on('message', (m: VerifyAnswer) => this.#receive(m));
    this.#worker.on('error', () => this.#fail());
    this.#worker.on('exit', () => this.#fail());
    // Referenced only while loading or answering: an idle thread never keeps a process alive.
  }

  get available(): boolean {
    return this.#ready && !this.#closed && this.#waiting.size < MAX_IN_FLIGHT;
  }

  verify(address: string, message: string, signature: string): Promise<boolean | undefined> {
    const id = this.#nextId++;
    if (this.#waiting.size === 0) this.#worker.ref();
    this.#batch.push({ id, address, message, signature });
    if (!this.#flushScheduled) {
      this.#flushScheduled = true;
      setImmediate(() => this.#flush());
    }
    return new Promise((resolve) => this.#waiting.set(id, resolve));
  }

  #flush(): void {
    this.#flushScheduled = false;
    const jobs = this.#batch;
    this.#batch = [];
    if (this.#closed) {
      for (const j of jobs) this.#settle(j.id, undefined);
      return;
    }
    for (let i = 0; i < jobs.length; i += BATCH) {
      const slice = jobs.slice(i, i + BATCH);
      this.#worker.postMessage({
        ids: slice.map((j) => j.id),
        addresses: slice.map((j) => j.address),
        messages: slice.map((j) => j.message),
        signatures: slice.map((j) => j.signature),
      } satisfies VerifyBatch);
    }
  }

  #settle(id: number, valid: boolean | undefined): void {
    const resolve = this.#waiting.get(id);
    this.#waiting.delete(id);
    if (this.#waiting.size === 0) this.#worker.unref();
    resolve?.(valid);
  }

  #receive(m: VerifyAnswer): void {
    if (m === 'ready') {
      this.#ready = true;
      if (this.#waiting.size === 0) this.#worker.unref();
      this.#onReady();
      return;
    }
    for (let i = 0; i < m.ids.length; i++) this.#settle(m.ids[i] as number, m.valid[i]);
  }

  #fail(): void {
    this.#closed = true;
    this.#worker.unref();
    this.#onReady();
    for (const resolve of this.#waiting.values()) resolve(undefined);
    this.#waiting.clear();
  }

  async close(): Promise<void> {
    this.#fail();
    await this.#worker.terminate();
  }
}

/** FNV-1a of a string: picks a dendrite's thread (stable, cheap; no need to be unpredictable). */
function spread(text: string, n: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0) % n;
}

export class VerifyThreads {
  readonly size: number;
  readonly #threads: VerifyThread[] = [];
  /** Resolves when every thread has loaded (or failed to). */
  readonly ready: Promise<void>;

  constructor(size: number) {
    if (!Number.isInteger(size) || size < 1 || size > 64) {
      throw new WireConfigError(`verifyThreads: expected an integer 0..64, got ${size}`, 'verifyThreads');
    }
    this.size = size;
    const code = bootCode();
    const loads: Promise<void>[] = [];
    // A thread that cannot start leaves its share to the caller's event loop (verify answers undefined).
    for (let i = 0; i < size && code !== undefined; i++) {
      loads.push(
        new Promise<void>((resolve) => {
          try {
            this.#threads.push(new VerifyThread(code, resolve));
          } catch {
            resolve();
          }
        }),
      );
    }
    this.ready = Promise.all(loads).then(() => undefined);
  }

  /**
   * Whether `signature` (hex) signs `message` for the SS58 `address`, as `verifyText` answers it;
   * `undefined` when no thread can answer (the caller verifies itself). `lane` (the dendrite's
   * hotkey and uuid) keeps one dendrite's checks on one thread, in order.
   */
  verify(lane: string, address: string, message: string, signature: string): Promise<boolean | undefined> {
    const n = this.#threads.length;
    const thread = this.#threads[n === 1 ? 0 : spread(lane, n)];
    if (thread === undefined || !thread.available) return Promise.resolve(undefined);
    return thread.verify(address, message, signature);
  }

  async close(): Promise<void> {
    await Promise.all(this.#threads.map((t) => t.close()));
  }
}

/**
 * Threads are shared by the axons of a process (a validator test net may run hundreds in one process)
 * and kept a moment after the last axon stops, so restarting axons (tests) does not respawn them.
 */
const KEEP_MS = 2000;
const shared = new Map<number, { threads: VerifyThreads; users: number; timer?: NodeJS.Timeout }>();

export function acquireVerifyThreads(size: number): VerifyThreads {
  let entry = shared.get(size);
  if (entry === undefined) {
    entry = { threads: new VerifyThreads(size), users: 0 };
    shared.set(size, entry);
  }
  clearTimeout(entry.timer);
  entry.users += 1;
  return entry.threads;
}

export function releaseVerifyThreads(threads: VerifyThreads): void {
  const entry = shared.get(threads.size);
  if (entry === undefined || entry.threads !== threads) return;
  entry.users -= 1;
  if (entry.users > 0) return;
  entry.timer = setTimeout(() => {
    shared.delete(threads.size);
    void threads.close();
  }, KEEP_MS);
  entry.timer.unref();
}
