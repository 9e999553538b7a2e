/**
 * The node's RPC surface over plain HTTP: dev_* block control and storage writes, runtime API
 * calls and subtensor's custom methods, read proofs that verify against the header's state root,
 * key paging, historical reads, and the Prometheus endpoint.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { keypairFromUri, toHex } from '@tao-ts/primitives';
import { SubtensorStorage, SystemStorage, devAccount, signExtrinsic } from '@tao-ts/runtime';
import { verifyReadProof } from '@tao-ts/trie';
import { silentLogger } from './log.js';
import { startNode, type RunningNode } from './node.js';

let node: RunningNode;
let url: string;
let metricsUrl: string;

before(async () => {
  node = await startNode({
    chain: 'dev',
    tmp: true,
    rpcPort: 0,
    prometheusPort: 0,
    manualSeal: true,
    logger: silentLogger,
  });
  url = `http://127.0.0.1:${node.rpc.port}/`;
  metricsUrl = `http://127.0.0.1:${node.metrics?.port ?? 0}/metrics`;
});

after(async () => {
  await node?.stop();
});

interface RpcReply {
  result?: unknown;
  error?: { code: number; message: string; data?: unknown };
}

async function rpc(method: string, params: unknown[] = []): Promise<RpcReply> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
  });
  return (await response.json()) as RpcReply;
}

async function result<T>(method: string, params: unknown[] = []): Promise<T> {
  const reply = await rpc(method, params);
  assert.equal(reply.error, undefined, `${method}: ${JSON.stringify(reply.error)}`);
  return reply.result as T;
}

const hexKey = (key: string): string => `0x${key}`;
const bestNumber = async (): Promise<number> =>
  Number.parseInt((await result<{ number: string }>('chain_getHeader')).number, 16);

test('manual seal: no blocks until dev_newBlock, then exactly the requested count', async () => {
  const start = await bestNumber();
  await new Promise((resolve) => setTimeout(resolve, 300));
  assert.equal(await bestNumber(), start, 'no block without a request');
  const hash = await result<string>('dev_newBlock', [{ count: 3 }]);
  assert.equal(await bestNumber(), start + 3);
  assert.equal(await result<string>('chain_getBlockHash', [start + 3]), hash);
  await result<string>('dev_jumpBlocks', [25]);
  assert.equal(await bestNumber(), start + 28);
  const bad = await rpc('dev_newBlock', [{ count: 0 }]);
  assert.equal(bad.error?.code, -32602);
});

test('dev_setStorage writes through a new block; the old block still reads the old value', async () => {
  const key = SubtensorStorage.Tempo.key(1);
  const beforeHash = await result<string>('chain_getBlockHash');
  const newValue = toHex(SubtensorStorage.Tempo.meta.value.codec.enc(77 as never));
  const blockHash = await result<string>('dev_setStorage', [[[hexKey(key), newValue]]]);
  assert.equal(await result<string>('state_getStorage', [hexKey(key)]), newValue);
  assert.equal(await result<string>('state_getStorage', [hexKey(key), blockHash]), newValue);
  assert.equal(
    await result<string>('state_getStorage', [hexKey(key), beforeHash]),
    '0x0a00',
    'history is kept',
  );
  const malformed = await rpc('dev_setStorage', [[['0xzz', '0x00']]]);
  assert.equal(malformed.error?.code, -32602);
});

test('dev_runEpoch runs the subnet epoch in the next block', async () => {
  const indexKey = hexKey(SubtensorStorage.SubnetEpochIndex.key(1));
  const before = await result<string | null>('state_getStorage', [indexKey]);
  await result<string>('dev_runEpoch', [1]);
  const after = await result<string>('state_getStorage', [indexKey]);
  assert.notEqual(after, before);
  const missing = await rpc('dev_runEpoch', [42]);
  assert.equal(missing.error?.code, -32602);
});

test('state_getReadProof proves values against the block header state root', async () => {
  const alice = devAccount('Alice');
  const accountKey = SystemStorage.Account.key(alice);
  const absentKey = `${SubtensorStorage.Tempo.key(4000)}`;
  const header = await result<{ stateRoot: string }>('chain_getHeader');
  const proof = await result<{ at: string; proof: string[] }>('state_getReadProof', [
    [hexKey(accountKey), hexKey(absentKey)],
  ]);
  const values = verifyReadProof(
    Buffer.from(header.stateRoot.slice(2), 'hex'),
    proof.proof.map((p) => new Uint8Array(Buffer.from(p.slice(2), 'hex'))),
    [Buffer.from(accountKey, 'hex'), Buffer.from(absentKey, 'hex')],
  );
  assert.equal(
    toHex(values.get(hexKey(accountKey)) ?? new Uint8Array()),
    await result<string>('state_getStorage', [hexKey(accountKey)]),
  );
  assert.equal(values.get(hexKey(absentKey)), undefined);
});

test('state_getKeysPaged pages through a prefix in key order', async () => {
  const prefix = hexKey(SubtensorStorage.NetworksAdded.key());
  const all = await result<string[]>('state_getKeysPaged', [prefix, 100]);
  assert.equal(all.length, 2);
  const first = await result<string[]>('state_getKeysPaged', [prefix, 1]);
  const second = await result<string[]>('state_getKeysPaged', [prefix, 1, first[0]]);
  assert.deepEqual([...first, ...second], all);
  const tooMany = await rpc('state_getKeysPaged', [prefix, 1001]);
  assert.equal(tooMany.error?.code, 4002);
});

test('state_call and subtensor custom RPCs answer from runtime APIs', async () => {
  const cost = await result<string>('state_call', [
    'SubnetRegistrationRuntimeApi_get_network_registration_cost',
    '0x',
  ]);
  assert.equal(cost.length, 2 + 16, 'a u64');
  const lockCost = await result<number>('subnetInfo_getLockCost', []);
  assert.equal(BigInt(lockCost), Buffer.from(cost.slice(2), 'hex').readBigUInt64LE());
  const neurons = await result<number[]>('neuronInfo_getNeuronsLite', [1]);
  assert.ok(Array.isArray(neurons) && neurons.length > 0, 'SCALE bytes as a number array');
  const unknown = await rpc('state_call', ['NoSuchApi_method', '0x']);
  assert.equal(unknown.error?.code, 4003);
  const version = await result<{ specVersion: number; apis: [string, number][] }>('state_getRuntimeVersion');
  assert.equal(version.specVersion, 425);
  assert.ok(version.apis.length >= 10);
});

test('system_accountNextIndex and payment_queryInfo', async () => {
  const alice = devAccount('Alice');
  assert.equal(await result<number>('system_accountNextIndex', [toHex(alice)]), 0);
  const bad = await rpc('system_accountNextIndex', ['not-an-address']);
  assert.equal(bad.error?.code, -32602);
  const runtime = node.chain.tao.runtime;
  const transfer = signExtrinsic(runtime, {
    call: runtime.pallet('Balances').call('transfer_keep_alive', {
      dest: { tag: 'Id', value: devAccount('Bob') },
      value: 1_000n,
    }),
    signer: keypairFromUri('//Alice'),
    nonce: 0,
    genesisHash: node.chain.genesisHash,
  });
  const info = await result<{ partialFee: string; class: string; weight: { ref_time: number } }>(
    'payment_queryInfo',
    [toHex(transfer)],
  );
  assert.equal(info.class, 'normal');
  assert.ok(BigInt(info.partialFee) > 0n && info.weight.ref_time > 0);
  // Submitting it moves the pool's view of Alice's next nonce.
  await result<string>('author_submitExtrinsic', [toHex(transfer)]);
  assert.equal(await result<number>('system_accountNextIndex', [toHex(alice)]), 1);
});

test('Prometheus metrics expose chain, pool and RPC series', async () => {
  const text = await (await fetch(metricsUrl)).text();
  for (const name of [
    'tao_block_height_best',
    'tao_block_height_finalized',
    'tao_block_import_seconds_bucket',
    'tao_epoch_seconds_bucket',
    'tao_txpool_transactions',
    'tao_rpc_calls_total',
    'tao_rpc_call_seconds_bucket',
  ]) {
    assert.ok(text.includes(name), `${name} missing`);
  }
  assert.match(text, /tao_rpc_calls_total\{method="state_getStorage",result="ok"\} \d+/);
});
