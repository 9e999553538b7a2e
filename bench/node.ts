/**
 * The node end to end: a real node started in-process (LMDB in a throw-away directory, RPC on a
 * free port, Aura blocks every BLOCK_MS), driven over WebSocket JSON-RPC as a wallet would.
 *
 * - node_transfers_per_second: N pre-signed transfer_keep_alive extrinsics from N distinct funded
 *   signers, submitted pipelined over CONNECTIONS sockets (author_submitExtrinsic); the clock runs
 *   from the first submit to the new-head notification of the block that includes the last one
 *   (bodies are read with chain_getBlock). Several rounds, the signers' nonce going up each round;
 *   every extrinsic is signed before any clock starts.
 * - node_state_get_storage_ws / _http: System.Account reads of those signers, pipelined over
 *   WebSocket, and over HTTP with a fixed number of requests in flight.
 * - node_get_metagraph_256: state_call SubnetInfoRuntimeApi_get_metagraph on subnet 1 once 256
 *   uids hold it. The subnet is populated through extrinsics on this node, as on a live chain:
 *   sudo raises the registration limits, 255 coldkeys burned_register a hotkey each (uid 0 is the
 *   owner's), 64 of them stake, and an epoch runs before the calls are timed.
 *
 * Setup work (key derivation, signing) happens before timing; the client shares the process (and
 * the machine's cores) with the node, so the figures include its JSON and socket work.
 */
import {
  blake2b256,
  concatBytes,
  cryptoReady,
  keypairFromSeed,
  keypairFromUri,
  toHex,
  u16,
  u32,
  utf8,
  type Keypair,
} from '../packages/primitives/src/index.js';
import { signExtrinsic } from '../packages/runtime/src/extrinsic/codec.js';
import { SystemStorage } from '../packages/runtime/src/frame/system.js';
import type { RuntimeCallValue } from '../packages/runtime/src/frame/pallet.js';
import { devSpec, TAO, type ChainSpec } from '../packages/runtime/src/genesis.js';
import { S } from '../packages/runtime/src/pallets/subtensor/storage.js';
import type { AccountId } from '../packages/runtime/src/types/substrate.js';
import { startNode, type RunningNode } from '../packages/node/src/node.js';
import { median, percentile, round2, type Emit } from './harness.js';
import { RpcClient, type Prepared } from './rpc-client.js';

const TRANSFERS = Number(process.env['BENCH_NODE_TRANSFERS'] ?? 4000);
/** Timed transfer rounds, after one untimed warm-up round. */
const ROUNDS = Number(process.env['BENCH_NODE_ROUNDS'] ?? 3);
/** Which parts run (comma-separated): transfers, reads, metagraph. */
const PARTS = new Set((process.env['BENCH_NODE_PARTS'] ?? 'transfers,reads,metagraph').split(','));
const CONNECTIONS = 4;
const BLOCK_MS = 250;
const READS = 20_000;
const HTTP_READS = 4_000;
const HTTP_IN_FLIGHT = 32;
const READ_RUNS = 5;
const METAGRAPH_CALLS = 25;
const NETUID = 1;
const VALIDATORS = 64;
const UIDS = 256;

const seed = (tag: string, i: number): Uint8Array => blake2b256(concatBytes(utf8(tag), u32.enc(i)));

function keys(tag: string, count: number): Keypair[] {
  return Array.from({ length: count }, (_, i) => keypairFromSeed(seed(tag, i)));
}

function benchSpec(funded: readonly (readonly [AccountId, bigint])[]): ChainSpec {
  const base = devSpec();
  return {
    ...base,
    id: 'bench',
    // Slots of BLOCK_MS (Aura's slot is twice the minimum period).
    minimumPeriodMs: BigInt(BLOCK_MS / 2),
    genesis: {
      ...base.genesis,
      balances: [...base.genesis.balances, ...funded],
    },
  };
}

/** Follows new heads and resolves when every extrinsic of a set has been seen in a block. */
class InclusionWatcher {
  private readonly waiters: { left: Set<string>; resolve: (at: number) => void }[] = [];
  blocks: { number: number; count: number; at: number }[] = [];
  private chain: Promise<void> = Promise.resolve();
  stopped = false;

  private constructor(private readonly client: RpcClient) {}

