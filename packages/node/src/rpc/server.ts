/**
 * The RPC endpoint: JSON-RPC over HTTP POST and WebSocket on one port (as Substrate serves them),
 * plus `GET /health`. Bodies are size-limited, connections are counted, and a closing socket
 * drops its subscriptions.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import websocket from '@fastify/websocket';
import type { WebSocket } from 'ws';
import { TaoError } from '@tao-ts/primitives';
import type { Connection, Dispatcher } from './jsonrpc.js';

/** A port the node cannot listen on: taken by another process, or not permitted. */
export class ListenError extends TaoError {
  constructor(what: string, host: string, port: number, flag: string, cause: unknown) {
    const code = (cause as { code?: unknown } | null)?.code;
    const why =
      code === 'EADDRINUSE'
        ? 'is already in use (another node or program is listening there)'
        : code === 'EACCES'
          ? 'is not permitted for this user'
          : `cannot be opened (${cause instanceof Error ? cause.message : String(cause)})`;
    super('LISTEN', `the ${what} port ${host}:${port} ${why}; choose another with ${flag}`, { cause });
  }
}

export interface RpcServerOptions {
  readonly host: string;
  readonly port: number;
  readonly maxRequestBytes?: number;
  readonly maxConnections?: number;
  /** Extra health fields (peers, syncing…). */
  readonly health: () => unknown;
  readonly onConnectionsChanged?: (count: number) => void;
}

export interface RpcServer {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

const DEFAULT_MAX_REQUEST = 15 * 1024 * 1024;
/** Longest a connection's message queue runs before letting timers and other sockets in (ms). */
const SLICE_MS = 10;

export async function startRpcServer(dispatcher: Dispatcher, options: RpcServerOptions): Promise<RpcServer> {
  const maxRequestBytes = options.maxRequestBytes ?? DEFAULT_MAX_REQUEST;
  const maxConnections = options.maxConnections ?? 100;
  const app: FastifyInstance = Fastify({ bodyLimit: maxRequestBytes, logger: false });
  // JSON-RPC bodies are parsed by the dispatcher, which answers parse errors the JSON-RPC way.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_req, body, done) => done(null, body));
  await app.register(websocket, { options: { maxPayload: maxRequestBytes } });

  let nextConnection = 1;
  const open = new Set<Connection>();

  app.get('/health', (_request, reply) => reply.send(options.health()));

  app.post('/', async (request, reply) => {
    const text = typeof request.body === 'string' ? request.body : '';
    const response = await dispatcher.handleText(text, undefined);
    if (response === undefined) return reply.code(204).send();
    return reply.header('content-type', 'application/json; charset=utf-8').send(JSON.stringify(response));
  });

  app.get('/', { websocket: true }, (socket: WebSocket) => {
    if (open.size >= maxConnections) {
      socket.close(1013, 'too many connections');
      return;
    }
    const connection: Connection = {
      id: nextConnection++,
      subscriptions: new Map(),
      send: (message) => {
        if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
      },
    };
    open.add(connection);
    options.onConnectionsChanged?.(open.size);
    // Messages are answered in order, each after the previous one. A pipelined burst is worked
    // through in slices that yield to the event loop: answered as one chain of promises it would
    // hold the loop for as long as the burst lasts, and block production (a timer) with it.
    const inbox: string[] = [];
    let draining = false;
    const drain = async (): Promise<void> => {
      draining = true;
      try {
        let sliceStart = performance.now();
        for (let next = inbox.shift(); next !== undefined; next = inbox.shift()) {
          const response = await dispatcher.handleText(next, connection);
          if (response !== undefined) connection.send(response);
          if (performance.now() - sliceStart >= SLICE_MS) {
            await new Promise((resolve) => setImmediate(resolve));
            sliceStart = performance.now();
          }
        }
      } finally {
        draining = false;
      }
    };
    socket.on('message', (data: Buffer, isBinary: boolean) => {
      const text = isBinary ? '' : data.toString('utf8');
      dispatcher.arrived(text);
      inbox.push(text);
      if (!draining) void drain();
    });
    socket.on('close', () => {
      for (const cleanup of connection.subscriptions.values()) cleanup();
      connection.subscriptions.clear();
      open.delete(connection);
      options.onConnectionsChanged?.(open.size);
    });
    socket.on('error', () => socket.terminate());
  });

  let address: string;
  try {
    address = await app.listen({ host: options.host, port: options.port });
  } catch (cause) {
    await app.close();
    throw new ListenError('RPC', options.host, options.port, '--rpc-port', cause);
  }
  const port = Number(new URL(address).port);
  return {
    url: `ws://${options.host === '0.0.0.0' ? '127.0.0.1' : options.host}:${port}`,
    port,
    close: async () => {
      for (const connection of open) for (const cleanup of connection.subscriptions.values()) cleanup();
      await app.close();
    },
  };
}
