/**
 * One follow subscription's bookkeeping, without a node: the event sequence for imported and
 * finalized blocks (pruned forks included), pinning and its limit, unpin's all-or-nothing
 * errors, and operation slots.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { toHex } from '@tao-ts/primitives';
import { RpcError, type Connection } from '../jsonrpc.js';
import type { Channel } from './channel.js';
import {
  DEFAULT_FOLLOW_LIMITS,
  DUPLICATE_HASHES,
  Follow,
  INVALID_BLOCK,
  type FollowLimits,
  type RuntimeSpec,
} from './chain-head-follow.js';

const RUNTIME: RuntimeSpec = {
  specName: 'node-subtensor',
  implName: 'tao-ts',
  specVersion: 425,
  implVersion: 1,
  transactionVersion: 1,
  apis: { '0xdf6acb689907609b': 5 },
};

/** A channel that records what would be sent. */
function recorder(): { channel: Channel; sent: Record<string, unknown>[]; closed: () => boolean } {
  const sent: Record<string, unknown>[] = [];
  let open = true;
  const connection: Connection = { id: 1, send: () => undefined, subscriptions: new Map() };
  const channel: Channel = {
    id: 'sub',
    connection,
    get open() {
      return open;
    },
    send: (result) => {
      if (open) sent.push(result as Record<string, unknown>);
    },
    close: () => {
      open = false;
    },
  };
  return { channel, sent, closed: () => !open };
}

const hash = (n: number): Uint8Array => new Uint8Array(32).fill(n);
const hex = (n: number): string => toHex(hash(n));

function follow(withRuntime: boolean, limits: Partial<FollowLimits> = {}) {
  const r = recorder();
  const f = new Follow(r.channel, withRuntime, { ...DEFAULT_FOLLOW_LIMITS, ...limits });
  return { follow: f, ...r };
}

test('initialized (with the runtime when asked), the unfinalized blocks, then the best block', () => {
  const { follow: f, sent } = follow(true);
  f.start({
    finalized: hash(1),
    unfinalized: [{ hash: hash(2), parentHash: hash(1) }],
    best: hash(2),
    runtime: RUNTIME,
  });
  assert.deepEqual(sent, [
    {
      event: 'initialized',
      finalizedBlockHashes: [hex(1)],
      finalizedBlockRuntime: { type: 'valid', spec: RUNTIME },
    },
    { event: 'newBlock', blockHash: hex(2), parentBlockHash: hex(1), newRuntime: null },
    { event: 'bestBlockChanged', bestBlockHash: hex(2) },
  ]);
  assert.ok(f.isPinned(hex(1)) && f.isPinned(hex(2)));
});

test('without withRuntime: no runtime in initialized and no newRuntime in newBlock', () => {
  const { follow: f, sent } = follow(false);
  f.start({ finalized: hash(1), unfinalized: [], best: hash(1), runtime: RUNTIME });
  f.blockImported(hash(2), hash(1), true);
  f.blockFinalized(hash(2));
  assert.deepEqual(sent, [
    { event: 'initialized', finalizedBlockHashes: [hex(1)] },
    { event: 'bestBlockChanged', bestBlockHash: hex(1) },
    { event: 'newBlock', blockHash: hex(2), parentBlockHash: hex(1) },
    { event: 'bestBlockChanged', bestBlockHash: hex(2) },
    { event: 'finalized', finalizedBlockHashes: [hex(2)], prunedBlockHashes: [] },
  ]);
});

test('finalizing a block reports its unreported ancestors in order and prunes the other fork', () => {
  const { follow: f, sent } = follow(false);
  f.start({ finalized: hash(1), unfinalized: [], best: hash(1), runtime: RUNTIME });
  f.blockImported(hash(2), hash(1), true);
  f.blockImported(hash(3), hash(2), true);
  f.blockImported(hash(9), hash(1), false); // a sibling of 2
  f.blockImported(hash(4), hash(3), true);
  sent.length = 0;
  f.blockFinalized(hash(3));
  assert.deepEqual(sent, [
    { event: 'finalized', finalizedBlockHashes: [hex(2), hex(3)], prunedBlockHashes: [hex(9)] },
  ]);
  // Pruned and finalized blocks stay pinned until the client unpins them.
  assert.ok(f.isPinned(hex(9)) && f.isPinned(hex(2)));
  // A block the subscription never announced (finalized before it started) says nothing.
  sent.length = 0;
  f.blockFinalized(hash(1));
  assert.deepEqual(sent, []);
});

test('unpin is all or nothing: unknown and repeated hashes fail without unpinning any', () => {
  const { follow: f } = follow(false);
  f.start({ finalized: hash(1), unfinalized: [], best: hash(1), runtime: RUNTIME });
  f.blockImported(hash(2), hash(1), true);
  const code = (fn: () => void): number | undefined => {
    try {
      fn();
    } catch (error) {
      return error instanceof RpcError ? error.code : undefined;
    }
    return undefined;
  };
  assert.equal(
    code(() => f.unpin([hex(1), hex(7)])),
    INVALID_BLOCK,
  );
  assert.equal(
    code(() => f.unpin([hex(1), hex(1)])),
    DUPLICATE_HASHES,
  );
  assert.ok(f.isPinned(hex(1)));
  f.unpin([hex(1), hex(2)]);
  assert.equal(f.pinnedCount, 0);
  assert.equal(
    code(() => f.unpin([hex(1)])),
    INVALID_BLOCK,
  );
});

test('pinning past the limit stops the subscription; unpinning keeps it alive', () => {
  const { follow: f, sent, closed } = follow(false, { maxPinned: 3 });
  f.start({ finalized: hash(1), unfinalized: [], best: hash(1), runtime: RUNTIME });
  f.blockImported(hash(2), hash(1), true);
  f.blockImported(hash(3), hash(2), true);
  f.unpin([hex(1)]);
  f.blockImported(hash(4), hash(3), true);
  assert.equal(closed(), false);
  sent.length = 0;
  f.blockImported(hash(5), hash(4), true);
  assert.deepEqual(sent, [{ event: 'stop' }]);
  assert.equal(closed(), true);
  assert.equal(f.alive, false);
  // Nothing follows a stop.
  f.blockImported(hash(6), hash(5), true);
  f.blockFinalized(hash(5));
  assert.deepEqual(sent, [{ event: 'stop' }]);
});

test('operation slots: storage items each take one, ended operations give them back', () => {
  const { follow: f, sent } = follow(false, { maxOperations: 4 });
  const storage = f.startOperation(6);
  assert.equal(storage?.slots, 4, 'six items, four slots: two are discarded');
  assert.equal(f.startOperation(1), undefined, 'no slot left');
  if (storage === undefined) return;
  f.endOperation(storage);
  const body = f.startOperation(1);
  assert.equal(body?.slots, 1);
  assert.notEqual(body?.id, storage.id);
  // Events of an ended (stopped) operation are dropped.
  f.operationEvent(storage, { event: 'operationStorageDone' });
  assert.deepEqual(sent, []);
  if (body === undefined) return;
  f.operationEvent(body, { event: 'operationBodyDone', value: [] });
  assert.deepEqual(sent, [{ event: 'operationBodyDone', value: [], operationId: body.id }]);
});
