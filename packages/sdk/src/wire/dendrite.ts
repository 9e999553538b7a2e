// The dendrite: bittensor's client on undici. One keep-alive connection pool per axon origin is reused
// across calls; `forward` fans a synapse out to many axons concurrently, each call with its own timeout,
// and never throws: a dead, slow or broken axon yields a synapse whose `dendrite.statusCode` and
// `statusMessage` say what happened (bittensor's DENDRITE_ERROR_MAPPING), with the latency in seconds
// in `dendrite.processTime`.
import { randomUUID } from 'node:crypto';
import { Agent, errors as undiciErrors, request } from 'undici';
import { type Keypair, parseJsonExact, toHex, utf8 } from '@tao-ts/primitives';
import { timerMs } from './axon.js';
import { exchange } from './dendrite-exchange.js';
import { InvalidIpError } from './errors.js';
import { WIRE_VERSION_INT, ipType } from './ip.js';
import { NonceClock } from './nonce.js';
import { type PyValue } from './pystr.js';
import { requestMessage } from './signing.js';
import { type DendriteFailure, dendriteFailureStatus } from './status.js';
import type { FieldSpecs, Synapse } from './synapse.js';
import { type TerminalInfo, emptyTerminal, setTerminalField, toFloat, toSmallInt } from './terminal.js';

/** Where to send: an axon's published endpoint and hotkey (a metagraph AxonInfo has these). */
export interface AxonTarget {
  readonly ip: string;
  readonly port: number;
  readonly hotkey: string;
}

export interface DendriteOptions {
  /** The dendrite's hotkey: signs every request. */
  readonly keypair: Keypair;
  /**
   * IP announced in `bt_header_dendrite_ip` (default 0.0.0.0). bittensor looks it up when it makes a
   * dendrite; `await lookupExternalIp()` finds it the same way.
   */
  readonly externalIp?: string;
  /** Connections kept per axon origin (default 16). */
  readonly connectionsPerAxon?: number;
}

export interface CallOptions {
  /** Seconds (default 12, bittensor's). */
  readonly timeout?: number;
}

class ResponseParseError extends Error {}

function errorCode(e: unknown): string | undefined {
  const own = (e as { code?: unknown }).code;
  if (typeof own === 'string') return own;
  const cause = (e as { cause?: { code?: unknown } }).cause;
  return typeof cause?.code === 'string' ? cause.code : undefined;
}

/** Which of bittensor's aiohttp exception classes an undici failure corresponds to. */
export function classifyFailure(e: unknown): DendriteFailure {
  if (e instanceof ResponseParseError) return 'Other';
  const name = (e as { name?: unknown }).name;
  if (name === 'TimeoutError' || name === 'AbortError' || e instanceof undiciErrors.RequestAbortedError) {
    return 'TimeoutError';
  }
  if (e instanceof undiciErrors.ConnectTimeoutError) return 'TimeoutError';
  if (e instanceof undiciErrors.HeadersTimeoutError || e instanceof undiciErrors.BodyTimeoutError) {
    return 'ServerTimeoutError';
  }
  if (e instanceof undiciErrors.ResponseContentLengthMismatchError) return 'ClientPayloadError';
  const code = errorCode(e);
  if (
    code === 'ECONNREFUSED' ||
    code === 'ENOTFOUND' ||
    code === 'EHOSTUNREACH' ||
    code === 'ENETUNREACH' ||
    code === 'EAI_AGAIN'
  ) {
    return 'ClientConnectorError';
  }
  if (e instanceof undiciErrors.SocketError || code === 'ECONNRESET' || code === 'EPIPE')
    return 'ServerDisconnectedError';
  if (e instanceof undiciErrors.UndiciError) return 'ClientError';
  return 'Other';
}

function hostFor(ip: string): string {
  return ip.includes(':') ? `[${ip}]` : ip;
}

function headerText(v: string | string[] | undefined): string | undefined {
  return v === undefined ? undefined : Array.isArray(v) ? v.join(', ') : v;
}

/** A DOMException named TimeoutError, as `AbortSignal.timeout` aborts with (classifyFailure reads the name). */
function timeoutReason(): Error {
  return new DOMException('The operation was aborted due to timeout', 'TimeoutError');
}

/** Copies the non-null fields of `theirs` onto `mine`. */
function overlay(mine: TerminalInfo, theirs: TerminalInfo): void {
  for (const key in theirs) {
    const k = key as keyof TerminalInfo;
    if (theirs[k] !== null) (mine as unknown as Record<string, unknown>)[k] = theirs[k];
  }
}