  static async start(client: RpcClient): Promise<InclusionWatcher> {
    const watcher = new InclusionWatcher(client);
    await client.subscribe('chain_subscribeNewHeads', [], (header) => {
      const at = performance.now();
      const number = Number.parseInt((header as { number: string }).number, 16);
      // Bodies are read in head order, so a set completes at the first block holding its last member.
      watcher.chain = watcher.chain
        .then(() => watcher.read(number, at))
        .catch((error: unknown) => {
          // Heads still arriving while the benchmark closes its connections are of no interest.
          if (!watcher.stopped) throw error;
        });
    });
    return watcher;
  }

  private async read(number: number, at: number): Promise<void> {
    const hash = await this.client.request('chain_getBlockHash', [number]);
    const block = (await this.client.request('chain_getBlock', [hash])) as {
      block: { extrinsics: string[] };
    };
    const extrinsics = block.block.extrinsics;
    this.blocks.push({ number, count: extrinsics.length - 1, at });
    for (const waiter of [...this.waiters]) {
      for (const xt of extrinsics) waiter.left.delete(xt);
      if (waiter.left.size === 0) {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        waiter.resolve(at);
      }
    }
  }

  /** Resolves with the arrival time of the head whose block completes `extrinsics`. */
  included(extrinsics: readonly string[]): Promise<number> {
    return new Promise((resolve) => this.waiters.push({ left: new Set(extrinsics), resolve }));
  }
}

interface Bench {
  readonly node: RunningNode;
  readonly clients: RpcClient[];
  readonly watcher: InclusionWatcher;
  readonly genesisHash: Uint8Array;
  sign(signer: Keypair, nonce: number, call: RuntimeCallValue): string;
  call(pallet: string, name: string, args: object): RuntimeCallValue;
}

/** Submit everything pipelined, round-robin over the clients; resolves when the node answered all. */
async function submitAll(
  clients: readonly RpcClient[],
  prepared: readonly (readonly Prepared[])[],
): Promise<void> {
  const answers = prepared.flatMap((list, c) => list.map((p) => (clients[c] as RpcClient).sendPrepared(p)));
  await Promise.all(answers);
}

function prepareSubmits(clients: readonly RpcClient[], xts: readonly string[]): Prepared[][] {
  const lists: Prepared[][] = clients.map(() => []);
  xts.forEach((xt, i) => {
    const c = i % clients.length;
    (lists[c] as Prepared[]).push((clients[c] as RpcClient).prepare('author_submitExtrinsic', [xt]));
  });
  return lists;
}

async function submitAndWait(bench: Bench, xts: readonly string[]): Promise<void> {
  const done = bench.watcher.included(xts);
  await submitAll(bench.clients, prepareSubmits(bench.clients, xts));
  await done;
}

async function transfers(bench: Bench, signers: readonly Keypair[], emit: Emit): Promise<void> {
  const receivers = signers.map((_, i) => seed('bench-receiver', i));
  const rounds = Array.from({ length: ROUNDS + 1 }, (_, round) =>
    signers.map((signer, i) =>
      bench.sign(
        signer,
        round,
        bench.call('Balances', 'transfer_keep_alive', {
          dest: { tag: 'Id', value: receivers[i] },
          value: TAO,
        }),
      ),
    ),
  );
  const rates: number[] = [];
  const submitRates: number[] = [];
  const blockCounts: number[] = [];
  for (const [round, xts] of rounds.entries()) {
    const prepared = prepareSubmits(bench.clients, xts);
    const included = bench.watcher.included(xts);
    const firstBlock = bench.watcher.blocks.length;
    const elu = performance.eventLoopUtilization();
    const cpu = process.cpuUsage();
    const start = performance.now();
    await submitAll(bench.clients, prepared);
    const submitted = performance.now();
    const end = await included;
    if (process.env['BENCH_NODE_DEBUG'])
      console.error(
        'elu',
        performance.eventLoopUtilization(elu).utilization.toFixed(2),
        'cpu',
        JSON.stringify(process.cpuUsage(cpu)),
      );
    if (process.env['BENCH_NODE_DEBUG'])
      console.error(
        round,
        submitted - start,
        end - start,
        JSON.stringify(
          bench.watcher.blocks.slice(firstBlock).map((b) => [b.number, b.count, Math.round(b.at - start)]),
        ),
      );
    if (round === 0) continue;
    rates.push(xts.length / ((end - start) / 1000));
    submitRates.push(xts.length / ((submitted - start) / 1000));
    blockCounts.push(bench.watcher.blocks.slice(firstBlock).filter((b) => b.count > 0).length);
  }
  emit({
    bench: 'node_transfers_per_second',
    unit: 'transfers/s',
    median: Math.round(median(rates)),
    min: Math.round(Math.min(...rates)),
    max: Math.round(Math.max(...rates)),
    runs: rates.length,
    transfers: signers.length,
    connections: CONNECTIONS,
    block_ms: BLOCK_MS,
    submit_answered_per_second: Math.round(median(submitRates)),
    blocks_per_run: median(blockCounts),
    target: 'target ≥ 2,000/s on a 2-core machine',
  });
}

