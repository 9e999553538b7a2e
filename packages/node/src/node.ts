/**
 * A running node: the chain on its database, the pool, block production, the JSON-RPC server,
 * metrics. `startNode` assembles them from a configuration and returns a handle that stops them
 * in order.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { cryptoReady, equalBytes, keypairFromUri, toHex, type Keypair } from '@tao-ts/primitives';
import {
  AuraStorage,
  SubtensorStorage,
  VerifiedSignatures,
  createRuntime,
  runtimeInterface,
  setProbe,
  type ChainSpec,
  type RuntimeInterface,
} from '@tao-ts/runtime';
import { Chain } from './chain/chain.js';
import { decodedExtrinsics, extrinsicLayer, poolValidator } from './extrinsics.js';
import { createLogger, type Logger, type LogLevel } from './log.js';
import { NodeMetrics, startMetricsServer, type MetricsServer } from './metrics.js';
import { TxPool } from './pool/pool.js';
import { AheadVerifier, SignatureThread } from './pool/signature-thread.js';
import { BlockProducer } from './producer.js';
import { Dispatcher } from './rpc/jsonrpc.js';
import { registerRpc } from './rpc/register.js';
import { startRpcServer, type RpcServer } from './rpc/server.js';
import { resolveChainSpec } from './spec.js';

export const NODE_NAME = 'tao-ts';
export const NODE_VERSION = '0.1.0';

export interface NodeConfig {
  /** `dev`, `fair-launch`, a spec file path, or a spec object. */
  readonly chain: string | ChainSpec;
  /** Where the chain's data lives; default ~/.tao/chains/<chain id>. */
  readonly basePath?: string;
  /** A throw-away data directory, removed at stop. */
  readonly tmp?: boolean;
  /** 0 picks a free port. */
  readonly rpcPort?: number;
  readonly rpcExternal?: boolean;
  /** Milliseconds between blocks; default 12000, or 1000 on development chains. */
  readonly blockTimeMs?: number;
  /** Author blocks only when asked (dev_newBlock). */
  readonly manualSeal?: boolean;
  /** Prometheus port; null disables metrics. Default 9615. */
  readonly prometheusPort?: number | null;
  readonly logLevel?: LogLevel;
  readonly logger?: Logger;
  /** The authority key URI that seals blocks (default //Alice, the dev chains' authority). */
  readonly authorityUri?: string;
  /** Verify submitted transactions' signatures on a second thread (default true). */
  readonly signatureThread?: boolean;
}

export interface RunningNode {
  readonly chain: Chain;
  readonly pool: TxPool;
  readonly rpc: RpcServer;
  readonly metrics: MetricsServer | undefined;
  readonly producer: BlockProducer;
  readonly runtime: RuntimeInterface;
  readonly basePath: string;
  stop(): Promise<void>;
}

function defaultBasePath(spec: ChainSpec): string {
  return join(homedir(), '.tao', 'chains', spec.id);
}

