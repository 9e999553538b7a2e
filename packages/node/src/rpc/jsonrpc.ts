/**
 * JSON-RPC 2.0 over any transport: parsing and validating requests (single and batch), routing
 * to method handlers, subscriptions on connections that can carry notifications, and the error
 * codes Substrate clients expect. Nothing a client sends can crash it: every failure becomes an
 * error response naming what was wrong.
 */
import { randomBytes } from 'node:crypto';

export const PARSE_ERROR = -32700;
export const INVALID_REQUEST = -32600;
export const METHOD_NOT_FOUND = -32601;
export const INVALID_PARAMS = -32602;
export const INTERNAL_ERROR = -32603;

export class RpcError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly data?: unknown,
  ) {
    super(message);
    this.name = 'RpcError';
  }
}

export const invalidParams = (message: string): RpcError =>
  new RpcError(INVALID_PARAMS, `Invalid params: ${message}`);

type Id = string | number | null;

interface Request {
  readonly id: Id | undefined;
  readonly method: string;
  readonly params: unknown;
}

export interface Response {
  readonly jsonrpc: '2.0';
  readonly id: Id;
  readonly result?: unknown;
  readonly error?: { code: number; message: string; data?: unknown };
}

/** Where notifications go; absent on transports without a push channel (HTTP). */
export interface Connection {
  readonly id: number;
  send(message: unknown): void;
  /** Cleanups of this connection's live subscriptions, by subscription id. */
  readonly subscriptions: Map<string, () => void>;
}

export interface CallContext {
  readonly connection: Connection | undefined;
}

export type Handler = (params: Params, ctx: CallContext) => unknown;

/** A subscription: `start` sends notifications through `emit` and returns its cleanup. */
export interface SubscriptionSpec {
  readonly subscribe: string;
  readonly unsubscribe: string;
  readonly notification: string;
  start(
    params: Params,
    emit: (result: unknown) => void,
    ctx: CallContext & { subscriptionId: string },
  ): () => void;
}

export const MAX_SUBSCRIPTIONS_PER_CONNECTION = 1024;
export const MAX_BATCH = 1000;

/** Positional (or named) parameters with typed accessors that fail with -32602 naming the parameter. */
export class Params {
  /** The params member exactly as sent (an array, an object or undefined). */
  constructor(readonly raw: unknown) {}

  static of(raw: unknown): Params {
    return new Params(raw);
  }

  get length(): number {
    return Array.isArray(this.raw) ? this.raw.length : 0;
  }

  /** The i-th parameter (or the named one when the client sent an object). */
  at(i: number, name: string): unknown {
    if (Array.isArray(this.raw)) return this.raw[i];
    if (this.raw !== null && typeof this.raw === 'object') return (this.raw as Record<string, unknown>)[name];
    return undefined;
  }

  optional(i: number, name: string): unknown {
    const value = this.at(i, name);
    return value === null ? undefined : value;
  }

  required(i: number, name: string): unknown {
    const value = this.at(i, name);
    if (value === undefined || value === null) throw invalidParams(`${name} is required`);
    return value;
  }

  string(i: number, name: string): string {
    const value = this.required(i, name);
    if (typeof value !== 'string') throw invalidParams(`${name} must be a string`);
    return value;
  }

  /** 0x-prefixed hex → bytes (optionally of an exact length). */
  hex(i: number, name: string, length?: number): Uint8Array {
    return parseHex(this.string(i, name), name, length);
  }

  optionalHex(i: number, name: string, length?: number): Uint8Array | undefined {
    const value = this.optional(i, name);
    if (value === undefined) return undefined;
    if (typeof value !== 'string') throw invalidParams(`${name} must be a hex string`);
    return parseHex(value, name, length);
  }

  /** A non-negative safe integer given as a number or a hex/decimal string. */
  optionalNumber(i: number, name: string, max = Number.MAX_SAFE_INTEGER): number | undefined {
    const value = this.optional(i, name);
    if (value === undefined) return undefined;
    let n: number;
    if (typeof value === 'number') n = value;
    else if (typeof value === 'string' && /^0x[0-9a-fA-F]{1,16}$/.test(value)) n = Number.parseInt(value, 16);
    else if (typeof value === 'string' && /^[0-9]{1,16}$/.test(value)) n = Number.parseInt(value, 10);
    else throw invalidParams(`${name} must be a non-negative integer`);
    if (!Number.isSafeInteger(n) || n < 0 || n > max)
      throw invalidParams(`${name} must be an integer in [0, ${max}]`);
    return n;
  }

