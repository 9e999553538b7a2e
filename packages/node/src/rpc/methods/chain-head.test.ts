/**
 * chainSpec_v1 and chainHead_v1 on the wire, against a manual-seal node: the follow event
 * sequence, headers, bodies, runtime calls, every storage query type with pagination through
 * chainHead_v1_continue, the spec's error codes, the per-connection follow limit, and the
 * subscription state a closed connection leaves behind (none).
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { blake2b256, toHex } from '@tao-ts/primitives';
import { startDevNode } from '../../dev-node.js';
import type { RunningNode } from '../../node.js';
import { CODE_KEY_HEX } from '../../chain/runtime-code.js';
import { MAX_FOLLOWS_PER_CONNECTION } from './chain-head.js';
import { DUPLICATE_HASHES, INVALID_BLOCK, NO_RUNTIME, TOO_MANY_FOLLOWS } from './chain-head-follow.js';
import { WsTestClient } from './ws-test-client.js';

type Event = Record<string, unknown> & { event: string };

let node: RunningNode;
let rpc: WsTestClient;
/** The follow subscription most tests use, with its runtime. */
let sub: string;
let idleListeners: number;

const headHex = (): string => toHex(node.chain.best.hash);

/** Author one block and return its hash. */
const newBlock = (): Promise<string> => rpc.request<string>('dev_newBlock', []);

before(async () => {
  node = await startDevNode({ manualSeal: true });
  idleListeners = node.chain.listenerCount('block');
  rpc = await WsTestClient.connect(node.rpc.url);
  sub = await rpc.request<string>('chainHead_v1_follow', [true]);
});

after(async () => {
  await rpc?.close();
  await node?.stop();
});

test('chainSpec_v1: name, genesis hash and properties', async () => {
  assert.equal(await rpc.request('chainSpec_v1_chainName'), 'tao-ts Development');
  assert.equal(await rpc.request('chainSpec_v1_genesisHash'), toHex(node.chain.genesisHash));
  assert.deepEqual(await rpc.request('chainSpec_v1_properties'), {
    ss58Format: 42,
    tokenDecimals: 9,
    tokenSymbol: 'TAO',
  });
});

test('follow: initialized with the runtime, then best; each block is new, best, then finalized', async () => {
  const initialized = await rpc.next<Event>(sub);
  assert.equal(initialized.event, 'initialized');
  assert.deepEqual(initialized['finalizedBlockHashes'], [toHex(node.chain.finalized)]);
  const runtime = initialized['finalizedBlockRuntime'] as { type: string; spec: Record<string, unknown> };
  assert.equal(runtime.type, 'valid');
  assert.equal(runtime.spec['specName'], 'node-subtensor');
  assert.equal(runtime.spec['specVersion'], 425);
  // Metadata (blake2_64 "Metadata") and TaggedTransactionQueue, as an object of id → version.
  const apis = runtime.spec['apis'] as Record<string, number>;
  assert.equal(typeof apis['0x37e397fc7c91f5e4'], 'number');
  assert.equal(typeof apis['0xd2bc9897eed08f15'], 'number');
  assert.deepEqual(Object.keys(runtime.spec).sort(), [
    'apis',
    'implName',
    'implVersion',
    'specName',
    'specVersion',
    'transactionVersion',
  ]);
  assert.deepEqual(await rpc.next(sub), { event: 'bestBlockChanged', bestBlockHash: headHex() });

  const parent = headHex();
  const hash = await newBlock();
  assert.deepEqual(await rpc.next(sub), {
    event: 'newBlock',
    blockHash: hash,
    parentBlockHash: parent,
    newRuntime: null,
  });
  assert.deepEqual(await rpc.next(sub), { event: 'bestBlockChanged', bestBlockHash: hash });
  assert.deepEqual(await rpc.next(sub), {
    event: 'finalized',
    finalizedBlockHashes: [hash],
    prunedBlockHashes: [],
  });
});

test('header: the SCALE header of a pinned block; -32801 for others, null for a dead subscription', async () => {
  const hash = headHex();
  const header = await rpc.request<string>('chainHead_v1_header', [sub, hash]);
  assert.equal(toHex(blake2b256(Buffer.from(header.slice(2), 'hex'))), hash);
  const unknown = toHex(new Uint8Array(32).fill(7));
  assert.equal((await rpc.failure('chainHead_v1_header', [sub, unknown])).code, INVALID_BLOCK);
  assert.equal(await rpc.request('chainHead_v1_header', ['nope', hash]), null);
  assert.equal((await rpc.failure('chainHead_v1_header', [sub, '0x12'])).code, -32602);
});

