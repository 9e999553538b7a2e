// The axon: an HTTP/1.1 server speaking bittensor's wire protocol. Route `/<SynapseName>` (GET and
// POST, as bittensor) is served straight on node:http (axon-http.ts); fastify answers everything else
// (unknown routes, unusual URLs, HEAD, requests while closing). Pipeline, in bittensor's order:
//   headers → synapse (400) → blacklist (403) → verify signature + nonce (401) → rate limit (429)
//   → body: size (413), JSON (400), schema (422), body hash (500 as bittensor) → priority queue (503
//   full, 408 waited past the timeout)
//   → forward (500 on throw, 408 past the synapse timeout) → response with bt headers.
// Blacklist and verify run on the headers alone, before the body is read, so unauthenticated callers
// cost no body reading or parsing; nothing reaches `forward` unless every step passed.
// Unlike bittensor v10.2.0, a request with a missing or empty signature is rejected (401): bittensor
// only checked signatures that were present (opentensor/bittensor#3392, fixed in #3393), see
// axon-verify.ts. bittensor also binds 0.0.0.0 whatever --axon.ip says; we bind `ip`.
import { randomUUID } from 'node:crypto';
import { type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Keypair } from '@tao-ts/primitives';
import { availableParallelism } from 'node:os';
import { verifyRequestOn } from './axon-verify.js';
import { type VerifyThreads, acquireVerifyThreads, releaseVerifyThreads } from './verify-threads.js';
import { WireConfigError } from './errors.js';
import { WIRE_VERSION_INT, ipType } from './ip.js';
import { NonceClock, NonceWindow } from './nonce.js';
import { PriorityQueue } from './priority-queue.js';
import { HotkeyRateLimiter, type RateLimitOptions } from './rate-limit.js';
import { axonMessage, signText } from './signing.js';
import { BODY_HASH_MISMATCH_STATUS, STATUS } from './status.js';
import { BaseSynapse, type FieldSpecs, type Synapse, type SynapseType } from './synapse.js';
import { pyFloatRepr, pyReprOf } from './pystr.js';
import { QueueRejectedError } from './errors.js';
import { isBodyFailure, readBody, writeAnswer, writeStream } from './axon-http.js';

export interface ForwardContext {
  /** TCP peer of the request. */
  readonly peer: { readonly ip: string; readonly port: number };
  /** Aborted when the synapse timeout passes (the dendrite has given up by then). */
  readonly signal: AbortSignal;
}

/** A streaming answer: 200, `text/event-stream`, the bt headers of `synapse`, then the raw chunks. */
export interface StreamingReply<F extends FieldSpecs> {
  readonly kind: 'stream';
  readonly synapse: Synapse<F>;
  readonly chunks: AsyncIterable<Uint8Array | string>;
}

export function streamingReply<F extends FieldSpecs>(
  synapse: Synapse<F>,
  chunks: AsyncIterable<Uint8Array | string>,
): StreamingReply<F> {
  return { kind: 'stream', synapse, chunks };
}

export type ForwardResult<F extends FieldSpecs> = Synapse<F> | StreamingReply<F> | undefined;

export interface AxonHandlers<F extends FieldSpecs> {
  /** Fills the response fields; return the synapse (or nothing: the input one is answered). */
  readonly forward: (
    synapse: Synapse<F>,
    ctx: ForwardContext,
  ) => ForwardResult<F> | Promise<ForwardResult<F>>;
  /**
   * `[true, reason]` rejects with 403. Runs on the synapse built from headers (body fields hold the
   * dummy values, as in bittensor) before verification: it must not trust `dendrite.hotkey` for more
   * than cheap filtering.
   */
  readonly blacklist?: (
    synapse: Synapse<F>,
  ) => readonly [boolean, string] | Promise<readonly [boolean, string]>;
  /** Higher runs first when the axon is busy. Sees the verified synapse with its body. */
  readonly priority?: (synapse: Synapse<F>) => number | Promise<number>;
  /** Extra verification after the built-in signature/nonce check (which always runs); throw to reject (401). */
  readonly verify?: (synapse: Synapse<F>) => void | Promise<void>;
}

