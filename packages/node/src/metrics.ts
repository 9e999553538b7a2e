/**
 * Prometheus metrics: chain height, block import and epoch timings, extrinsic outcomes, the pool,
 * and RPC calls by method, served as text on `/metrics`.
 */
import { createServer, type Server } from 'node:http';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { ListenError } from './rpc/server.js';

export class NodeMetrics {
  readonly registry = new Registry();
  readonly bestHeight = new Gauge({
    name: 'tao_block_height_best',
    help: 'Number of the best block',
    registers: [this.registry],
  });
  readonly finalizedHeight = new Gauge({
    name: 'tao_block_height_finalized',
    help: 'Number of the last finalized block',
    registers: [this.registry],
  });
  readonly blockImportSeconds = new Histogram({
    name: 'tao_block_import_seconds',
    help: 'Time to execute, commit and persist one block',
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });
  readonly epochSeconds = new Histogram({
    name: 'tao_epoch_seconds',
    help: 'Time to run one subnet epoch (Yuma Consensus and distribution)',
    labelNames: ['netuid'],
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });
  readonly extrinsics = new Counter({
    name: 'tao_extrinsics_total',
    help: 'Extrinsics by outcome: success, failed (included, dispatch error) or invalid (left out)',
    labelNames: ['result'],
    registers: [this.registry],
  });
  readonly poolTransactions = new Gauge({
    name: 'tao_txpool_transactions',
    help: 'Transactions in the pool',
    registers: [this.registry],
  });
  readonly poolBytes = new Gauge({
    name: 'tao_txpool_bytes',
    help: 'Bytes of transactions in the pool',
    registers: [this.registry],
  });
  readonly rpcCalls = new Counter({
    name: 'tao_rpc_calls_total',
    help: 'JSON-RPC calls by method and outcome',
    labelNames: ['method', 'result'],
    registers: [this.registry],
  });
  readonly rpcSeconds = new Histogram({
    name: 'tao_rpc_call_seconds',
    help: 'JSON-RPC call latency by method',
    labelNames: ['method'],
    buckets: [0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1],
    registers: [this.registry],
  });
  readonly rpcConnections = new Gauge({
    name: 'tao_rpc_connections',
    help: 'Open WebSocket RPC connections',
    registers: [this.registry],
  });

  rpcCall(method: string, seconds: number, ok: boolean): void {
    this.rpcCalls.inc({ method, result: ok ? 'ok' : 'error' });
    this.rpcSeconds.observe({ method }, seconds);
  }
}

export interface MetricsServer {
  readonly port: number;
  close(): Promise<void>;
}

export async function startMetricsServer(
  metrics: NodeMetrics,
  host: string,
  port: number,
): Promise<MetricsServer> {
  const server: Server = createServer((request, response) => {
    if (request.method !== 'GET' || (request.url ?? '/').split('?')[0] !== '/metrics') {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found: metrics are on /metrics\n');
      return;
    }
    metrics.registry
      .metrics()
      .then((text) => response.writeHead(200, { 'content-type': metrics.registry.contentType }).end(text))
      .catch((error: unknown) => response.writeHead(500).end(String(error)));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (cause) =>
      reject(new ListenError('metrics', host, port, '--prometheus-port', cause)),
    );
    server.listen(port, host, () => resolve());
  });
  const address = server.address();
  return {
    port: typeof address === 'object' && address !== null ? address.port : port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
