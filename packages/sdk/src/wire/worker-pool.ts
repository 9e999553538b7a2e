// A small pool of worker threads for CPU-heavy forwards, so the axon's event loop keeps accepting,
// verifying and answering other requests while a model runs. A task is one call of a function exported
// by a module (loaded once per worker); inputs and outputs cross threads by structured clone.
import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import { WireConfigError, WorkerTaskError } from './errors.js';

// CommonJS bootstrap evaluated in each worker: imports the task module and serves calls. A TypeScript
// task module is loaded through tsx's loader, registered inside the worker (loaders given to the parent
// with --import do not reach eval'd workers).
const BOOTSTRAP = `
const { parentPort, workerData } = require('node:worker_threads');
const fail = (e) => parentPort.postMessage({ fatal: 'cannot load ' + workerData.module + ': ' + (e && e.message ? e.message : String(e)) });
(workerData.loader ? import(workerData.loader).then((t) => t.register()) : Promise.resolve())
  .then(() => import(workerData.module))
  .then((m) => {
    const fn = m[workerData.exportName];
    if (typeof fn !== 'function') {
      parentPort.postMessage({ fatal: 'export ' + workerData.exportName + ' of ' + workerData.module + ' is not a function' });
      return;
    }
    parentPort.on('message', async ({ id, input }) => {
      try {
        parentPort.postMessage({ id, ok: true, output: await fn(input) });
      } catch (e) {
        parentPort.postMessage({ id, ok: false, message: e && e.message ? String(e.message) : String(e) });
      }
    });
    parentPort.postMessage({ ready: true });
  }, fail);
`;

/** tsx's loader API when the task module is TypeScript and tsx is installed; else none. */
function loaderFor(module: string): string | undefined {
  if (!/\.[cm]?ts$/.test(module)) return undefined;
  try {
    return import.meta.resolve('tsx/esm/api');
  } catch {
    return undefined;
  }
}

export interface WorkerPoolOptions {
  /** Module URL or absolute path exporting the task function. */
  readonly module: string | URL;
  /** Export to call (default `default`). */
  readonly exportName?: string;
  /** Threads (default: available cores - 1, at least 1). */
  readonly size?: number;
}

interface Task {
  readonly id: number;
  readonly input: unknown;
  readonly resolve: (v: unknown) => void;
  readonly reject: (e: Error) => void;
}

interface Slot {
  worker: Worker;
  ready: boolean;
  task: Task | undefined;
}

type WorkerMessage =
  | { readonly ready: true }
  | { readonly fatal: string }
  | { readonly id: number; readonly ok: true; readonly output: unknown }
  | { readonly id: number; readonly ok: false; readonly message: string };

export class WorkerPool<I = unknown, O = unknown> {
  readonly size: number;
  readonly #module: string;
  readonly #exportName: string;
  readonly #loader: string | undefined;
  readonly #slots: Slot[] = [];
  readonly #pending: Task[] = [];
  #nextId = 0;
  #closed = false;
  #fatal: string | undefined;

  constructor(options: WorkerPoolOptions) {
    const size = options.size ?? Math.max(1, availableParallelism() - 1);
    if (!Number.isInteger(size) || size < 1) {
      throw new WireConfigError(`size: expected an integer ≥ 1, got ${size}`, 'size');
    }
    this.size = size;
    this.#module = options.module instanceof URL ? options.module.href : options.module;
    this.#exportName = options.exportName ?? 'default';
    this.#loader = loaderFor(this.#module);
    for (let i = 0; i < size; i++) this.#slots.push(this.#spawn());
  }

  /** Runs the task function on `input` in a worker. */
  run(input: I): Promise<O> {
    if (this.#closed) return Promise.reject(new WorkerTaskError('worker pool: closed'));
    if (this.#fatal !== undefined) return Promise.reject(new WorkerTaskError(`worker pool: ${this.#fatal}`));
    return new Promise<O>((resolve, reject) => {
      this.#pending.push({ id: this.#nextId++, input, resolve: resolve as (v: unknown) => void, reject });
      this.#dispatch();
    });
  }

  async close(): Promise<void> {
    this.#closed = true;
    for (const t of this.#pending.splice(0)) t.reject(new WorkerTaskError('worker pool: closed'));
    await Promise.all(this.#slots.map((s) => s.worker.terminate()));
  }

  #spawn(): Slot {
    const worker = new Worker(BOOTSTRAP, {
      eval: true,
      workerData: { module: this.#module, exportName: this.#exportName, loader: this.#loader },
    });
    const slot: Slot = { worker, ready: false, task: undefined };
    worker.on('message', (m: WorkerMessage) => this.#onMessage(slot, m));
    worker.on('error', (e: Error) => this.#onExit(slot, `worker failed: ${e.message}`));
    worker.on('exit', (code) => this.#onExit(slot, `worker exited with code ${code}`));
    worker.unref();
    return slot;
  }

  #onMessage(slot: Slot, m: WorkerMessage): void {
    if ('ready' in m) {
      slot.ready = true;
      this.#dispatch();
      return;
    }
    if ('fatal' in m) {
      this.#fatal = m.fatal;
      for (const t of this.#pending.splice(0)) t.reject(new WorkerTaskError(`worker pool: ${m.fatal}`));
      return;
    }
    const task = slot.task;
    slot.task = undefined;
    if (task !== undefined && task.id === m.id) {
      if (m.ok) task.resolve(m.output);
      else task.reject(new WorkerTaskError(`worker task failed: ${m.message}`));
    }
    this.#dispatch();
  }

  #onExit(slot: Slot, reason: string): void {
    const task = slot.task;
    slot.task = undefined;
    if (task !== undefined) task.reject(new WorkerTaskError(`worker pool: ${reason}`));
    const i = this.#slots.indexOf(slot);
    if (i < 0) return;
    if (this.#closed || this.#fatal !== undefined) return;
    // Replace a crashed worker so one bad input cannot shrink the pool.
    this.#slots[i] = this.#spawn();
  }

  #dispatch(): void {
    for (const slot of this.#slots) {
      if (this.#pending.length === 0) return;
      if (!slot.ready || slot.task !== undefined) continue;
      const task = this.#pending.shift() as Task;
      slot.task = task;
      slot.worker.ref();
      slot.worker.postMessage({ id: task.id, input: task.input });
    }
    for (const slot of this.#slots) if (slot.task === undefined) slot.worker.unref();
  }
}