export interface AxonOptions {
  /** The axon's hotkey: requests must be signed for it. */
  readonly keypair: Keypair;
  readonly coldkey?: string;
  /** Address to bind (default 0.0.0.0; bittensor ignores --axon.ip for binding, we honour it). */
  readonly ip?: string;
  /** Port to bind (default 8091; 0 picks a free one). */
  readonly port?: number;
  /** IP and port published on chain (`serve_axon`); default the bound ones. */
  readonly externalIp?: string;
  readonly externalPort?: number;
  /** Largest request body in bytes (default 16 MiB). */
  readonly maxBodyBytes?: number;
  /** Forwards running at once (default 16). */
  readonly concurrency?: number;
  /** Requests waiting for a slot (default 256); more get 503. */
  readonly maxQueued?: number;
  /** Per-hotkey rate limit; default none. */
  readonly rateLimit?: RateLimitOptions;
  /** Cap (s) on the request timeout that widens the first-contact nonce window (default 60). */
  readonly maxNonceTimeoutS?: number;
  /** Wall clock in ns for the nonce window (tests). */
  readonly nowNs?: () => bigint;
  /**
   * Threads verifying request signatures while the event loop serves HTTP, shared by the process's
   * axons (default 1 when the machine has 2 cores or more, else 0: verify on the event loop).
   */
  readonly verifyThreads?: number;
}

export interface AxonInfo {
  readonly version: number;
  readonly ip: string;
  readonly ipType: 4 | 6;
  readonly port: number;
  readonly hotkey: string;
  readonly coldkey: string;
  readonly protocol: number;
  readonly placeholder1: number;
  readonly placeholder2: number;
}

interface Route {
  readonly type: SynapseType;
  readonly handlers: AxonHandlers<FieldSpecs>;
}

/** One request in flight: its raw request and response, and the synapse built from its headers. */
interface Exchange {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  /** Set once the headers parsed: error answers carry its headers (bittensor's middleware synapse). */
  synapse: Synapse | undefined;
}

/** A delay Node timers can hold: NaN → 0, and at most 2^31-1 ms (larger values would fire at once). */
export function timerMs(ms: number): number {
  return Number.isNaN(ms) ? 0 : Math.min(Math.max(0, ms), 2 ** 31 - 1);
}

export class Axon {
  readonly uuid = randomUUID();
  readonly keypair: Keypair;
  readonly hotkey: string;
  readonly #options: AxonOptions;
  readonly #routes = new Map<string, Route>();
  readonly #nonces: NonceWindow;
  readonly #clock = new NonceClock();
  readonly #queue: PriorityQueue;
  readonly #limiter: HotkeyRateLimiter | undefined;
  /** `/<name>` → route: requests for exactly these paths skip fastify (see axon-http.ts). */
  readonly #direct = new Map<string, Route>();
  readonly #maxBody: number;
  #closing = false;
  #app: FastifyInstance | undefined;
  #port: number | undefined;
  #threads: VerifyThreads | undefined;
  readonly #threadCount: number;

