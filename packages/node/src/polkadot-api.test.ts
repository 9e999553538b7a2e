/**
 * polkadot-api from npm, unmodified, against a real node on a loopback port, through the new
 * JSON-RPC spec (chainHead_v1, chainSpec_v1, transaction_v1): chain spec data, the unsafe
 * (metadata-driven, no codegen) API for storage, constants and runtime calls, an sr25519 signer
 * from our own keys, a transfer watched to finalized, a failing call's dispatch error, and the
 * node's follow state released when the client goes.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { WebSocket } from 'ws';
import { createClient, type PolkadotClient } from 'polkadot-api';
import { getPolkadotSigner } from 'polkadot-api/signer';
import { getWsProvider, type WebSocketClass } from 'polkadot-api/ws';
import { blake2b256, cryptoReady, keypairFromUri, toHex, type Keypair } from '@tao-ts/primitives';
import { startDevNode } from './dev-node.js';
import type { RunningNode } from './node.js';

const TAO = 1_000_000_000n;

let node: RunningNode;
let client: PolkadotClient;
let alice: Keypair;
let bob: Keypair;
/** chain listeners present before any client follows the chain. */
let idleListeners: number;

before(async () => {
  await cryptoReady();
  node = await startDevNode({ blockTimeMs: 200 });
  idleListeners = node.chain.listenerCount('finalized');
  // Node 20 has no global WebSocket; ws implements the same interface.
  client = createClient(
    getWsProvider(node.rpc.url, { websocketClass: WebSocket as unknown as WebSocketClass }),
  );
  alice = keypairFromUri('//Alice');
  bob = keypairFromUri('//Bob');
});

after(async () => {
  client?.destroy();
  await node?.stop();
});

interface AccountInfo {
  nonce: number;
  data: { free: bigint; reserved: bigint };
}

function accountInfo(value: unknown): AccountInfo {
  assert.ok(value !== null && typeof value === 'object', 'System.Account decodes to an object');
  const info = value as AccountInfo;
  assert.equal(typeof info.data.free, 'bigint');
  return info;
}

const signer = () => getPolkadotSigner(alice.publicKey, 'Sr25519', (payload) => alice.sign(payload));

/** `group[pallet][name]` of the unsafe API, which the metadata must provide. */
function pick<T>(
  group: Readonly<Record<string, Readonly<Record<string, T>>>>,
  pallet: string,
  name: string,
): T {
  const value = group[pallet]?.[name];
  assert.ok(value !== undefined, `${pallet}.${name} is in the metadata`);
  return value;
}

test('connects through the new spec: chain spec data, runtime and blocks', async () => {
  const methods = (await client._request<{ methods: string[] }>('rpc_methods', [])).methods;
  for (const m of ['chainHead_v1_follow', 'chainSpec_v1_chainName', 'transaction_v1_broadcast']) {
    assert.ok(methods.includes(m), `rpc_methods lists ${m}`);
  }
  const spec = await client.getChainSpecData();
  assert.equal(spec.name, 'tao-ts Development');
  assert.equal(spec.genesisHash, toHex(node.chain.genesisHash));
  assert.deepEqual(spec.properties, { ss58Format: 42, tokenDecimals: 9, tokenSymbol: 'TAO' });

  const finalized = await client.getFinalizedBlock();
  const header = await client.getBlockHeader(finalized.hash);
  assert.equal(header.number, finalized.number);
  const body = await client.getBlockBody(finalized.hash);
  assert.deepEqual(
    body.map((xt) => toHex(xt)),
    (node.chain.body(Buffer.from(finalized.hash.slice(2), 'hex')) ?? []).map((xt) => toHex(xt)),
  );
  // Every follow subscription holds the chain's listeners; one client, one follow.
  assert.ok(node.chain.listenerCount('finalized') > idleListeners);
});

