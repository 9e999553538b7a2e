/**
 * Signature verification on a second thread. The node's own thread validates transactions,
 * builds blocks and answers RPC; sr25519 verification is the largest single cost of admitting a
 * transaction. So a submission's bytes go to this thread as the request arrives; the thread
 * decodes the extrinsic, rebuilds the signed payload (genesis hash, birth block hash, runtime
 * versions, as pool validation does), verifies, and answers with the signatureKey of what
 * verified. The node records that key in its VerifiedSignatures, where the pool's full validation
 * finds it. A payload the thread got wrong (a birth block it has not heard of, a state whose
 * genesis entry differs) only gives a key nobody asks for: the main thread then verifies itself.
 * Whatever the thread cannot answer (starting, stopped, ECDSA, too much in flight) is left to the
 * main thread in the same way.
 */
import { Worker } from 'node:worker_threads';
import type { VerifiedSignatures } from '@tao-ts/runtime';
import type { Logger } from '../log.js';

export interface ThreadInit {
  readonly genesisHash: Uint8Array;
  readonly minimumPeriodMs: bigint;
}

export type ToThread =
  | { readonly kind: 'block'; readonly number: number; readonly hash: Uint8Array }
  | { readonly kind: 'jobs'; readonly ids: number[]; readonly extrinsics: Uint8Array[] };

/** Per job: the signatureKey of a signature that verified, or null. */
export type FromThread = 'ready' | { readonly ids: number[]; readonly keys: (string | null)[] };

/** Beyond this many unanswered jobs, new ones are left to the main thread. */
const MAX_IN_FLIGHT = 8192;
/** Jobs per message: each batch is answered when done, so a burst's first answers come early. */
const BATCH = 16;

/**
 * The worker runs TypeScript like the rest of the node: it registers tsx itself (a worker does not
 * inherit the parent's loader hooks), then loads its module.
 */
function bootCode(): string {
  const tsx = import.meta.resolve('tsx/esm/api');
  const entry = new URL('./signature-thread-worker.ts', import.meta.url).href;
  return `import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); });`;
}

export class SignatureThread {
  private readonly worker: Worker | undefined;
  private ready = false;
  private closed = false;
  private nextId = 1;
  private readonly waiting = new Map<number, (key: string | null | undefined) => void>();
  private batch: { id: number; bytes: Uint8Array }[] = [];
  private flushScheduled = false;

  constructor(
    init: ThreadInit,
    private readonly log?: Logger,
  ) {
    let worker: Worker | undefined;
    try {
      worker = new Worker(bootCode(), { eval: true, execArgv: [], workerData: init });
    } catch (error) {
      log?.warn('no signature thread: verifying on the main thread', { error: String(error) });
    }
    this.worker = worker;
    if (worker === undefined) return;
    // Never what keeps a process alive.
    worker.unref();
    worker.on('message', (message: FromThread) => this.receive(message));
    worker.on('error', (error) => this.fail(error));
    worker.on('exit', (code) => this.fail(new Error(`exited with code ${code}`)));
  }

  private receive(message: FromThread): void {
    if (message === 'ready') {
      this.ready = true;
      return;
    }
    message.ids.forEach((id, i) => {
      const resolve = this.waiting.get(id);
      this.waiting.delete(id);
      resolve?.(message.keys[i]);
    });
  }

  private fail(error: unknown): void {
    if (this.closed) return;
    this.closed = true;
    this.log?.warn('the signature thread stopped: verifying on the main thread', { error: String(error) });
    this.drop();
  }

  private drop(): void {
    for (const resolve of this.waiting.values()) resolve(undefined);
    this.waiting.clear();
    this.batch = [];
  }

  /** Whether the thread takes jobs now. */
  get available(): boolean {
    return this.ready && !this.closed;
  }

  /** A block was imported: its hash may be a transaction's birth hash (and the next block's parent). */
  blockImported(number: number, hash: Uint8Array): void {
    if (this.closed) return;
    this.worker?.postMessage({ kind: 'block', number, hash } satisfies ToThread);
  }

  /** The signatureKey of the extrinsic's signature if it verifies; null if not; undefined: no answer. */
  verify(extrinsic: Uint8Array): Promise<string | null | undefined> {
    if (!this.available || this.waiting.size >= MAX_IN_FLIGHT) return Promise.resolve(undefined);
    const id = this.nextId++;
    this.batch.push({ id, bytes: extrinsic });
    // Jobs arriving in the same turn of the event loop travel together.
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(() => this.flush());
    }
    return new Promise((resolve) => this.waiting.set(id, resolve));
  }

  private flush(): void {
    this.flushScheduled = false;
    const jobs = this.batch;
    this.batch = [];
    if (this.worker === undefined || this.closed) return;
    for (let i = 0; i < jobs.length; i += BATCH) {
      const slice = jobs.slice(i, i + BATCH);
      this.worker.postMessage({
        kind: 'jobs',
        ids: slice.map((j) => j.id),
        extrinsics: slice.map((j) => j.bytes),
      } satisfies ToThread);
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.drop();
    await this.worker?.terminate();
  }
}

/** Beyond this many submissions checked ahead and not yet taken, the oldest are forgotten. */
const MAX_AHEAD = 16_384;

/**
 * Checks submissions' signatures on the thread ahead of pool validation, recording those that
 * verify in `signatures`. A submission is keyed by its hex text as the RPC request carries it.
 * Never fails: anything unusual is left to the pool's own check.
 */
export class AheadVerifier {
  /** Submissions checked ahead: their bytes as parsed on arrival, and the check under way. */
  private readonly started = new Map<string, { bytes: Uint8Array; check: Promise<void> }>();

  constructor(
    private readonly thread: SignatureThread,
    private readonly signatures: VerifiedSignatures,
  ) {}

  /** Start checking a submission that has arrived and waits its turn. */
  start(key: string, bytes: Uint8Array): void {
    if (!this.thread.available || this.started.has(key)) return;
    if (this.started.size >= MAX_AHEAD) {
      const oldest = this.started.keys().next();
      if (oldest.done !== true) this.started.delete(oldest.value);
    }
    this.started.set(key, { bytes, check: this.check(bytes) });
  }

  /**
   * The submission's turn: its bytes (as parsed on arrival, when it was started then; otherwise
   * from `parse`) once its check, started now unless it was started on arrival, is done.
   */
  async settle(key: string, parse: () => Uint8Array): Promise<Uint8Array> {
    const started = this.started.get(key);
    if (started === undefined) {
      const bytes = parse();
      await this.check(bytes);
      return bytes;
    }
    this.started.delete(key);
    await started.check;
    return started.bytes;
  }

  private async check(bytes: Uint8Array): Promise<void> {
    const key = await this.thread.verify(bytes);
    if (typeof key === 'string') this.signatures.recordVerified(key);
  }
}