async function storageReads(bench: Bench, signers: readonly Keypair[], emit: Emit): Promise<void> {
  const keyHex = signers.map((s) => `0x${SystemStorage.Account.key(s.publicKey)}`);
  const wsRates: number[] = [];
  for (let run = 0; run < READ_RUNS + 1; run++) {
    const prepared: Prepared[][] = bench.clients.map(() => []);
    for (let i = 0; i < READS; i++) {
      const c = i % bench.clients.length;
      (prepared[c] as Prepared[]).push(
        (bench.clients[c] as RpcClient).prepare('state_getStorage', [keyHex[i % keyHex.length]]),
      );
    }
    const start = performance.now();
    await submitAll(bench.clients, prepared);
    if (run > 0) wsRates.push(READS / ((performance.now() - start) / 1000));
  }
  emit({
    bench: 'node_state_get_storage_ws',
    unit: 'req/s',
    median: Math.round(median(wsRates)),
    min: Math.round(Math.min(...wsRates)),
    max: Math.round(Math.max(...wsRates)),
    runs: wsRates.length,
    requests: READS,
    connections: CONNECTIONS,
    anchor: 'System.Account reads, pipelined (all requests in flight)',
  });

  const url = bench.node.rpc.url.replace('ws://', 'http://');
  const bodies = keyHex.map((k, i) =>
    JSON.stringify({ jsonrpc: '2.0', id: i, method: 'state_getStorage', params: [k] }),
  );
  const httpRates: number[] = [];
  for (let run = 0; run < READ_RUNS + 1; run++) {
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < HTTP_READS) {
        const body = bodies[next++ % bodies.length] as string;
        const response = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
        });
        const answer = (await response.json()) as { result?: unknown };
        if (typeof answer.result !== 'string') throw new Error('state_getStorage over HTTP: no value');
      }
    };
    const start = performance.now();
    await Promise.all(Array.from({ length: HTTP_IN_FLIGHT }, worker));
    if (run > 0) httpRates.push(HTTP_READS / ((performance.now() - start) / 1000));
  }
  emit({
    bench: 'node_state_get_storage_http',
    unit: 'req/s',
    median: Math.round(median(httpRates)),
    min: Math.round(Math.min(...httpRates)),
    max: Math.round(Math.max(...httpRates)),
    runs: httpRates.length,
    requests: HTTP_READS,
    in_flight: HTTP_IN_FLIGHT,
  });
}

/** Fill subnet 1 to 256 uids through extrinsics and let an epoch run over it. */
async function populateSubnet(bench: Bench, alice: Keypair, coldkeys: readonly Keypair[]): Promise<void> {
  const storage = (): typeof bench.node.chain.bestStorage => bench.node.chain.bestStorage;
  const sudo = (name: string, args: object): RuntimeCallValue =>
    bench.call('Sudo', 'sudo', { call: bench.call('AdminUtils', name, args) });
  const aliceNonce = SystemStorage.Account.get(storage(), alice.publicKey).nonce;
  await submitAndWait(
    bench,
    [
      sudo('sudo_set_max_registrations_per_block', { netuid: NETUID, max_registrations_per_block: UIDS }),
      sudo('sudo_set_target_registrations_per_interval', {
        netuid: NETUID,
        target_registrations_per_interval: UIDS,
      }),
      sudo('sudo_set_max_allowed_validators', { netuid: NETUID, max_allowed_validators: VALIDATORS }),
    ].map((call, i) => bench.sign(alice, aliceNonce + i, call)),
  );
  const hotkeys = coldkeys.map((_, i) => seed('bench-hotkey', i));
  await submitAndWait(
    bench,
    coldkeys.map((coldkey, i) =>
      bench.sign(
        coldkey,
        0,
        bench.call('SubtensorModule', 'burned_register', { netuid: NETUID, hotkey: hotkeys[i] }),
      ),
    ),
  );
  const uids = S.SubnetworkN.get(storage(), NETUID);
  if (uids !== UIDS) throw new Error(`node bench: subnet ${NETUID} holds ${uids} uids, not ${UIDS}`);
  await submitAndWait(
    bench,
    coldkeys.slice(0, VALIDATORS).map((coldkey, v) =>
      bench.sign(
        coldkey,
        1,
        bench.call('SubtensorModule', 'add_stake', {
          hotkey: hotkeys[v],
          netuid: NETUID,
          amount_staked: BigInt(1000 + 10 * v) * TAO,
        }),
      ),
    ),
  );
  const epoch = S.SubnetEpochIndex.get(storage(), NETUID);
  await new Promise<void>((resolve) => {
    const check = (): void => {
      if (S.SubnetEpochIndex.get(storage(), NETUID) > epoch) {
        bench.node.chain.off('block', check);
        resolve();
      }
    };
    bench.node.chain.on('block', check);
  });
}

