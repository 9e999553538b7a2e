/**
 * npm run bench sdk: the metagraph part. A dev node runs in-process with manual sealing (no block
 * production competing with the timings); subnet 1 is filled to 256 uids through the SDK's own
 * chain client (255 coldkeys burned_register a hotkey each, uid 0 being the owner's), 64 of them
 * stake, and an epoch runs so every column holds real values. Then, over the client's WebSocket:
 *
 * - metagraph_sync_256: Metagraph.sync() refreshing at a new head (forced, so every run does the
 *   full work: one state_call SubnetInfoRuntimeApi_get_metagraph, SCALE decode, typed-array fill);
 * - metagraph_sync_256_full: the same plus weights and bonds (one state_queryStorageAt of 512 keys);
 * - metagraph_sync_256_unchanged: sync() at an unchanged head (what a per-block loop pays when
 *   nothing moved);
 * The lite line also splits a sync into the node's state_call and the client's SCALE decode.
 * - pow_hashes_per_second: the registration PoW solver on all cores.
 *
 * The node shares the process (and the machine's cores) with the client, so figures include the
 * node's work for the runtime call.
 */
import { availableParallelism } from 'node:os';
import {
  blake2b256,
  concatBytes,
  cryptoReady,
  keypairFromSeed,
  keypairFromUri,
  u32,
  utf8,
  u16,
  type Keypair,
} from '../packages/primitives/src/index.js';
import { devSpec, TAO, type ChainSpec } from '../packages/runtime/src/genesis.js';
import { startNode } from '../packages/node/src/node.js';
import { ChainClient, PowSolver } from '../packages/sdk/src/chain/index.js';
import { Metagraph } from '../packages/sdk/src/metagraph/index.js';
import { registryDecoder, runtimeApiOutput } from '../packages/sdk/src/metagraph/registry.js';
import { median, percentile, round2 } from './harness.js';

const NETUID = 1;
const UIDS = 256;
const VALIDATORS = 64;
const RUNS = Number(process.env['BENCH_METAGRAPH_RUNS'] ?? 30);
/** The node's runtime call is JIT-compiled in the same process: warm it before timing. */
const WARMUP = 10;

const seed = (tag: string, i: number): Uint8Array => blake2b256(concatBytes(utf8(tag), u32.enc(i)));

function spec(coldkeys: readonly Keypair[]): ChainSpec {
  const base = devSpec();
  return {
    ...base,
    id: 'bench-metagraph',
    genesis: {
      ...base.genesis,
      // Burns rise with every registration in a block (to MaxBurn, 100 TAO), then 64 stakes.
      balances: [...base.genesis.balances, ...coldkeys.map((k) => [k.publicKey, 10_000n * TAO] as const)],
    },
  };
}

async function newBlock(client: ChainClient): Promise<void> {
  const hash = await client.rpc<string>('dev_newBlock', []);
  while ((await client.bestHead()).hash !== hash) await new Promise((r) => setTimeout(r, 1));
}

/** Wait for the pool to hold `count` transactions, seal a block, and wait for the submits. */
async function seal<T>(client: ChainClient, count: number, submits: Promise<T>[]): Promise<T[]> {
  while ((await client.rpc<string[]>('author_pendingExtrinsics', [])).length < count)
    await new Promise((r) => setTimeout(r, 5));
  await newBlock(client);
  return Promise.all(submits);
}

async function populate(
  client: ChainClient,
  coldkeys: readonly Keypair[],
  hotkeys: readonly Keypair[],
): Promise<void> {
  const alice = keypairFromUri('//Alice');
  // One sudo call per block: concurrent submits from one account would race for the nonce.
  for (const [method, value] of [
    ['sudoSetMaxRegistrationsPerBlock', UIDS],
    ['sudoSetTargetRegistrationsPerInterval', UIDS],
    ['sudoSetMaxAllowedValidators', VALIDATORS],
  ] as const)
    await seal(client, 1, [client.sudo(alice, 'adminUtils', method, [NETUID, value])]);
  await seal(
    client,
    coldkeys.length,
    coldkeys.map((coldkey, i) => client.burnedRegister(coldkey, NETUID, (hotkeys[i] as Keypair).address)),
  );
  await seal(
    client,
    VALIDATORS,
    coldkeys
      .slice(0, VALIDATORS)
      .map((coldkey, v) =>
        client.addStake(coldkey, (hotkeys[v] as Keypair).address, NETUID, BigInt(1000 + 10 * v) * TAO),
      ),
  );
  await client.rpc('dev_runEpoch', [NETUID]);
  await newBlock(client);
}

