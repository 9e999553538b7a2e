// The axon: a fastify HTTP/1.1 server speaking bittensor's wire protocol. Route `/<SynapseName>` (GET and
// POST, as bittensor). Pipeline, in bittensor's order:
//   headers → synapse (400) → blacklist (403) → verify signature + nonce (401) → rate limit (429)
//   → body: size (413), JSON (400), schema (422), body hash (500 as bittensor) → priority queue (503
//   full, 408 waited past the timeout)
//   → forward (500 on throw, 408 past the synapse timeout) → response with bt headers.
// Blacklist and verify run on the headers alone (onRequest), before the body is read, so unauthenticated
// callers cost no body parsing; nothing reaches `forward` unless every step passed.
// Unlike bittensor v10.2.0, a request with a missing or empty signature is rejected (401): bittensor
// only checked signatures that were present (opentensor/bittensor#3392, fixed in #3393), see
// axon-verify.ts. bittensor also binds 0.0.0.0 whatever --axon.ip says; we bind `ip`.
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
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

interface RequestState {
  readonly route: Route;
  readonly synapse: Synapse;
  readonly start: number;
}

/** A delay Node timers can hold: NaN → 0, and at most 2^31-1 ms (larger values would fire at once). */
export function timerMs(ms: number): number {
  return Number.isNaN(ms) ? 0 : Math.min(Math.max(0, ms), 2 ** 31 - 1);
}

/** Header values must be latin-1 without line breaks (uvicorn encodes latin-1; Node refuses CR/LF). */
// Anything but tab, printable ASCII and latin-1 above 0x9f needs rewriting (rare: checked once).
const HEADER_UNSAFE = /[^\t\x20-\x7e\xa0-\xff]/;

function headerSafe(value: string): string {
  if (!HEADER_UNSAFE.test(value)) return value;
  // eslint-disable-next-line no-control-regex -- control characters are what HTTP header values forbid
  return value.replace(/[\u0000-\u0008\u000a-\u001f\u007f]/g, ' ').replace(/[^\u0000-\u00ff]/g, '?');
}