  number(i: number, name: string, max?: number): number {
    const n = this.optionalNumber(i, name, max);
    if (n === undefined) throw invalidParams(`${name} is required`);
    return n;
  }

  optionalBoolean(i: number, name: string): boolean | undefined {
    const value = this.optional(i, name);
    if (value === undefined) return undefined;
    if (typeof value !== 'boolean') throw invalidParams(`${name} must be a boolean`);
    return value;
  }

  array(i: number, name: string, max = 1000): unknown[] {
    const value = this.required(i, name);
    if (!Array.isArray(value)) throw invalidParams(`${name} must be an array`);
    if (value.length > max) throw invalidParams(`${name} has more than ${max} entries`);
    return value;
  }
}

export function parseHex(text: string, name: string, length?: number): Uint8Array {
  if (!/^0x([0-9a-fA-F]{2})*$/.test(text))
    throw invalidParams(`${name} must be 0x-prefixed hex with whole bytes`);
  const bytes = new Uint8Array(Buffer.from(text.slice(2), 'hex'));
  if (length !== undefined && bytes.length !== length) {
    throw invalidParams(`${name} must be ${length} bytes, got ${bytes.length}`);
  }
  return bytes;
}

function failure(id: Id, error: unknown): Response {
  if (error instanceof RpcError) {
    return {
      jsonrpc: '2.0',
      id,
      error: {
        code: error.code,
        message: error.message,
        ...(error.data !== undefined ? { data: error.data } : {}),
      },
    };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { jsonrpc: '2.0', id, error: { code: INTERNAL_ERROR, message: `Internal error: ${message}` } };
}

function parseRequest(value: unknown): Request | RpcError {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return new RpcError(INVALID_REQUEST, 'Invalid request: expected an object');
  }
  const obj = value as Record<string, unknown>;
  if (obj['jsonrpc'] !== '2.0')
    return new RpcError(INVALID_REQUEST, 'Invalid request: jsonrpc must be "2.0"');
  const id = obj['id'];
  if (
    id !== undefined &&
    id !== null &&
    typeof id !== 'string' &&
    !(typeof id === 'number' && Number.isFinite(id))
  ) {
    return new RpcError(INVALID_REQUEST, 'Invalid request: id must be a string, a number or null');
  }
  if (typeof obj['method'] !== 'string')
    return new RpcError(INVALID_REQUEST, 'Invalid request: method must be a string');
  const params = obj['params'];
  if (params !== undefined && (params === null || typeof params !== 'object')) {
    return new RpcError(INVALID_REQUEST, 'Invalid request: params must be an array or an object');
  }
  return { id: id, method: obj['method'], params };
}

export interface DispatcherHooks {
  /** Called after every call with its method (or "unknown") and duration. */
  onCall?(method: string, seconds: number, ok: boolean): void;
}

export class Dispatcher {
  private readonly methods = new Map<string, Handler>();
  private readonly unsubscribers = new Map<string, true>();
  private readonly lookaheads = new Map<string, (params: Params) => void>();

  constructor(private readonly hooks: DispatcherHooks = {}) {}

  method(name: string, handler: Handler): void {
    if (this.methods.has(name)) throw new Error(`RPC method ${name} registered twice`);
    this.methods.set(name, handler);
  }

  /**
   * Work to start for calls of `name` as soon as they arrive, while they wait their turn behind a
   * connection's earlier messages. It may only prepare what the call itself would compute (a
   * signature checked on another thread): the call still runs in order, with the same outcome.
   */
  lookahead(name: string, prepare: (params: Params) => void): void {
    if (this.lookaheads.has(name)) throw new Error(`RPC lookahead ${name} registered twice`);
    this.lookaheads.set(name, prepare);
  }

  /** A message has arrived (see `lookahead`). Never throws; most messages cost a substring scan. */
  arrived(text: string): void {
    if (this.lookaheads.size === 0) return;
    let named = false;
    for (const name of this.lookaheads.keys()) named ||= text.includes(name);
    if (!named) return;
    try {
      const body: unknown = JSON.parse(text);
      for (const item of Array.isArray(body) ? body.slice(0, MAX_BATCH) : [body]) {
        const request = parseRequest(item);
        if (request instanceof RpcError) continue;
        this.lookaheads.get(request.method)?.(Params.of(request.params));
      }
    } catch {
      // Whatever fails here fails again, and is answered, when the message's turn comes.
    }
  }

