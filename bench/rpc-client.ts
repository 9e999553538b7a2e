/**
 * A minimal pipelining JSON-RPC client for the node benchmark: requests go out without waiting
 * for earlier answers, answers are matched by id. Requests can be serialized ahead of time so the
 * timed part of a benchmark spends as little as possible in the client.
 */
import WebSocket from 'ws';

interface Answer {
  readonly id?: number;
  readonly result?: unknown;
  readonly error?: { code: number; message: string; data?: unknown };
  readonly method?: string;
  readonly params?: { subscription: string; result: unknown };
}

export class RpcRequestError extends Error {
  constructor(
    readonly method: string,
    readonly code: number,
    message: string,
  ) {
    super(`${method}: ${code} ${message}`);
  }
}

export interface Prepared {
  readonly id: number;
  readonly method: string;
  readonly text: string;
}

export class RpcClient {
  private nextId = 1;
  private readonly pending = new Map<
    number,
    { method: string; resolve: (v: unknown) => void; reject: (e: Error) => void }
  >();
  private readonly subscriptions = new Map<string, (result: unknown) => void>();
  // Notifications may overtake the answer that names their subscription; keep them until then.
  private readonly early = new Map<string, unknown[]>();

  private constructor(private readonly socket: WebSocket) {
    socket.on('message', (data: Buffer) => this.receive(data.toString('utf8')));
    socket.on('close', () => {
      for (const { method, reject } of this.pending.values())
        reject(new RpcRequestError(method, -1, 'connection closed'));
      this.pending.clear();
    });
  }

  static connect(url: string): Promise<RpcClient> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url, { perMessageDeflate: false, maxPayload: 64 * 1024 * 1024 });
      socket.once('open', () => resolve(new RpcClient(socket)));
      socket.once('error', reject);
    });
  }

  private receive(text: string): void {
    const answer = JSON.parse(text) as Answer;
    if (answer.id === undefined) {
      if (answer.params === undefined) return;
      const { subscription, result } = answer.params;
      const handler = this.subscriptions.get(subscription);
      if (handler) handler(result);
      else this.early.set(subscription, [...(this.early.get(subscription) ?? []), result]);
      return;
    }
    const waiter = this.pending.get(answer.id);
    if (waiter === undefined) return;
    this.pending.delete(answer.id);
    if (answer.error !== undefined)
      waiter.reject(new RpcRequestError(waiter.method, answer.error.code, answer.error.message));
    else waiter.resolve(answer.result);
  }

  /** A request serialized now, sent later with `sendPrepared`. */
  prepare(method: string, params: readonly unknown[]): Prepared {
    const id = this.nextId++;
    return { id, method, text: JSON.stringify({ jsonrpc: '2.0', id, method, params }) };
  }

  sendPrepared(request: Prepared): Promise<unknown> {
    return new Promise((resolve, reject) => {
      this.pending.set(request.id, { method: request.method, resolve, reject });
      this.socket.send(request.text);
    });
  }

  request(method: string, params: readonly unknown[] = []): Promise<unknown> {
    return this.sendPrepared(this.prepare(method, params));
  }

  async subscribe(
    method: string,
    params: readonly unknown[],
    handler: (result: unknown) => void,
  ): Promise<void> {
    const id = await this.request(method, params);
    if (typeof id !== 'string') throw new Error(`${method}: expected a subscription id, got ${String(id)}`);
    this.subscriptions.set(id, handler);
    for (const result of this.early.get(id) ?? []) handler(result);
    this.early.delete(id);
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      if (this.socket.readyState === WebSocket.CLOSED) return resolve();
      this.socket.once('close', () => resolve());
      this.socket.close();
    });
  }
}
