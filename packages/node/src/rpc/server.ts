/**
 * The RPC endpoint: JSON-RPC over HTTP POST and WebSocket on one port (as Substrate serves them),
 * plus `GET /health`. Bodies are size-limited, connections are counted, and a closing socket
 * drops its subscriptions.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import websocket from '@fastify/websocket';
import type { WebSocket } from 'ws';
import type { Connection, Dispatcher } from './jsonrpc.js';

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
    // Messages are answered in order, each after the previous one.
    let queue: Promise<void> = Promise.resolve();
    socket.on('message', (data: Buffer, isBinary: boolean) => {
      const text = isBinary ? '' : data.toString('utf8');
      queue = queue.then(async () => {
        const response = await dispatcher.handleText(text, connection);
        if (response !== undefined) connection.send(response);
      });
    });
    socket.on('close', () => {
      for (const cleanup of connection.subscriptions.values()) cleanup();
      connection.subscriptions.clear();
      open.delete(connection);
      options.onConnectionsChanged?.(open.size);
    });
    socket.on('error', () => socket.terminate());
  });

  const address = await app.listen({ host: options.host, port: options.port });
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