export class Dendrite {
  readonly uuid = randomUUID();
  readonly keypair: Keypair;
  readonly hotkey: string;
  readonly externalIp: string;
  readonly #clock = new NonceClock();
  readonly #agent: Agent;

  constructor(options: DendriteOptions) {
    this.keypair = options.keypair;
    this.hotkey = options.keypair.address;
    this.externalIp = options.externalIp ?? '0.0.0.0';
    try {
      ipType(this.externalIp);
    } catch {
      throw new InvalidIpError(
        `externalIp: ${JSON.stringify(this.externalIp)} is not an IPv4 or IPv6 address`,
        'externalIp',
      );
    }
    this.#agent = new Agent({
      connections: options.connectionsPerAxon ?? 16,
      keepAliveTimeout: 60_000,
      pipelining: 1,
    });
  }

  /** bittensor's `preprocess_synapse_for_request`: a signed copy addressed to `target`. */
  prepare<F extends FieldSpecs>(target: AxonTarget, synapse: Synapse<F>, timeout: number): Synapse<F> {
    return this.#prepare(target, synapse, timeout).s;
  }

  /** `prepare`, also giving the body hash it signed (the headers carry it: hashed once per call). */
  #prepare<F extends FieldSpecs>(
    target: AxonTarget,
    synapse: Synapse<F>,
    timeout: number,
  ): { s: Synapse<F>; bodyHash: string } {
    const s = synapse.clone();
    s.timeout = timeout;
    s.dendrite = {
      ...emptyTerminal(),
      ip: this.externalIp,
      version: WIRE_VERSION_INT,
      nonce: this.#clock.next(),
      uuid: this.uuid,
      hotkey: this.hotkey,
    };
    s.axon = { ...emptyTerminal(), ip: target.ip, port: target.port, hotkey: target.hotkey };
    const bodyHash = s.bodyHash;
    const message = requestMessage({
      nonce: s.dendrite.nonce as bigint,
      dendriteHotkey: this.hotkey,
      axonHotkey: target.hotkey,
      uuid: this.uuid,
      bodyHash,
    });
    s.dendrite.signature = toHex(this.keypair.sign(utf8(message)));
    return { s, bodyHash };
  }

  #origin(target: AxonTarget): string {
    // bittensor calls its own external IP through 0.0.0.0; loopback is the same host and portable.
    const ip = target.ip === this.externalIp && this.externalIp !== '0.0.0.0' ? '127.0.0.1' : target.ip;
    return `http://${hostFor(ip)}:${target.port}`;
  }

  #url(target: AxonTarget, name: string): string {
    return `${this.#origin(target)}/${name}`;
  }

  /** One signed request. Never throws: failures are in `dendrite.statusCode` / `statusMessage`. */
  async call<F extends FieldSpecs>(
    target: AxonTarget,
    synapse: Synapse<F>,
    options: CallOptions = {},
  ): Promise<Synapse<F>> {
    const timeout = options.timeout ?? 12;
    const start = performance.now();
    let s = synapse;
    try {
      const prepared = this.#prepare(target, synapse, timeout);
      s = prepared.s;
      const headers = s.toHeaders({ bodyHash: prepared.bodyHash });
      headers['content-type'] = 'application/json';
      const res = await exchange(this.#agent, {
        origin: this.#origin(target),
        path: `/${s.name}`,
        headers,
        body: s.toBody('python'),
        timeoutMs: Math.max(1, Math.round(timerMs(timeout * 1000))),
        timeoutReason,
      });
      let json: PyValue;
      try {
        json = res.status === 200 ? s.type.parseBody(res.text) : parseJsonExact(res.text);
      } catch (e) {
        throw new ResponseParseError(
          `response of ${target.ip}:${target.port} is not JSON: ${e instanceof Error ? e.message : String(e)}`,
        );
      }
      s = this.#absorb(s, res.status, json, res.headers);
    } catch (e) {
      this.#fail(s, target, e);
    }
    s.dendrite.processTime = (performance.now() - start) / 1000;
    return s;
  }

  /**
   * A streaming request (bittensor's `call_stream`): yields each raw chunk, then the filled synapse.
   * Never throws; a failure yields only the synapse with its status.
   */
  async *callStream<F extends FieldSpecs>(
    target: AxonTarget,
    synapse: Synapse<F>,
    options: CallOptions = {},
  ): AsyncGenerator<Uint8Array | Synapse<F>> {
    const timeout = options.timeout ?? 12;
    const start = performance.now();
    let s = synapse;
    try {
      s = this.prepare(target, synapse, timeout);
      const headers = s.toHeaders();
      const res = await request(this.#url(target, s.name), {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: s.toBody('python'),
        dispatcher: this.#agent,
        signal: AbortSignal.timeout(Math.max(1, Math.round(timerMs(timeout * 1000)))),
        headersTimeout: 0,
        bodyTimeout: 0,
      });
      if (res.statusCode === 200) {
        for await (const chunk of res.body) yield new Uint8Array(chunk as Buffer);
        s.axon.statusCode = 200;
        s.axon.statusMessage = 'Success';
        this.#mergeHeaders(s, res.headers);
        s.dendrite.statusCode = s.axon.statusCode;
        s.dendrite.statusMessage = s.axon.statusMessage;
      } else {
        const text = await res.body.text();
        let json: PyValue = {};
        try {
          json = parseJsonExact(text);
        } catch {
          json = { message: text };
        }
        s = this.#absorb(s, res.statusCode, json, res.headers);
      }
    } catch (e) {
      this.#fail(s, target, e);
    }
    s.dendrite.processTime = (performance.now() - start) / 1000;
    yield s;
  }

  /** Fan-out: the same synapse to every axon concurrently, results in input order. Never throws. */
  forward<F extends FieldSpecs>(
    targets: readonly AxonTarget[],
    synapse: Synapse<F>,
    options: CallOptions = {},
  ): Promise<Synapse<F>[]> {
    return Promise.all(targets.map((t) => this.call(t, synapse, options)));
  }

  async close(): Promise<void> {
    await this.#agent.close();
  }

  // bittensor's process_server_response.
  #absorb<F extends FieldSpecs>(
    local: Synapse<F>,
    status: number,
    json: PyValue,
    headers: Record<string, string | string[] | undefined>,
  ): Synapse<F> {
    let s = local;
    if (status === 200) {
      try {
        s = local.type.fromBody(json);
      } catch (e) {
        throw new ResponseParseError(
          `response body does not fit ${local.name}: ${e instanceof Error ? e.message : String(e)}`,
        );
      }
    } else {
      s.axon.statusCode = status;
      const message =
        json !== null && typeof json === 'object' && !Array.isArray(json)
          ? (json as { message?: PyValue }).message
          : undefined;
      s.axon.statusMessage = typeof message === 'string' ? message : null;
    }
    this.#mergeHeaders(s, headers);
    s.dendrite.statusCode = s.axon.statusCode;
    s.dendrite.statusMessage = s.axon.statusMessage;
    return s;
  }

  /** The server's `bt_header_axon_*` / `bt_header_dendrite_*` values override the local ones. */
  #mergeHeaders<F extends FieldSpecs>(
    s: Synapse<F>,
    headers: Record<string, string | string[] | undefined>,
  ): void {
    const axon = emptyTerminal();
    const dendrite = emptyTerminal();
    try {
      // What BaseSynapse.fromHeaders would refuse makes the whole merge void, as before.
      const timeout = headerText(headers.timeout);
      if (timeout !== undefined) toFloat(timeout, 'timeout');
      for (const size of ['total_size', 'header_size']) {
        const text = headerText(headers[size]);
        if (text !== undefined) toSmallInt(text, size);
      }
      for (const k in headers) {
        if (!k.startsWith('bt_header_')) continue;
        const text = headerText(headers[k]);
        if (text === undefined) continue;
        if (k.startsWith('bt_header_axon_')) setTerminalField(axon, k.slice(15), text, 'axon');
        else if (k.startsWith('bt_header_dendrite_')) {
          setTerminalField(dendrite, k.slice(19), text, 'dendrite');
        }
      }
    } catch {
      return; // bittensor would fail here too; keep what the body said.
    }
    overlay(s.dendrite, dendrite);
    overlay(s.axon, axon);
  }

  #fail<F extends FieldSpecs>(s: Synapse<F>, target: AxonTarget, e: unknown): void {
    const kind = classifyFailure(e);
    const { statusCode, statusMessage } = dendriteFailureStatus(kind, {
      ip: target.ip,
      port: target.port,
      name: s.name,
      timeout: s.timeout,
      detail: e instanceof Error ? e.message : String(e),
    });
    s.dendrite.statusCode = statusCode;
    s.dendrite.statusMessage = statusMessage;
  }
}
