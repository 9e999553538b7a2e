// sr25519 verification of request signatures on worker threads. A signature check is the largest
// single cost of an axon request (about half of its CPU), and it needs nothing but the key, the
// message and the signature; so the main thread parses HTTP and answers while threads verify, and a
// 2-core miner uses both cores. Checks arriving in one turn of the event loop travel together, in
// slices packed as bytes in a transferred buffer: a postMessage per request, or cloning arrays of
// strings, would cost a good part of what the thread saves. A dendrite's requests always go to the
// same thread, so they are answered in the order they came (its nonces must increase). Whatever a
// thread cannot answer (still starting, stopped, too much in flight) resolves `undefined` and the
// caller verifies on its own thread.
import { Worker } from 'node:worker_threads';
import { WireConfigError } from './errors.js';
import { isSignatureHex } from './signing.js';

/**
 * Main thread → worker: `count` checks with consecutive ids from `first`, packed in `data` (its buffer
 * is transferred, not copied). Each check is a u32 (little-endian) message length, the 32-byte public
 * key, the 64-byte signature and the UTF-8 message.
 */
export interface VerifyBatch {
  readonly first: number;
  readonly count: number;
  readonly data: Uint8Array;
}

/** Worker → main thread: 'ready' once loaded, then per batch one byte per check (1 = valid). */
export type VerifyAnswer = 'ready' | { readonly first: number; readonly valid: Uint8Array };

/** Bytes of a packed check before its message: length, public key, signature. */
export const CHECK_HEADER_BYTES = 4 + 32 + 64;

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
  readonly publicKey: Uint8Array;
  readonly message: string;
  /** Hex (validated by the caller), with or without `0x`. */
  readonly signature: string;
}

/** Checks `from` to `to` (exclusive) of `jobs` packed as `VerifyBatch.data` describes. */
function pack(
  jobs: readonly Pending[],
  from: number,
  to: number,
): { bytes: Buffer<ArrayBuffer>; count: number } {
  let size = 0;
  for (let i = from; i < to; i++)
    size += CHECK_HEADER_BYTES + Buffer.byteLength((jobs[i] as Pending).message);
  const bytes = Buffer.allocUnsafeSlow(size);
  let at = 0;
  for (let i = from; i < to; i++) {
    const j = jobs[i] as Pending;
    const length = bytes.write(j.message, at + CHECK_HEADER_BYTES, 'utf8');
    bytes.writeUInt32LE(length, at);
    bytes.set(j.publicKey, at + 4);
    bytes.write(j.signature.startsWith('0x') ? j.signature.slice(2) : j.signature, at + 36, 64, 'hex');
    at += CHECK_HEADER_BYTES + length;
  }
  return { bytes, count: to - from };
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

  verify(publicKey: Uint8Array, message: string, signature: string): Promise<boolean | undefined> {
    const id = this.#nextId++;
    if (this.#waiting.size === 0) this.#worker.ref();
    this.#batch.push({ id, publicKey, message, signature });
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
      const data = pack(jobs, i, Math.min(jobs.length, i + BATCH));
      const batch: VerifyBatch = { first: (jobs[i] as Pending).id, count: data.count, data: data.bytes };
      this.#worker.postMessage(batch, [data.bytes.buffer]);
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
    for (let i = 0; i < m.valid.length; i++) this.#settle(m.first + i, m.valid[i] === 1);
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
   * Whether `signature` (hex) signs `message` for the 32-byte sr25519 `publicKey`, as `verifyText`
   * answers it; `undefined` when no thread can answer (the caller verifies itself). `lane` (the
   * dendrite's hotkey and uuid) keeps one dendrite's checks on one thread, in order.
   */
  verify(
    lane: string,
    publicKey: Uint8Array,
    message: string,
    signature: string,
  ): Promise<boolean | undefined> {
    // What verifyText refuses before any crypto needs no thread (and could not be packed).
    if (!isSignatureHex(signature) || publicKey.length !== 32) return Promise.resolve(false);
    const n = this.#threads.length;
    const thread = this.#threads[n === 1 ? 0 : spread(lane, n)];
    if (thread === undefined || !thread.available) return Promise.resolve(undefined);
    return thread.verify(publicKey, message, signature);
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