test('body: started, then operationBodyDone with the extrinsics; limitReached for a dead subscription', async () => {
  const hash = headHex();
  const started = await rpc.request<{ result: string; operationId: string }>('chainHead_v1_body', [
    sub,
    hash,
  ]);
  assert.equal(started.result, 'started');
  assert.deepEqual(await rpc.next(sub), {
    event: 'operationBodyDone',
    operationId: started.operationId,
    value: (node.chain.body(node.chain.best.hash) ?? []).map((xt) => toHex(xt)),
  });
  assert.deepEqual(await rpc.request('chainHead_v1_body', ['nope', hash]), { result: 'limitReached' });
});

test('call: a runtime API answers operationCallDone; an unknown one operationError', async () => {
  const hash = headHex();
  const ok = await rpc.request<{ operationId: string }>('chainHead_v1_call', [sub, hash, 'Core_version', '']);
  const done = await rpc.next<Event>(sub);
  assert.equal(done.event, 'operationCallDone');
  assert.equal(done['operationId'], ok.operationId);
  assert.match(String(done['output']), /^0x[0-9a-f]+$/);
  const bad = await rpc.request<{ operationId: string }>('chainHead_v1_call', [
    sub,
    hash,
    'Nope_nothing',
    '0x',
  ]);
  const failed = await rpc.next<Event>(sub);
  assert.equal(failed.event, 'operationError');
  assert.equal(failed['operationId'], bad.operationId);
  assert.match(String(failed['error']), /Nope_nothing/);
});

test('call needs a subscription that follows with the runtime (-32802)', async () => {
  const bare = await rpc.request<string>('chainHead_v1_follow', [false]);
  const initialized = await rpc.next<Event>(bare);
  assert.equal(initialized.event, 'initialized');
  assert.equal('finalizedBlockRuntime' in initialized, false);
  const hash = (initialized['finalizedBlockHashes'] as string[])[0] as string;
  assert.equal((await rpc.failure('chainHead_v1_call', [bare, hash, 'Core_version', ''])).code, NO_RUNTIME);
  assert.equal(await rpc.request('chainHead_v1_unfollow', [bare]), null);
});

test('storage: value, hash and the closest-descendant Merkle value (the state root at the empty key)', async () => {
  const hash = headHex();
  const code = node.chain.bestStorage.get(CODE_KEY_HEX);
  assert.ok(code !== undefined);
  const started = await rpc.request<{ result: string; operationId: string; discardedItems: number }>(
    'chainHead_v1_storage',
    [
      sub,
      hash,
      [
        { key: `0x${CODE_KEY_HEX}`, type: 'value' },
        { key: `0x${CODE_KEY_HEX}`, type: 'hash' },
        { key: '0x', type: 'closestDescendantMerkleValue' },
        { key: '0xdeadbeef', type: 'value' },
      ],
      null,
    ],
  );
  assert.equal(started.discardedItems, 0);
  const header = node.chain.header(node.chain.best.hash);
  assert.deepEqual(await rpc.next(sub), {
    event: 'operationStorageItems',
    operationId: started.operationId,
    items: [
      { key: `0x${CODE_KEY_HEX}`, value: toHex(code) },
      { key: `0x${CODE_KEY_HEX}`, hash: toHex(blake2b256(code)) },
      { key: '0x', closestDescendantMerkleValue: toHex(header?.stateRoot ?? new Uint8Array()) },
    ],
  });
  assert.deepEqual(await rpc.next(sub), { event: 'operationStorageDone', operationId: started.operationId });
});

test('storage: a large prefix comes in pages, each after chainHead_v1_continue', async () => {
  const prefix = 'abcdef01';
  const changes: [string, string][] = [];
  for (let i = 0; i < 300; i++) changes.push([`0x${prefix}${i.toString(16).padStart(4, '0')}`, '0x01']);
  await rpc.request('dev_setStorage', [changes]);
  for (const expected of ['newBlock', 'bestBlockChanged', 'finalized']) {
    assert.equal((await rpc.next<Event>(sub)).event, expected);
  }
  const hash = headHex();
  const { operationId } = await rpc.request<{ operationId: string }>('chainHead_v1_storage', [
    sub,
    hash,
    [{ key: `0x${prefix}`, type: 'descendantsValues' }],
    null,
  ]);
  const keys: string[] = [];
  let waits = 0;
  for (;;) {
    const event = await rpc.next<Event>(sub);
    assert.equal(event['operationId'], operationId);
    if (event.event === 'operationStorageItems') {
      keys.push(...(event['items'] as { key: string }[]).map((i) => i.key));
    } else if (event.event === 'operationWaitingForContinue') {
      waits += 1;
      assert.equal(await rpc.request('chainHead_v1_continue', [sub, operationId]), null);
    } else {
      assert.equal(event.event, 'operationStorageDone');
      break;
    }
  }
  assert.equal(waits, 1);
  assert.deepEqual(
    keys,
    changes.map(([k]) => k),
  );
  // A finished operation is no longer known: continue and stopOperation do nothing.
  assert.equal(await rpc.request('chainHead_v1_continue', [sub, operationId]), null);
  assert.equal(await rpc.request('chainHead_v1_stopOperation', [sub, operationId]), null);

  // Stopped while waiting: nothing more arrives for it.
  const stopped = await rpc.request<{ operationId: string }>('chainHead_v1_storage', [
    sub,
    hash,
    [{ key: `0x${prefix}`, type: 'descendantsHashes' }],
    null,
  ]);
  assert.equal((await rpc.next<Event>(sub)).event, 'operationStorageItems');
  assert.equal((await rpc.next<Event>(sub)).event, 'operationWaitingForContinue');
  assert.equal(await rpc.request('chainHead_v1_stopOperation', [sub, stopped.operationId]), null);
  assert.equal(await rpc.request('chainHead_v1_continue', [sub, stopped.operationId]), null);
  const probe = await rpc.request<{ operationId: string }>('chainHead_v1_body', [sub, hash]);
  assert.equal((await rpc.next<Event>(sub))['operationId'], probe.operationId);
});