function safeHeaders(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) out[k] = headerSafe(v);
  return out;
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
  readonly #state = new WeakMap<FastifyRequest, RequestState>();
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
    const app = Fastify({
      logger: false,
      bodyLimit: this.#options.maxBodyBytes ?? 16 * 1024 * 1024,
      keepAliveTimeout: 65_000,
      forceCloseConnections: true,
      return503OnClosing: true,
    });
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
    app.setNotFoundHandler((req, reply) => this.#notFound(req, reply));
    app.setErrorHandler((err: { statusCode?: number; code?: string; message: string }, req, reply) => {
      if (err.statusCode === 413 || err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
        return this.#error(
          req,
          reply,
          STATUS.PAYLOAD_TOO_LARGE,
          `Request body exceeds the axon's limit of ${this.#options.maxBodyBytes ?? 16 * 1024 * 1024} bytes`,
        );
      }
      if (err.statusCode !== undefined && err.statusCode >= 400 && err.statusCode < 500) {
        return this.#error(req, reply, STATUS.BAD_REQUEST, `Improperly formatted request: ${err.message}`);
      }
      return this.#error(req, reply, STATUS.INTERNAL, `Internal Server Error #${randomUUID()}`);
    });
    for (const [name, route] of this.#routes) {
      app.route({
        method: ['GET', 'POST'],
        url: `/${name}`,
        onRequest: (req, reply) => this.#preprocess(route, req, reply),
        handler: (req, reply) => this.#handle(req, reply),
      });
    }
    await app.listen({ host: this.#options.ip ?? '0.0.0.0', port: this.#options.port ?? 8091 });
    if (this.#threadCount > 0) this.#threads = acquireVerifyThreads(this.#threadCount);
    const addr = app.server.address();
    this.#port = typeof addr === 'object' && addr !== null ? addr.port : (this.#options.port ?? 8091);
    this.#app = app;
    return this;
  }

  async stop(): Promise<void> {
    const app = this.#app;
    this.#app = undefined;
    this.#queue.close();
    if (this.#threads !== undefined) releaseVerifyThreads(this.#threads);
    this.#threads = undefined;
    if (app !== undefined) await app.close();
  }

  #notFound(req: FastifyRequest, reply: FastifyReply): FastifyReply {
    const name = req.url.split('?')[0]?.split('/')[1] ?? '';
    const names = pyReprOf([...this.#routes.keys()]);
    return this.#error(
      req,
      reply,
      STATUS.UNKNOWN_SYNAPSE,
      `Synapse name '${name}' not found. Available synapses ${names}`,
    );
  }

  async #preprocess(
    route: Route,
    req: FastifyRequest,
    reply: FastifyReply,
  ): Promise<FastifyReply | undefined> {
    const start = performance.now();
    let synapse: Synapse;
    try {
      synapse = route.type.fromHeaders(req.headers);
    } catch (e) {
      const why = e instanceof Error ? e.message : String(e);
      return this.#error(
        req,
        reply,
        STATUS.BAD_REQUEST,
        `Improperly formatted request. Could not parse headers into synapse of type ${route.type.name}: ${why}`,
      );
    }
    synapse.axon.version = WIRE_VERSION_INT;
    synapse.axon.uuid = this.uuid;
    synapse.axon.statusCode = 100;
    synapse.dendrite.ip = req.socket.remoteAddress ?? null;
    synapse.dendrite.port = req.socket.remotePort ?? null;
    this.#state.set(req, { route, synapse, start });

    const { blacklist, verify } = route.handlers;
    if (blacklist !== undefined) {
      let verdict: readonly [boolean, string];
      try {
        verdict = await blacklist(synapse);
      } catch {
        return this.#error(req, reply, STATUS.INTERNAL, `Internal Server Error #${randomUUID()}`);
      }
      if (verdict[0]) {
        return this.#error(req, reply, STATUS.BLACKLISTED, `Forbidden. Key is blacklisted: ${verdict[1]}.`);
      }
    }
    const verdict = await verifyRequestOn(this.#threads, synapse, this.hotkey, this.#nonces);
    if (!verdict.ok) {
      return this.#error(req, reply, STATUS.NOT_VERIFIED, `Not Verified with error: ${verdict.message}`);
    }
    if (verify !== undefined) {
      try {
        await verify(synapse);
      } catch (e) {
        return this.#error(
          req,
          reply,
          STATUS.NOT_VERIFIED,
          `Not Verified with error: ${e instanceof Error ? e.message : String(e)}`,
        );
      }
    }
    if (this.#limiter !== undefined && !this.#limiter.take(synapse.dendrite.hotkey ?? '')) {
      return this.#error(
        req,
        reply,
        STATUS.RATE_LIMITED,
        `Too many requests from hotkey ${synapse.dendrite.hotkey}`,
      );
    }
    return undefined;
  }

  async #handle(req: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
    const state = this.#state.get(req);
    if (state === undefined)
      return this.#error(req, reply, STATUS.INTERNAL, `Internal Server Error #${randomUUID()}`);
    const { route, synapse: fromHeaders, start } = state;
    const raw = req.body;
    let synapse: Synapse;
    if (Buffer.isBuffer(raw) && raw.length > 0) {
      let json;
      try {
        json = route.type.parseBody(raw.toString('utf8'));
      } catch (e) {
        return this.#error(
          req,
          reply,
          STATUS.BAD_REQUEST,
          `Improperly formatted request body: not JSON (${e instanceof Error ? e.message : String(e)})`,
        );
      }
      try {
        synapse = route.type.fromBody(json);
      } catch (e) {
        return this.#error(
          req,
          reply,
          STATUS.UNPROCESSABLE,
          `Request body does not fit ${route.type.name}: ${e instanceof Error ? e.message : String(e)}`,
        );
      }
    } else if (route.type.requiredFields.length === 0) {
      // A bodiless GET ping: the header synapse is the request.
      synapse = route.type.fromBody({});
      synapse.timeout = fromHeaders.timeout;
    } else {
      return this.#error(
        req,
        reply,
        STATUS.UNPROCESSABLE,
        `Request body is empty; ${route.type.name} has required fields`,
      );
    }
    const bodyHash = synapse.bodyHash;
    if (bodyHash !== fromHeaders.computedBodyHash) {
      // bittensor raises ValueError here, which its middleware turns into a 500; we keep the status and
      // add the reason.
      return this.#error(
        req,
        reply,
        BODY_HASH_MISMATCH_STATUS,
        `Internal Server Error #${randomUUID()}: Hash mismatch between header body hash ${fromHeaders.computedBodyHash} and parsed body hash ${bodyHash}`,
      );
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
        return this.#error(req, reply, STATUS.INTERNAL, `Internal Server Error #${randomUUID()}`);
      }
    }
    const timeoutMs = timerMs(synapse.timeout * 1000 - (performance.now() - start));
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
    const ctx: ForwardContext = {
      peer: { ip: req.socket.remoteAddress ?? '', port: req.socket.remotePort ?? 0 },
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
          return this.#error(
            req,
            reply,
            STATUS.TIMEOUT,
            `Response timeout after: ${pyFloatRepr(synapse.timeout)}s`,
          );
        }
        return this.#error(req, reply, STATUS.UNAVAILABLE, `Service unavailable: ${e.message}`);
      }
      return this.#error(req, reply, STATUS.INTERNAL, `Internal Server Error #${randomUUID()}`);
    }
    clearTimeout(timer);
    if (result === 'timeout') {
      return this.#error(
        req,
        reply,
        STATUS.TIMEOUT,
        `Response timeout after: ${pyFloatRepr(synapse.timeout)}s`,
      );
    }
    if (result !== undefined && 'kind' in result) return this.#stream(reply, result, start);
    return this.#respond(reply, result ?? synapse, start);
  }

  #finish(synapse: Synapse, start: number): void {
    if (synapse.axon.statusCode === null || synapse.axon.statusCode === 100) synapse.axon.statusCode = 200;
    if (synapse.axon.statusCode === 200 && !synapse.axon.statusMessage)
      synapse.axon.statusMessage = 'Success';
    synapse.axon.processTime = (performance.now() - start) / 1000;
  }

  #respond(reply: FastifyReply, synapse: Synapse, start: number): FastifyReply {
    this.#finish(synapse, start);
    let body: string;
    let headers: Record<string, string>;
    try {
      // Headers first: they refresh total_size, which the body then carries too (as bittensor's do).
      headers = safeHeaders(synapse.toHeaders());
      body = synapse.toBody('compact');
    } catch {
      return this.#errorReply(reply, STATUS.INTERNAL, `Internal Server Error #${randomUUID()}`, undefined);
    }
    const status = synapse.axon.statusCode ?? 200;
    const payload = Buffer.from(body, 'utf8');
    if (!Number.isInteger(status) || status < 200 || status > 599) {
      // fastify's checks and errors for the unusual status a forward may have set.
      return reply.code(status).headers(headers).header('content-type', 'application/json').send(payload);
    }
    // The hot path writes the answer itself: one flat header list straight to node:http, without
    // fastify's per-header bookkeeping and send pipeline (no hooks or serializers are in use).
    const flat: string[] = [];
    for (const k in headers) flat.push(k, headers[k] as string);
    flat.push('content-type', 'application/json', 'content-length', String(payload.length));
    reply.hijack();
    reply.raw.writeHead(status, flat);
    reply.raw.end(payload);
    return reply;
  }

  #stream(reply: FastifyReply, result: StreamingReply<FieldSpecs>, start: number): FastifyReply {
    this.#finish(result.synapse, start);
    const chunks = result.chunks;
    const body = Readable.from(
      (async function* () {
        for await (const c of chunks) yield typeof c === 'string' ? Buffer.from(c, 'utf8') : Buffer.from(c);
      })(),
    );
    return reply
      .code(200)
      .headers(safeHeaders(result.synapse.toHeaders()))
      .header('content-type', 'text/event-stream')
      .send(body);
  }

  /** bittensor's `create_error_response`: `{"message": …}` plus the middleware synapse's headers. */
  #error(req: FastifyRequest, reply: FastifyReply, status: number, message: string): FastifyReply {
    return this.#errorReply(reply, status, message, this.#state.get(req)?.synapse);
  }

  #errorReply(
    reply: FastifyReply,
    status: number,
    message: string,
    synapse: Synapse | undefined,
  ): FastifyReply {
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
        headers = safeHeaders(synapse.toHeaders());
      } catch {
        headers = {};
      }
    } else {
      headers = {
        bt_header_axon_status_code: String(status),
        bt_header_axon_status_message: headerSafe(message),
      };
    }
    return reply
      .code(status)
      .headers(headers)
      .header('content-type', 'application/json')
      .send(Buffer.from(JSON.stringify({ message }), 'utf8'));
  }
}
