/**
 * transactionWatch_v1 and transaction_v1 on the wire, against a manual-seal node: a transfer
 * watched from validated to finalized with its index in the block, refusals reported as events
 * rather than errors, unwatch, and broadcasts with their per-connection limit and stop.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { cryptoReady, keypairFromUri, toHex, type Keypair } from '@tao-ts/primitives';
import { SystemStorage, signExtrinsic } from '@tao-ts/runtime';
import { startDevNode } from '../../dev-node.js';
import type { RunningNode } from '../../node.js';
import { MAX_BROADCASTS_PER_CONNECTION } from './transaction.js';
import { WsTestClient } from './ws-test-client.js';

let node: RunningNode;
let rpc: WsTestClient;
let alice: Keypair;
let bob: Keypair;

before(async () => {
  await cryptoReady();
  node = await startDevNode({ manualSeal: true });
  rpc = await WsTestClient.connect(node.rpc.url);
  alice = keypairFromUri('//Alice');
  bob = keypairFromUri('//Bob');
});

after(async () => {
  await rpc?.close();
  await node?.stop();
});

/** A signed Balances.transfer_keep_alive from `from` at its next chain nonce (plus `skip`). */
function transfer(from: Keypair, value: bigint, skip = 0): string {
  const runtime = node.chain.tao.runtime;
  const nonce = SystemStorage.Account.get(node.chain.bestStorage, from.publicKey).nonce + skip;
  const call = runtime.pallet('Balances').call('transfer_keep_alive', {
    dest: { tag: 'Id', value: bob.publicKey },
    value,
  });
  return toHex(signExtrinsic(runtime, { call, signer: from, nonce, genesisHash: node.chain.genesisHash }));
}

test('submitAndWatch: validated, included at its index in the best chain, then finalized', async () => {
  const id = await rpc.request<string>('transactionWatch_v1_submitAndWatch', [transfer(alice, 1_000n)]);
  assert.deepEqual(await rpc.next(id), { event: 'validated' });
  const hash = await rpc.request<string>('dev_newBlock');
  // Index 0 is the timestamp inherent.
  assert.deepEqual(await rpc.next(id), { event: 'bestChainBlockIncluded', block: { hash, index: 1 } });
  assert.deepEqual(await rpc.next(id), { event: 'finalized', block: { hash, index: 1 } });
  // Finalized is the last word: the subscription is over.
  assert.ok((await rpc.failure('transactionWatch_v1_unwatch', [id])).code !== 0);
});

test('a refused transaction is an invalid event, not an error; bad hex is -32602', async () => {
  const garbage = await rpc.request<string>('transactionWatch_v1_submitAndWatch', ['0x0400']);
  const invalid = await rpc.next<{ event: string; error: string }>(garbage);
  assert.equal(invalid.event, 'invalid');
  assert.ok(invalid.error.length > 0);
  // A nonce already used.
  const stale = await rpc.request<string>('transactionWatch_v1_submitAndWatch', [transfer(alice, 1n, -1)]);
  assert.equal((await rpc.next<{ event: string }>(stale)).event, 'invalid');
  assert.equal((await rpc.failure('transactionWatch_v1_submitAndWatch', ['0xzz'])).code, -32602);
});

test('unwatch stops the events (the transaction stays in the pool); unknown ids are an error', async () => {
  const xt = transfer(alice, 2_000n);
  const id = await rpc.request<string>('transactionWatch_v1_submitAndWatch', [xt]);
  assert.deepEqual(await rpc.next(id), { event: 'validated' });
  assert.equal(await rpc.request('transactionWatch_v1_unwatch', [id]), null);
  assert.deepEqual(await rpc.request('author_pendingExtrinsics'), [xt]);
  await rpc.request('dev_newBlock');
  await new Promise((resolve) => setTimeout(resolve, 100));
  assert.deepEqual(rpc.queued(id), []);
  assert.deepEqual(await rpc.request('author_pendingExtrinsics'), []);
  assert.equal((await rpc.failure('transactionWatch_v1_unwatch', [id])).code, -32602);
});

test('broadcast puts the transaction in the pool until a block takes it; stop ends the operation', async () => {
  const xt = transfer(alice, 3_000n);
  const id = await rpc.request<string>('transaction_v1_broadcast', [xt]);
  assert.equal(typeof id, 'string');
  assert.deepEqual(await rpc.request('author_pendingExtrinsics'), [xt]);
  const hash = await rpc.request<string>('dev_newBlock');
  const body = node.chain.body(Buffer.from(hash.slice(2), 'hex')) ?? [];
  assert.ok(body.some((b) => toHex(b) === xt));
  assert.equal(await rpc.request('transaction_v1_stop', [id]), null);
  assert.equal((await rpc.failure('transaction_v1_stop', [id])).code, -32602);
});

test(`broadcasts per connection are capped at ${MAX_BROADCASTS_PER_CONNECTION}: then null until one stops`, async () => {
  const other = await WsTestClient.connect(node.rpc.url);
  const idle = node.chain.listenerCount('block');
  try {
    // Refused transactions still hold their place (the spec says so), and are retried each block.
    const ids: (string | null)[] = [];
    for (let i = 0; i < MAX_BROADCASTS_PER_CONNECTION; i++)
      ids.push(
        await other.request<string | null>('transaction_v1_broadcast', [
          `0x04${i.toString(16).padStart(2, '0')}`,
        ]),
      );
    assert.ok(ids.every((id) => typeof id === 'string'));
    assert.equal(await other.request('transaction_v1_broadcast', ['0x04ff']), null);
    // Another connection has its own allowance, and cannot stop these.
    assert.equal((await rpc.failure('transaction_v1_stop', [ids[0]])).code, -32602);
    assert.equal(await other.request('transaction_v1_stop', [ids[0]]), null);
    assert.equal(typeof (await other.request('transaction_v1_broadcast', ['0x04ff'])), 'string');
    assert.ok(node.chain.listenerCount('block') > idle, 'retrying on new blocks');
  } finally {
    await other.close();
  }
  // The closed connection's broadcasts are gone, and with them the retry listener.
  const deadline = Date.now() + 2_000;
  while (node.chain.listenerCount('block') > idle && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  assert.equal(node.chain.listenerCount('block'), idle);
});