test('reads storage, constants and runtime APIs with the unsafe API', async () => {
  const api = client.getUnsafeApi();
  const account = accountInfo(await pick(api.query, 'System', 'Account').getValue(alice.address));
  assert.equal(account.data.free, 1_000_000n * TAO);
  assert.equal(await pick(api.query, 'SubtensorModule', 'Tempo').getValue(1), 10);
  assert.equal(await pick(api.query, 'SubtensorModule', 'NetworksAdded').getValue(1), true);
  assert.equal(await pick(api.query, 'SubtensorModule', 'SubnetOwner').getValue(1), alice.address);
  // A map read whole: chainHead_v1_storage with descendantsValues.
  const tempos = await pick(api.query, 'SubtensorModule', 'Tempo').getEntries();
  const byNetuid = new Map(tempos.map((entry) => [entry.keyArgs[0], entry.value]));
  assert.equal(byNetuid.get(1), 10);

  assert.equal(await pick(api.constants, 'Balances', 'ExistentialDeposit')(), 500n);
  assert.equal(await pick(api.constants, 'System', 'SS58Prefix')(), 42);

  const nonce = await pick(api.apis, 'AccountNonceApi', 'account_nonce')(alice.address);
  assert.equal(typeof nonce, 'number');
});

test('signs transfer_keep_alive with an sr25519 signer and watches it to finalized', async () => {
  const api = client.getUnsafeApi();
  const amount = 12_345n;
  const before = accountInfo(await pick(api.query, 'System', 'Account').getValue(bob.address)).data.free;
  const tx = pick(
    api.tx,
    'Balances',
    'transfer_keep_alive',
  )({ dest: { type: 'Id', value: bob.address }, value: amount });
  const seen: string[] = [];
  const finalized = await new Promise<{
    ok: boolean;
    txHash: string;
    block: { hash: string; index: number };
  }>((resolve, reject) => {
    tx.signSubmitAndWatch(signer()).subscribe({
      next: (event) => {
        seen.push(event.type === 'txBestBlocksState' ? `best:${String(event.found)}` : event.type);
        if (event.type === 'finalized') resolve(event);
      },
      error: reject,
    });
  });
  assert.equal(finalized.ok, true);
  assert.deepEqual(seen.slice(0, 2), ['signed', 'broadcasted']);
  assert.ok(seen.includes('best:true'), `in a best block before finalized: ${seen.join(', ')}`);
  assert.equal(seen.at(-1), 'finalized');

  const after = await pick(api.query, 'System', 'Account').getValue(bob.address, {
    at: finalized.block.hash,
  });
  assert.equal(accountInfo(after).data.free - before, amount);
  // The block polkadot-api reports holds the transaction at the index it names.
  const body = node.chain.body(Buffer.from(finalized.block.hash.slice(2), 'hex')) ?? [];
  const included = body[finalized.block.index];
  assert.ok(included !== undefined);
  assert.equal(toHex(blake2b256(included)), finalized.txHash);
});

test('a failing call reports its pallet error through the dispatch error', async () => {
  const api = client.getUnsafeApi();
  const tx = pick(
    api.tx,
    'SubtensorModule',
    'add_stake',
  )({ hotkey: alice.address, netuid: 9, amount_staked: 1n });
  const result = await tx.signAndSubmit(signer());
  assert.equal(result.ok, false);
  assert.deepEqual(result.dispatchError, {
    type: 'Module',
    value: { type: 'SubtensorModule', value: { type: 'SubnetNotExists', value: undefined } },
  });
  const failed = result.events.find((e) => e.type === 'System' && e.value.type === 'ExtrinsicFailed');
  assert.ok(failed, 'System.ExtrinsicFailed among the events');
});

test("serves what polkadot-api's legacy-compat provider reads: :code and state_call with no input", async () => {
  // polkadot-api keys runtimes by the hash of `:code`, and sends "" as empty call data.
  const codeHash = await client._request<string | null>('state_getStorageHash', ['0x3a636f6465']);
  assert.match(codeHash ?? '', /^0x[0-9a-f]{64}$/);
  const versions = await client._request<string>('state_call', ['Metadata_metadata_versions', '']);
  assert.match(versions, /^0x[0-9a-f]+$/);
});

test('the node forgets the follow subscription when the client goes', async () => {
  client.destroy();
  const deadline = Date.now() + 5_000;
  while (node.chain.listenerCount('finalized') > idleListeners && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  assert.equal(node.chain.listenerCount('finalized'), idleListeners);
});
