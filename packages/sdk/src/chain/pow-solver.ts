/**
 * A multi-threaded proof-of-work solver. Each worker thread hashes its own slice of the nonce
 * space (start + k·threads) in batches, yielding between batches so a new job or a stop message
 * gets through; the main thread adds up the batches into progress events with hashes/s.
 *
 * The workers are plain JavaScript over @polkadot/wasm-crypto's sha256 and keccak256 (no
 * TypeScript loader, so they start in milliseconds; the WASM hashes run about six times faster
 * than pure-JS keccak on 32-byte inputs); one solver keeps its workers for every job until close().
 */
import { randomInt } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { OperationCancelledError } from './errors.js';
import { blockAndHotkeyHash, createSeal, sealLimit, sealMeetsDifficulty } from './pow.js';

export interface PowJob {
  /** The block whose hash the work is over (one of the chain's last blocks). */
  readonly blockNumber: number;
  readonly blockHash: Uint8Array;
  /** The 32-byte public key of the hotkey being registered. */
  readonly hotkey: Uint8Array;
  readonly difficulty: bigint;
}

export interface PowProgress {
  readonly blockNumber: number;
  /** Hashes tried for this job so far, over all threads. */
  readonly hashes: number;
  readonly hashesPerSecond: number;
  readonly elapsedMs: number;
  readonly threads: number;
}

export interface PowSolution {
  readonly blockNumber: number;
  readonly nonce: bigint;
  readonly seal: Uint8Array;
  readonly hashes: number;
  readonly elapsedMs: number;
}

export interface SolveOptions {
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: PowProgress) => void;
  /** Minimum time between progress events (default 250 ms). */
  readonly progressIntervalMs?: number;
}

type FromWorker =
  | { readonly kind: 'progress'; readonly job: number; readonly hashes: number }
  | { readonly kind: 'found'; readonly job: number; readonly nonce: number; readonly hashes: number };

/** Hashes per batch: about ten milliseconds of work, so stop messages are seen quickly. */
const BATCH = 2048;

function workerSource(): string {
  const wasm = JSON.stringify(import.meta.resolve('@polkadot/wasm-crypto'));
  return `
import { parentPort } from 'node:worker_threads';
const ready = import(${wasm}).then(async (w) => { await w.waitReady(); return w; });
let job = null;
let running = false;
parentPort.on('message', (m) => {
  if (m.kind === 'job') { job = m; if (!running) { running = true; ready.then(run); } }
  else if (m.kind === 'stop') job = null;
});
const input = new Uint8Array(40);
function run(w) {
  const j = job;
  if (j === null) { running = false; return; }
  input.set(j.h1, 8);
  let n = j.nonce;
  let done = 0;
  for (; done < ${BATCH}; done++, n += j.stride) {
    const lo = n % 4294967296, hi = Math.floor(n / 4294967296);
    input[0] = lo & 255; input[1] = (lo >>> 8) & 255; input[2] = (lo >>> 16) & 255; input[3] = lo >>> 24;
    input[4] = hi & 255; input[5] = (hi >>> 8) & 255; input[6] = (hi >>> 16) & 255; input[7] = hi >>> 24;
    const s = w.keccak256(w.sha256(input));
    const top = ((s[31] << 24) | (s[30] << 16) | (s[29] << 8) | s[28]) >>> 0;
    if (top > j.limitTop) continue;
    if (top === j.limitTop) {
      let v = 0n;
      for (let i = 31; i >= 0; i--) v = (v << 8n) | BigInt(s[i]);
      if (v > j.limit) continue;
    }
    job = null;
    parentPort.postMessage({ kind: 'found', job: j.id, nonce: n, hashes: done + 1 });
    setImmediate(run, w);
    return;
  }
  j.nonce = n;
  parentPort.postMessage({ kind: 'progress', job: j.id, hashes: done });
  setImmediate(run, w);
}
`;
}

/** Nonces start at a random point below 2^47 so that workers of several solvers do not overlap. */
function randomStart(): number {
  return randomInt(0, 2 ** 47);
}

export class PowSolver {
  readonly threads: number;
  private workers: Worker[] = [];
  private nextJob = 1;
  private busy = false;

  constructor(options: { threads?: number } = {}) {
    this.threads = Math.max(1, Math.floor(options.threads ?? availableParallelism()));
  }

  private ensureWorkers(): Worker[] {
    if (this.workers.length === 0) {
      const source = workerSource();
      for (let i = 0; i < this.threads; i++) {
        const worker = new Worker(source, { eval: true, execArgv: [] });
        worker.unref();
        this.workers.push(worker);
      }
    }
    return this.workers;
  }

  /** Find a nonce whose seal meets the job's difficulty. Rejects with OperationCancelledError on abort. */
  solve(job: PowJob, options: SolveOptions = {}): Promise<PowSolution> {
    if (this.busy) return Promise.reject(new Error('PowSolver.solve: a job is already running'));
    if (options.signal?.aborted) return Promise.reject(new OperationCancelledError('proof of work'));
    this.busy = true;
    const workers = this.ensureWorkers();
    const id = this.nextJob++;
    const limit = sealLimit(job.difficulty);
    const limitTop = Number(limit >> 224n);
    const h1 = blockAndHotkeyHash(job.blockHash, job.hotkey);
    const start = randomStart();
    const began = performance.now();
    const interval = options.progressIntervalMs ?? 250;
    let hashes = 0;
    let lastReport = began;

    return new Promise<PowSolution>((resolve, reject) => {
      const cleanup = (): void => {
        for (const worker of workers) {
          worker.postMessage({ kind: 'stop' });
          worker.off('message', onMessage);
          worker.off('error', onError);
        }
        options.signal?.removeEventListener('abort', onAbort);
        this.busy = false;
      };
      const onAbort = (): void => {
        cleanup();
        reject(new OperationCancelledError('proof of work'));
      };
      const onError = (error: Error): void => {
        cleanup();
        reject(error);
      };
      const onMessage = (message: FromWorker): void => {
        if (message.job !== id) return;
        hashes += message.hashes;
        const now = performance.now();
        if (message.kind === 'found') {
          const nonce = BigInt(message.nonce);
          const seal = createSeal(job.blockHash, job.hotkey, nonce);
          // A worker's answer is checked here with the reference functions before it is used.
          if (!sealMeetsDifficulty(seal, job.difficulty)) return;
          cleanup();
          resolve({ blockNumber: job.blockNumber, nonce, seal, hashes, elapsedMs: now - began });
          return;
        }
        if (options.onProgress !== undefined && now - lastReport >= interval) {
          lastReport = now;
          const elapsedMs = now - began;
          options.onProgress({
            blockNumber: job.blockNumber,
            hashes,
            hashesPerSecond: elapsedMs > 0 ? Math.round((hashes * 1000) / elapsedMs) : 0,
            elapsedMs,
            threads: workers.length,
          });
        }
      };
      options.signal?.addEventListener('abort', onAbort, { once: true });
      workers.forEach((worker, i) => {
        worker.on('message', onMessage);
        worker.on('error', onError);
        worker.postMessage({
          kind: 'job',
          id,
          h1,
          nonce: start + i,
          stride: workers.length,
          limit,
          limitTop,
        });
      });
    });
  }

  /** Stop the worker threads. */
  async close(): Promise<void> {
    const workers = this.workers;
    this.workers = [];
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
}