export async function startNode(config: NodeConfig): Promise<RunningNode> {
  await cryptoReady();
  const log = config.logger ?? createLogger(config.logLevel ?? 'info');
  const spec = typeof config.chain === 'string' ? resolveChainSpec(config.chain) : config.chain;
  const isDev = spec.chainType === 'Development';
  const tmp = config.tmp === true ? mkdtempSync(join(tmpdir(), 'tao-node-')) : undefined;
  const basePath = tmp ?? config.basePath ?? defaultBasePath(spec);
  const metrics = config.prometheusPort === null ? undefined : new NodeMetrics();
  const authority: Keypair = keypairFromUri(config.authorityUri ?? '//Alice');

  const tao = createRuntime({ minimumPeriodMs: spec.minimumPeriodMs });
  // Pool admission verifies a transaction's signature; building its block then finds it here.
  const signatures = new VerifiedSignatures();
  // Likewise its decoding: the pool decodes a transaction's bytes, its block reuses the result.
  const decode = decodedExtrinsics(tao);
  // Known once the chain has opened its genesis; blocks only need it after that.
  let genesisHash: Uint8Array = new Uint8Array(32);
  const chain = Chain.open({
    spec,
    tao,
    directory: join(basePath, 'db'),
    authority,
    extrinsics: extrinsicLayer(
      tao,
      () => genesisHash,
      (result) => metrics?.extrinsics.inc({ result }),
      signatures.verify,
      decode,
    ),
  });
  genesisHash = chain.genesisHash;
  const runtime = runtimeInterface(chain.tao);
  if (metrics) {
    setProbe({
      epoch: (netuid, work) => {
        const end = metrics.epochSeconds.startTimer({ netuid: String(netuid) });
        try {
          return work();
        } finally {
          end();
        }
      },
    });
  }

  const authorities = AuraStorage.Authorities.get(chain.bestStorage);
  const canAuthor = authorities.some((a) => equalBytes(a, authority.publicKey));
  if (!canAuthor)
    log.warn('the authority key is not in Aura.Authorities: this node will not author blocks', {
      key: authority.address,
    });

  const pool = new TxPool({
    validate: poolValidator(
      chain.tao,
      chain.genesisHash,
      () => ({
        storage: chain.bestStorage,
        number: chain.best.header.number,
        hash: chain.best.hash,
      }),
      signatures.verify,
      decode,
    ),
    bestNumber: () => chain.best.header.number,
  });
  chain.on('finalized', (block) => pool.blockFinalized(toHex(block.hash), block.extrinsics));
  const producer = new BlockProducer({
    chain,
    pool,
    log,
    metrics,
    blockTimeMs: config.manualSeal === true ? undefined : (config.blockTimeMs ?? (isDev ? 1000 : 12_000)),
    canAuthor,
  });

  const signatureThread =
    config.signatureThread === false
      ? undefined
      : new SignatureThread({ genesisHash: chain.genesisHash, minimumPeriodMs: spec.minimumPeriodMs }, log);
  if (signatureThread) {
    signatureThread.blockImported(chain.best.header.number, chain.best.hash);
    chain.on('block', (block) => signatureThread.blockImported(block.header.number, block.hash));
  }
  const dispatcher = new Dispatcher({
    onCall: (method, seconds, ok) => metrics?.rpcCall(method, seconds, ok),
  });
  registerRpc(dispatcher, {
    chain,
    pool,
    runtime,
    producer,
    isDev,
    nodeName: NODE_NAME,
    nodeVersion: NODE_VERSION,
    ...(signatureThread === undefined ? {} : { verifyAhead: new AheadVerifier(signatureThread, signatures) }),
  });
  const host = config.rpcExternal === true ? '0.0.0.0' : '127.0.0.1';
  let rpc: RpcServer | undefined;
  let metricsServer: MetricsServer | undefined;
  try {
    rpc = await startRpcServer(dispatcher, {
      host,
      port: config.rpcPort ?? 9944,
      health: () => ({ peers: 0, isSyncing: false, shouldHavePeers: false }),
      onConnectionsChanged: (count) => metrics?.rpcConnections.set(count),
    });
    metricsServer = metrics
      ? await startMetricsServer(metrics, host, config.prometheusPort ?? 9615)
      : undefined;
  } catch (error) {
    // An open RPC server would keep the process alive after the failed start.
    await rpc?.close();
    setProbe(undefined);
    await signatureThread?.close();
    await chain.close();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
    throw error;
  }
  metrics?.bestHeight.set(chain.best.header.number);
  metrics?.finalizedHeight.set(chain.best.header.number);

  log.info('tao-ts node started', {
    chain: `${spec.name} (${spec.id})`,
    genesis: toHex(chain.genesisHash),
    best: `#${chain.best.header.number} ${toHex(chain.best.hash)}`,
    rpc: rpc.url,
    metrics: metricsServer ? `http://${host}:${metricsServer.port}/metrics` : 'off',
    authoring: canAuthor ? (config.manualSeal ? 'manual seal' : 'on') : 'off',
    data: basePath,
    subnets: [...SubtensorStorage.NetworksAdded.entries(chain.bestStorage)].length,
  });
  producer.start();

  let stopping: Promise<void> | undefined;
  return {
    chain,
    pool,
    rpc,
    metrics: metricsServer,
    producer,
    runtime,
    basePath,
    stop: () =>
      (stopping ??= (async () => {
        await producer.stop();
        await rpc.close();
        await signatureThread?.close();
        await metricsServer?.close();
        setProbe(undefined);
        await chain.close();
        if (tmp) rmSync(tmp, { recursive: true, force: true });
        log.info('tao-ts node stopped');
      })()),
  };
}