  constructor(options: AxonOptions) {
    this.#options = options;
    this.keypair = options.keypair;
    this.hotkey = options.keypair.address;
    const port = options.port ?? 8091;
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
      throw new WireConfigError(`port: expected 0..65535, got ${port}`, 'port');
    }
    const maxBody = options.maxBodyBytes ?? 16 * 1024 * 1024;
    if (!Number.isInteger(maxBody) || maxBody < 1) {
      throw new WireConfigError(`maxBodyBytes: expected a positive integer, got ${maxBody}`, 'maxBodyBytes');
    }
    this.#maxBody = maxBody;
    this.#nonces = new NonceWindow({
      ...(options.maxNonceTimeoutS === undefined ? {} : { maxTimeoutS: options.maxNonceTimeoutS }),
      ...(options.nowNs === undefined ? {} : { now: options.nowNs }),
    });
    this.#queue = new PriorityQueue({
      concurrency: options.concurrency ?? 16,
      maxQueued: options.maxQueued ?? 256,
    });
    this.#limiter = options.rateLimit === undefined ? undefined : new HotkeyRateLimiter(options.rateLimit);
    const threads = options.verifyThreads ?? (availableParallelism() >= 2 ? 1 : 0);
    if (!Number.isInteger(threads) || threads < 0 || threads > 64) {
      throw new WireConfigError(`verifyThreads: expected an integer 0..64, got ${threads}`, 'verifyThreads');
    }
    this.#threadCount = threads;
    // bittensor always attaches a ping route for the base Synapse.
    this.attach(BaseSynapse, { forward: (s) => s });
  }

  /** Serves `type` at `/<type.name>`; attaching a name again replaces its handlers. */
  attach<F extends FieldSpecs>(type: SynapseType<F>, handlers: AxonHandlers<F>): this {
    if (this.#app !== undefined) {
      throw new WireConfigError(`attach(${type.name}): attach before start()`, 'attach');
    }
    this.#routes.set(type.name, {
      type: type as unknown as SynapseType,
      handlers: handlers as unknown as AxonHandlers<FieldSpecs>,
    });
    return this;
  }

  /** The bound port (after start). */
  get port(): number {
    if (this.#port === undefined) throw new WireConfigError('port: the axon is not started', 'port');
    return this.#port;
  }

  /** What `serve_axon` publishes. */
  info(): AxonInfo {
    const ip = this.#options.externalIp ?? this.#options.ip ?? '0.0.0.0';
    return {
      version: WIRE_VERSION_INT,
      ip,
      ipType: ipType(ip),
      port: this.#options.externalPort ?? this.#port ?? this.#options.port ?? 8091,
      hotkey: this.hotkey,
      coldkey: this.#options.coldkey ?? '',
      protocol: 4,
      placeholder1: 0,
      placeholder2: 0,
    };
  }

  get queue(): PriorityQueue {
    return this.#queue;
  }

  async start(): Promise<this> {
    if (this.#app !== undefined) return this;
    this.#closing = false;
    const app = Fastify({
      logger: false,
      bodyLimit: this.#maxBody,
      keepAliveTimeout: 65_000,
      forceCloseConnections: true,
      return503OnClosing: true,
      // The synapse paths are answered before fastify routes them; fastify serves the rest.
      serverFactory: (fallback) => {
        const server = createServer((req, res) => {
          const route = this.#closing ? undefined : this.#direct.get(req.url ?? '');
          if (route === undefined || (req.method !== 'POST' && req.method !== 'GET')) fallback(req, res);
          else void this.#serve(route, { req, res, synapse: undefined });
        });
        // fastify's settings for the servers it makes itself.
        server.keepAliveTimeout = 65_000;
        server.requestTimeout = 0;
        server.setTimeout(0);
        return server;
      },
    });
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
    app.setNotFoundHandler((req, reply) => this.#notFound(req, reply));
    app.setErrorHandler((err: { statusCode?: number; code?: string; message: string }, _req, reply) => {
      const ex: Exchange = { req: reply.request.raw, res: reply.raw, synapse: undefined };
      if (err.statusCode === 413 || err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
        this.#tooLarge(ex, true);
      } else if (err.statusCode !== undefined && err.statusCode >= 400 && err.statusCode < 500) {
        this.#error(ex, STATUS.BAD_REQUEST, `Improperly formatted request: ${err.message}`, true);
      } else this.#internal(ex);
      return reply.hijack();
    });
    for (const [name, route] of this.#routes) {
      this.#direct.set(`/${name}`, route);
      // What reaches fastify on these routes (a query string, an encoded path, HEAD) is served the same.
      app.route({
        method: ['GET', 'POST'],
        url: `/${name}`,
        onRequest: (req, reply, _done) => {
          reply.hijack();
          void this.#serve(route, { req: req.raw, res: reply.raw, synapse: undefined });
        },
        handler: (_req, reply) => reply.hijack(),
      });
    }
    await app.listen({ host: this.#options.ip ?? '0.0.0.0', port: this.#options.port ?? 8091 });
    if (this.#threadCount > 0) {
      this.#threads = acquireVerifyThreads(this.#threadCount);
      // Until its threads have loaded every check runs on the event loop: serve from the start as the
      // axon will run (ready also resolves when a thread fails to start).
      await this.#threads.ready;
    }
    const addr = app.server.address();
    this.#port = typeof addr === 'object' && addr !== null ? addr.port : (this.#options.port ?? 8091);
    this.#app = app;
    return this;
  }

  async stop(): Promise<void> {
    const app = this.#app;
    this.#app = undefined;
    // From now on fastify answers every request (503 while closing).
    this.#closing = true;
    this.#direct.clear();
    this.#queue.close();
    if (this.#threads !== undefined) releaseVerifyThreads(this.#threads);
    this.#threads = undefined;
    if (app !== undefined) await app.close();
  }

  #notFound(req: FastifyRequest, reply: FastifyReply): FastifyReply {
    const name = req.url.split('?')[0]?.split('/')[1] ?? '';
    const names = pyReprOf([...this.#routes.keys()]);
    this.#error(
      { req: req.raw, res: reply.raw, synapse: undefined },
      STATUS.UNKNOWN_SYNAPSE,
      `Synapse name '${name}' not found. Available synapses ${names}`,
    );
    return reply.hijack();
  }

  /** The whole pipeline of one synapse request; every outcome is answered, nothing throws. */
  async #serve(route: Route, ex: Exchange): Promise<void> {
    try {
      const start = performance.now();
      if (!(await this.#preprocess(route, ex))) return;
      const raw = await readBody(ex.req, this.#maxBody);
      if (isBodyFailure(raw)) {
        if (raw.tooLarge) this.#tooLarge(ex, true);
        else this.#error(ex, STATUS.BAD_REQUEST, `Improperly formatted request: ${raw.message}`, true);
        return;
      }
      await this.#handle(route, ex, raw, start);
    } catch {
      if (!ex.res.headersSent) this.#internal(ex);
      else ex.res.destroy();
    }
  }

  /** Headers → synapse, blacklist, verification, rate limit; false when an error was answered. */
  async #preprocess(route: Route, ex: Exchange): Promise<boolean> {
    const { req } = ex;
    let synapse: Synapse;
    try {
      synapse = route.type.fromHeaders(req.headers);
    } catch (e) {
      const why = e instanceof Error ? e.message : String(e);
      this.#error(
        ex,
        STATUS.BAD_REQUEST,
        `Improperly formatted request. Could not parse headers into synapse of type ${route.type.name}: ${why}`,
      );
      return false;
    }
    synapse.axon.version = WIRE_VERSION_INT;
    synapse.axon.uuid = this.uuid;
    synapse.axon.statusCode = 100;
    synapse.dendrite.ip = req.socket.remoteAddress ?? null;
    synapse.dendrite.port = req.socket.remotePort ?? null;
    ex.synapse = synapse;

    const { blacklist, verify } = route.handlers;
    if (blacklist !== undefined) {
      let verdict: readonly [boolean, string];
      try {
        verdict = await blacklist(synapse);
      } catch {
        this.#internal(ex);
        return false;
      }
      if (verdict[0]) {
        this.#error(ex, STATUS.BLACKLISTED, `Forbidden. Key is blacklisted: ${verdict[1]}.`);
        return false;
      }
    }
    const verdict = await verifyRequestOn(this.#threads, synapse, this.hotkey, this.#nonces);
    if (!verdict.ok) {
      this.#error(ex, STATUS.NOT_VERIFIED, `Not Verified with error: ${verdict.message}`);
      return false;
    }
    if (verify !== undefined) {
      try {
        await verify(synapse);
      } catch (e) {
        this.#error(
          ex,
          STATUS.NOT_VERIFIED,
          `Not Verified with error: ${e instanceof Error ? e.message : String(e)}`,
        );
        return false;
      }
    }
    if (this.#limiter !== undefined && !this.#limiter.take(synapse.dendrite.hotkey ?? '')) {
      this.#error(ex, STATUS.RATE_LIMITED, `Too many requests from hotkey ${synapse.dendrite.hotkey}`);
      return false;
    }
    return true;
  }

  /** Body → synapse, body hash, priority, forward under the timeout, answer. */
  async #handle(route: Route, ex: Exchange, raw: Buffer | undefined, start: number): Promise<void> {
    const fromHeaders = ex.synapse as Synapse;
    let synapse: Synapse;
    if (raw !== undefined && raw.length > 0) {
      let json;
      try {
        json = route.type.parseBody(raw.toString('utf8'));
      } catch (e) {
        this.#error(
          ex,
          STATUS.BAD_REQUEST,
          `Improperly formatted request body: not JSON (${e instanceof Error ? e.message : String(e)})`,
        );
        return;
      }
      try {
        synapse = route.type.fromBody(json);
      } catch (e) {
        this.#error(
          ex,
          STATUS.UNPROCESSABLE,
          `Request body does not fit ${route.type.name}: ${e instanceof Error ? e.message : String(e)}`,
        );
        return;
      }
    } else if (route.type.requiredFields.length === 0) {
      // A bodiless GET ping: the header synapse is the request.
      synapse = route.type.fromBody({});
      synapse.timeout = fromHeaders.timeout;
    } else {
      this.#error(ex, STATUS.UNPROCESSABLE, `Request body is empty; ${route.type.name} has required fields`);
      return;
    }
    const bodyHash = synapse.bodyHash;
    if (bodyHash !== fromHeaders.computedBodyHash) {
      // bittensor raises ValueError here, which its middleware turns into a 500; we keep the status and
      // add the reason.
      this.#error(
        ex,
        BODY_HASH_MISMATCH_STATUS,
        `Internal Server Error #${randomUUID()}: Hash mismatch between header body hash ${fromHeaders.computedBodyHash} and parsed body hash ${bodyHash}`,
      );
      return;
    }
    // The verified header values are authoritative: the body's copies are not signed.
    const d = fromHeaders.dendrite;
    synapse.dendrite.hotkey = d.hotkey;
    synapse.dendrite.nonce = d.nonce;
    synapse.dendrite.uuid = d.uuid;
    synapse.dendrite.signature = d.signature;
    synapse.dendrite.version = d.version;

    const { priority: priorityFn, forward } = route.handlers;
    let priority = 0;
    if (priorityFn !== undefined) {
      try {
        priority = await priorityFn(synapse);
      } catch {
        this.#internal(ex);
        return;
      }
    }
    // Whole milliseconds: Node keeps one timer list per distinct delay, and fractional delays would
    // make a new list (and a priority-queue insertion) for every request.
    const timeoutMs = Math.ceil(timerMs(synapse.timeout * 1000 - (performance.now() - start)));
    // The AbortController is made only if forward reads `signal` (most never do; it costs a few µs).
    let abort: AbortController | undefined;
    let timedOut = false;
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => {
        timedOut = true;
        abort?.abort();
        resolve('timeout');
      }, timeoutMs);
    });
    const socket = ex.req.socket;
    const ctx: ForwardContext = {
      peer: { ip: socket.remoteAddress ?? '', port: socket.remotePort ?? 0 },
      get signal(): AbortSignal {
        if (abort === undefined) {
          abort = new AbortController();
          if (timedOut) abort.abort();
        }
        return abort.signal;
      },
    };
    let result: ForwardResult<FieldSpecs> | 'timeout';
    try {
      // The queue slot is held until forward really ends, even after a timeout answer: the concurrency
      // limit bounds work in progress, not just requests still waiting for an answer.
      const work = this.#queue.run(priority, () => forward(synapse, ctx), timeoutMs);
      work.catch(() => undefined);
      result = await Promise.race([work, deadline]);
    } catch (e) {
      clearTimeout(timer);
      if (e instanceof QueueRejectedError) {
        if (e.reason === 'timeout') {
          this.#error(ex, STATUS.TIMEOUT, `Response timeout after: ${pyFloatRepr(synapse.timeout)}s`);
        } else this.#error(ex, STATUS.UNAVAILABLE, `Service unavailable: ${e.message}`);
        return;
      }
      this.#internal(ex);
      return;
    }
    clearTimeout(timer);
    if (result === 'timeout') {
      this.#error(ex, STATUS.TIMEOUT, `Response timeout after: ${pyFloatRepr(synapse.timeout)}s`);
      return;
    }
    if (result !== undefined && 'kind' in result) {
      this.#finish(result.synapse, start);
      writeStream(ex.res, result.synapse.toHeaders(), result.chunks);
      return;
    }
    this.#respond(ex, result ?? synapse, start);
  }

  #finish(synapse: Synapse, start: number): void {
    if (synapse.axon.statusCode === null || synapse.axon.statusCode === 100) synapse.axon.statusCode = 200;
    if (synapse.axon.statusCode === 200 && !synapse.axon.statusMessage)
      synapse.axon.statusMessage = 'Success';
    synapse.axon.processTime = (performance.now() - start) / 1000;
  }

  #respond(ex: Exchange, synapse: Synapse, start: number): void {
    this.#finish(synapse, start);
    let body: string;
    let headers: Record<string, string>;
    try {
      // Headers first: they refresh total_size, which the body then carries too (as bittensor's do).
      headers = synapse.toHeaders();
      body = synapse.toBody('compact');
    } catch {
      this.#internal(ex);
      return;
    }
    const status = synapse.axon.statusCode ?? 200;
    // A status HTTP cannot carry (fastify refused these too): the answer is an internal error.
    if (!Number.isInteger(status) || status < 100 || status > 599) {
      this.#internal(ex);
      return;
    }
    writeAnswer(ex.res, status, headers, 'application/json', Buffer.from(body, 'utf8'));
  }

  #internal(ex: Exchange): void {
    this.#error(ex, STATUS.INTERNAL, `Internal Server Error #${randomUUID()}`);
  }

  #tooLarge(ex: Exchange, close: boolean): void {
    this.#error(
      ex,
      STATUS.PAYLOAD_TOO_LARGE,
      `Request body exceeds the axon's limit of ${this.#maxBody} bytes`,
      close,
    );
  }

  /**
   * bittensor's `create_error_response`: `{"message": …}` plus the middleware synapse's headers.
   * `close` ends the connection after a body that was not read to its end.
   */
  #error(ex: Exchange, status: number, message: string, close = false): void {
    const synapse = ex.synapse;
    let headers: Record<string, string>;
    if (synapse !== undefined) {
      synapse.axon.statusCode = status;
      synapse.axon.statusMessage = message;
      const nonce = this.#clock.next();
      synapse.axon.nonce = nonce;
      synapse.axon.signature = signText(
        this.keypair,
        axonMessage(nonce, synapse.dendrite.hotkey, synapse.axon.hotkey, this.uuid),
      );
      try {
        headers = synapse.toHeaders();
      } catch {
        headers = {};
      }
    } else {
      headers = {
        bt_header_axon_status_code: String(status),
        bt_header_axon_status_message: message,
      };
    }
    const payload = Buffer.from(JSON.stringify({ message }), 'utf8');
    writeAnswer(ex.res, status, headers, 'application/json', payload, close);
  }
}