async function times(runs: number, fn: () => Promise<unknown>): Promise<number[]> {
  for (let i = 0; i < WARMUP; i++) await fn();
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn();
    out.push(performance.now() - start);
  }
  return out;
}

const line = (bench: string, unit: string, values: number[], extra: object): object => ({
  bench,
  unit,
  median: round2(median(values)),
  p90: round2(percentile(values, 90)),
  min: round2(Math.min(...values)),
  runs: values.length,
  ...extra,
});

export async function run(emit: (line: object) => void): Promise<void> {
  await cryptoReady();
  const coldkeys = Array.from({ length: UIDS - 1 }, (_, i) => keypairFromSeed(seed('bench-mg-coldkey', i)));
  const hotkeys = Array.from({ length: UIDS - 1 }, (_, i) => keypairFromSeed(seed('bench-mg-hotkey', i)));
  const node = await startNode({
    chain: spec(coldkeys),
    tmp: true,
    rpcPort: 0,
    prometheusPort: null,
    manualSeal: true,
    logLevel: 'warn',
  });
  const client = await ChainClient.connect(node.rpc.url);
  try {
    await newBlock(client);
    await populate(client, coldkeys, hotkeys);
    const metagraph = await Metagraph.create(client, NETUID);
    if (metagraph.n !== UIDS)
      throw new Error(`metagraph bench: subnet holds ${metagraph.n} uids, not ${UIDS}`);
    // Where the time goes: the node answering state_call versus the client decoding the answer.
    const head = await client.bestHead();
    let bytes: Uint8Array = new Uint8Array(0);
    const call = await times(RUNS, async () => {
      bytes = await client.stateCall('SubnetInfoRuntimeApi_get_metagraph', u16.enc(NETUID), head.hash);
    });
    const lite = await times(RUNS, () => metagraph.sync({ force: true }));
    const outputType = runtimeApiOutput(client.api, 'SubnetInfoRuntimeApi', 'get_metagraph');
    const decode = await times(RUNS, () =>
      Promise.resolve(registryDecoder(client.api).decode(outputType, bytes)),
    );
    emit(
      line('metagraph_sync_256', 'ms', lite, {
        uids: UIDS,
        mode: 'lite',
        state_call_ms: round2(median(call)),
        decode_ms: round2(median(decode)),
        response_bytes: bytes.length,
        target: '< 30 ms',
      }),
    );
    await metagraph.sync({ lite: false });
    const full = await times(RUNS, () => metagraph.sync({ force: true }));
    emit(line('metagraph_sync_256_full', 'ms', full, { uids: UIDS, mode: 'full (weights, bonds)' }));
    await metagraph.sync({ lite: true });
    const unchanged = (await times(RUNS * 10, () => metagraph.sync())).map((ms) => ms * 1000);
    emit(
      line('metagraph_sync_256_unchanged', 'µs', unchanged, { uids: UIDS, note: 'head unchanged: no RPC' }),
    );
  } finally {
    await client.disconnect();
    await node.stop();
  }

  const solver = new PowSolver({ threads: availableParallelism() });
  try {
    const controller = new AbortController();
    const rates: number[] = [];
    const solving = solver.solve(
      {
        blockNumber: 1,
        blockHash: new Uint8Array(32),
        hotkey: new Uint8Array(32).fill(1),
        difficulty: 2n ** 62n,
      },
      {
        signal: controller.signal,
        progressIntervalMs: 500,
        onProgress: (p) => {
          rates.push(p.hashesPerSecond);
          if (rates.length >= 6) controller.abort();
        },
      },
    );
    await solving.catch(() => undefined);
    emit({
      bench: 'pow_hashes_per_second',
      unit: 'hashes/s',
      median: Math.round(rates[rates.length - 1] ?? 0),
      threads: solver.threads,
      note: 'keccak256(sha256(nonce ‖ keccak256(block_hash ‖ hotkey))), 3 s on all threads',
    });
  } finally {
    await solver.close();
  }
}