  subscription(spec: SubscriptionSpec): void {
    this.method(spec.subscribe, (params, ctx) => {
      const connection = ctx.connection;
      if (connection === undefined) {
        throw new RpcError(METHOD_NOT_FOUND, `${spec.subscribe}: subscriptions need a WebSocket connection`);
      }
      if (connection.subscriptions.size >= MAX_SUBSCRIPTIONS_PER_CONNECTION) {
        throw new RpcError(
          INTERNAL_ERROR,
          `Too many subscriptions on this connection (max ${MAX_SUBSCRIPTIONS_PER_CONNECTION})`,
        );
      }
      const subscriptionId = randomBytes(8).toString('hex');
      // Notifications leave after the response carrying the subscription id (clients route them by
      // it), hence the macrotask; setImmediate keeps them in order.
      const emit = (result: unknown): void => {
        setImmediate(() => {
          if (!connection.subscriptions.has(subscriptionId)) return;
          connection.send({
            jsonrpc: '2.0',
            method: spec.notification,
            params: { subscription: subscriptionId, result },
          });
        });
      };
      // Register before starting: a subscription may notify synchronously (the current head).
      let stop: (() => void) | undefined;
      connection.subscriptions.set(subscriptionId, () => stop?.());
      try {
        stop = spec.start(params, emit, { ...ctx, subscriptionId });
      } catch (error) {
        connection.subscriptions.delete(subscriptionId);
        throw error;
      }
      return subscriptionId;
    });
    if (!this.unsubscribers.has(spec.unsubscribe)) {
      this.unsubscribers.set(spec.unsubscribe, true);
      this.method(spec.unsubscribe, (params, ctx) => {
        const id = params.at(0, 'subscription');
        if (typeof id !== 'string' && typeof id !== 'number')
          throw invalidParams('subscription id is required');
        const cleanup = ctx.connection?.subscriptions.get(String(id));
        if (cleanup === undefined) return false;
        ctx.connection?.subscriptions.delete(String(id));
        cleanup();
        return true;
      });
    }
  }

  get methodNames(): string[] {
    return [...this.methods.keys()].sort();
  }

  /** Handle one parsed JSON body: a request, a notification or a batch. undefined = nothing to send. */
  async handle(
    body: unknown,
    connection: Connection | undefined,
  ): Promise<Response | Response[] | undefined> {
    if (Array.isArray(body)) {
      if (body.length === 0)
        return failure(null, new RpcError(INVALID_REQUEST, 'Invalid request: empty batch'));
      if (body.length > MAX_BATCH) {
        return failure(
          null,
          new RpcError(INVALID_REQUEST, `Invalid request: batch larger than ${MAX_BATCH}`),
        );
      }
      const responses: Response[] = [];
      for (const item of body) {
        const response = await this.handleOne(item, connection);
        if (response !== undefined) responses.push(response);
      }
      return responses.length > 0 ? responses : undefined;
    }
    return this.handleOne(body, connection);
  }

  /** Handle raw text (parse errors included). */
  async handleText(
    text: string,
    connection: Connection | undefined,
  ): Promise<Response | Response[] | undefined> {
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return failure(null, new RpcError(PARSE_ERROR, 'Parse error: the body is not valid JSON'));
    }
    return this.handle(body, connection);
  }

  private async handleOne(value: unknown, connection: Connection | undefined): Promise<Response | undefined> {
    const request = parseRequest(value);
    if (request instanceof RpcError) return failure(idOf(value), request);
    const handler = this.methods.get(request.method);
    const started = performance.now();
    let ok = false;
    try {
      if (handler === undefined) throw new RpcError(METHOD_NOT_FOUND, `Method not found: ${request.method}`);
      const result = await handler(Params.of(request.params), { connection });
      ok = true;
      if (request.id === undefined) return undefined;
      return { jsonrpc: '2.0', id: request.id, result: result === undefined ? null : result };
    } catch (error) {
      if (request.id === undefined) return undefined;
      return failure(request.id, error);
    } finally {
      this.hooks.onCall?.(
        handler === undefined ? 'unknown' : request.method,
        (performance.now() - started) / 1000,
        ok,
      );
    }
  }
}

function idOf(value: unknown): Id {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const id = (value as Record<string, unknown>)['id'];
    if (typeof id === 'string' || (typeof id === 'number' && Number.isFinite(id))) return id;
  }
  return null;
}