async function metagraph(
  bench: Bench,
  alice: Keypair,
  coldkeys: readonly Keypair[],
  emit: Emit,
): Promise<void> {
  await populateSubnet(bench, alice, coldkeys);
  const client = bench.clients[0] as RpcClient;
  const input = toHex(u16.enc(NETUID));
  const times: number[] = [];
  let bytes = 0;
  for (let i = 0; i < METAGRAPH_CALLS + 2; i++) {
    const start = performance.now();
    const result = await client.request('state_call', ['SubnetInfoRuntimeApi_get_metagraph', input]);
    const elapsed = performance.now() - start;
    if (typeof result !== 'string' || result.length < 4) throw new Error('get_metagraph: no metagraph');
    bytes = (result.length - 2) / 2;
    if (i >= 2) times.push(elapsed);
  }
  emit({
    bench: 'node_get_metagraph_256',
    unit: 'ms',
    median: round2(median(times)),
    p90: round2(percentile(times, 90)),
    min: round2(Math.min(...times)),
    runs: times.length,
    uids: UIDS,
    response_bytes: bytes,
    target: 'target < 30 ms',
  });
}

export async function run(emit: Emit): Promise<void> {
  await cryptoReady();
  const signers = keys('bench-signer', TRANSFERS);
  const coldkeys = keys('bench-coldkey', UIDS - 1);
  const alice = keypairFromUri('//Alice');
  const node = await startNode({
    chain: benchSpec([
      ...signers.map((k) => [k.publicKey, 100n * TAO] as const),
      // Registration burns rise with every registration in the block.
      ...coldkeys.map((k) => [k.publicKey, 10_000n * TAO] as const),
    ]),
    tmp: true,
    rpcPort: 0,
    prometheusPort: null,
    blockTimeMs: BLOCK_MS,
    logLevel: 'warn',
    signatureThread: process.env['BENCH_NODE_SIGNATURE_THREAD'] !== '0',
  });
  const clients: RpcClient[] = [];
  let watcher: InclusionWatcher | undefined;
  try {
    for (let i = 0; i < CONNECTIONS; i++) clients.push(await RpcClient.connect(node.rpc.url));
    const watchClient = await RpcClient.connect(node.rpc.url);
    clients.push(watchClient);
    watcher = await InclusionWatcher.start(watchClient);
    const runtime = node.chain.tao.runtime;
    const genesisHash = node.chain.genesisHash;
    const bench: Bench = {
      node,
      clients: clients.slice(0, CONNECTIONS),
      watcher,
      genesisHash,
      call: (pallet, name, args) => runtime.pallet(pallet).call(name, args),
      sign: (signer, nonce, call) => toHex(signExtrinsic(runtime, { call, signer, nonce, genesisHash })),
    };
    if (PARTS.has('transfers')) await transfers(bench, signers, emit);
    if (PARTS.has('reads')) await storageReads(bench, signers, emit);
    if (PARTS.has('metagraph')) await metagraph(bench, alice, coldkeys, emit);
  } finally {
    if (watcher) watcher.stopped = true;
    await Promise.all(clients.map((c) => c.close()));
    await node.stop();
  }
}
