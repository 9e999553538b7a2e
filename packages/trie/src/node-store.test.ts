// Node stores and caches may change speed, never results.
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { cryptoReady, toHex } from '@tao-ts/primitives';
import {
  CachedNodeSource,
  MemoryNodeStore,
  TrieNodeCache,
  type TrieNode,
  applyChanges,
  buildTrie,
  hashKey,
} from './index.js';
import { changesArb, entriesArb, versionArb } from './testing/arbitraries.js';

before(async () => cryptoReady());

const hash = (i: number): Uint8Array => new Uint8Array(32).fill(i);

void describe('CachedNodeSource', () => {
  void it('serves hits from memory and evicts the least recently used past its byte budget', () => {
    const backing = new MemoryNodeStore(
      [1, 2, 3].map((i) => [hashKey(hash(i)), new Uint8Array(40).fill(i)] as const),
    );
    let reads = 0;
    const counting = { get: (h: Uint8Array) => (reads++, backing.get(h)) };
    const cached = new CachedNodeSource(counting, 100);
    cached.get(hash(1));
    cached.get(hash(2));
    cached.get(hash(1)); // 1 is now the most recent
    assert.equal(reads, 2);
    cached.get(hash(3)); // 120 bytes > 100: evicts 2, the least recent
    assert.equal(cached.sizeBytes, 80);
    cached.get(hash(1));
    assert.equal(reads, 3);
    cached.get(hash(2));
    assert.equal(reads, 4);
    assert.equal(cached.get(hash(9)), undefined);
    assert.deepEqual([cached.hits, cached.misses], [2, 5]);
  });

  void it('remember() warms it with freshly written nodes', () => {
    const cached = new CachedNodeSource(new MemoryNodeStore(), 1000);
    cached.remember(new Map([[hashKey(hash(5)), Uint8Array.of(5)]]));
    assert.deepEqual(cached.get(hash(5)), Uint8Array.of(5));
  });
});

void describe('TrieNodeCache', () => {
  void it('keeps about `capacity` nodes, promoting old-generation hits', () => {
    const cache = new TrieNodeCache(4);
    const node: TrieNode = { partial: new Uint8Array(0), value: undefined, children: undefined };
    for (const k of ['a', 'b']) cache.set(k, node); // young fills at 2: becomes old
    cache.set('c', node);
    assert.equal(cache.get('a'), node); // promoted to young, which fills again
    cache.set('d', node);
    cache.set('e', node);
    assert.ok(cache.size <= 4);
    assert.equal(cache.get('b'), undefined);
  });

  void it('a cache shared across updates and forks never changes roots (property)', () => {
    const cache = new TrieNodeCache(64);
    fc.assert(
      fc.property(
        entriesArb(30),
        fc.array(changesArb(20), { maxLength: 3 }),
        versionArb,
        (initial, batches, v) => {
          const built = buildTrie(initial, v);
          const store = new MemoryNodeStore(built.nodes);
          let [plain, cached] = [built.root, built.root];
          for (const batch of batches) {
            const a = applyChanges(store, plain, batch, v);
            const b = applyChanges(store, cached, batch, v, cache);
            assert.equal(toHex(b.root), toHex(a.root));
            assert.deepEqual([...b.inserted.keys()].sort(), [...a.inserted.keys()].sort());
            assert.deepEqual([...b.removed].sort(), [...a.removed].sort());
            store.insertAll(a.inserted);
            [plain, cached] = [a.root, b.root];
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
