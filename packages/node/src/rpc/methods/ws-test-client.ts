/**
 * A bare JSON-RPC WebSocket client for the protocol tests: requests by id, and each
 * subscription's notifications kept in arrival order so a test can assert the exact sequence.
 */
import { WebSocket } from 'ws';

export interface RpcFailure {
  readonly code: number;
  readonly message: string;
}

export class RpcReplyError extends Error {
  constructor(readonly failure: RpcFailure) {
    super(`${failure.code}: ${failure.message}`);
    this.name = 'RpcReplyError';
  }
}

interface Waiter {
  resolve(value: unknown): void;
  reject(error: Error): void;
}

export class WsTestClient {
  private nextId = 1;
  private readonly pending = new Map<number, Waiter>();
  private readonly queues = new Map<string, unknown[]>();
  private readonly waiting = new Map<string, Waiter>();

  private constructor(private readonly socket: WebSocket) {
    socket.on('message', (data: Buffer) => this.receive(JSON.parse(data.toString('utf8')) as unknown));
  }

  static async connect(url: string): Promise<WsTestClient> {
    const socket = new WebSocket(url);
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    return new WsTestClient(socket);
  }

  request<T = unknown>(method: string, params: unknown[] = []): Promise<T> {
    const id = this.nextId++;
    this.socket.send(JSON.stringify({ jsonrpc: '2.0', id, method, params }));
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: (v) => resolve(v as T), reject });
    });
  }

  /** The error a request fails with (the test fails when it succeeds). */
  async failure(method: string, params: unknown[] = []): Promise<RpcFailure> {
    try {
      await this.request(method, params);
    } catch (error) {
      if (error instanceof RpcReplyError) return error.failure;
      throw error;
    }
    throw new Error(`${method} succeeded where it should have failed`);
  }

  /** The next notification of `subscription`, in arrival order. */
  next<T = Record<string, unknown>>(subscription: string, timeoutMs = 5_000): Promise<T> {
    const queue = this.queues.get(subscription);
    if (queue !== undefined && queue.length > 0) return Promise.resolve(queue.shift() as T);
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(subscription);
        reject(new Error(`no notification on ${subscription} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiting.set(subscription, {
        resolve: (v) => {
          clearTimeout(timer);
          resolve(v as T);
        },
        reject,
      });
    });
  }

  /** Notifications of `subscription` received and not yet taken. */
  queued(subscription: string): unknown[] {
    return [...(this.queues.get(subscription) ?? [])];
  }

  async close(): Promise<void> {
    if (this.socket.readyState === WebSocket.CLOSED) return;
    const closed = new Promise((resolve) => this.socket.once('close', resolve));
    this.socket.close();
    await closed;
  }

  private receive(message: unknown): void {
    if (message === null || typeof message !== 'object') return;
    const m = message as { id?: number; result?: unknown; error?: RpcFailure; params?: unknown };
    if (typeof m.id === 'number') {
      const waiter = this.pending.get(m.id);
      this.pending.delete(m.id);
      if (m.error !== undefined) waiter?.reject(new RpcReplyError(m.error));
      else waiter?.resolve(m.result);
      return;
    }
    const params = m.params as { subscription?: string; result?: unknown } | undefined;
    if (params?.subscription === undefined) return;
    const waiter = this.waiting.get(params.subscription);
    if (waiter !== undefined) {
      this.waiting.delete(params.subscription);
      waiter.resolve(params.result);
      return;
    }
    const queue = this.queues.get(params.subscription) ?? [];
    queue.push(params.result);
    this.queues.set(params.subscription, queue);
  }
}