test('storage: items past the free operation slots are discarded and counted', async () => {
  const items = Array.from({ length: 20 }, (_, i) => ({
    key: `0x${i.toString(16).padStart(2, '0')}`,
    type: 'value',
  }));
  const started = await rpc.request<{ operationId: string; discardedItems: number }>('chainHead_v1_storage', [
    sub,
    headHex(),
    items,
    null,
  ]);
  assert.equal(started.discardedItems, 4);
  assert.deepEqual(await rpc.next(sub), { event: 'operationStorageDone', operationId: started.operationId });
  const bad = await rpc.failure('chainHead_v1_storage', [
    sub,
    headHex(),
    [{ key: '0x00', type: 'nope' }],
    null,
  ]);
  assert.equal(bad.code, -32602);
});

test('unpin: all or nothing, -32801 for unpinned blocks, -32804 for repeats', async () => {
  const hash = await newBlock();
  for (let i = 0; i < 3; i++) await rpc.next(sub);
  assert.equal((await rpc.failure('chainHead_v1_unpin', [sub, [hash, hash]])).code, DUPLICATE_HASHES);
  const unknown = toHex(new Uint8Array(32).fill(9));
  assert.equal((await rpc.failure('chainHead_v1_unpin', [sub, [hash, unknown]])).code, INVALID_BLOCK);
  assert.equal(await rpc.request('chainHead_v1_unpin', [sub, hash]), null);
  assert.equal((await rpc.failure('chainHead_v1_header', [sub, hash])).code, INVALID_BLOCK);
  // A dead subscription ignores unpin.
  assert.equal(await rpc.request('chainHead_v1_unpin', ['nope', unknown]), null);
});

test(`at most ${MAX_FOLLOWS_PER_CONNECTION} follows per connection (-32800); another connection is separate`, async () => {
  const other = await WsTestClient.connect(node.rpc.url);
  try {
    const subs: string[] = [];
    for (let i = 0; i < MAX_FOLLOWS_PER_CONNECTION; i++)
      subs.push(await other.request<string>('chainHead_v1_follow', [false]));
    assert.equal((await other.failure('chainHead_v1_follow', [false])).code, TOO_MANY_FOLLOWS);
    // Subscriptions are private to their connection.
    assert.equal(await rpc.request('chainHead_v1_header', [subs[0], headHex()]), null);
    assert.equal(await other.request('chainHead_v1_unfollow', [subs[0]]), null);
    subs[0] = await other.request<string>('chainHead_v1_follow', [false]);
  } finally {
    await other.close();
  }
});

test('follow needs a WebSocket; HTTP callers get an error', async () => {
  const url = node.rpc.url.replace('ws://', 'http://');
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'chainHead_v1_follow', params: [true] }),
  });
  const body = (await response.json()) as { error?: { code: number } };
  assert.ok(body.error !== undefined);
});

test('closing a connection drops its follows and their chain listeners', async () => {
  const other = await WsTestClient.connect(node.rpc.url);
  const id = await other.request<string>('chainHead_v1_follow', [true]);
  await other.next(id);
  await other.close();
  await rpc.request('chainHead_v1_unfollow', [sub]);
  const deadline = Date.now() + 2_000;
  while (node.chain.listenerCount('block') > idleListeners && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  assert.equal(node.chain.listenerCount('block'), idleListeners);
  // The unfollowed subscription is gone: its calls see a dead subscription.
  assert.equal(await rpc.request('chainHead_v1_header', [sub, headHex()]), null);
});
