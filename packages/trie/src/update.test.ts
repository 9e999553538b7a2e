// applyChanges must land on exactly the trie trieRoot builds from scratch, whatever the order and mix
// of writes and deletions, and must hand back every node the new root needs.
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { cryptoReady, toHex, utf8 } from '@tao-ts/primitives';
import {
  EMPTY_TRIE_ROOT,
  MemoryNodeStore,
  MissingTrieNodeError,
  applyChanges,
  buildTrie,
  hashKey,
  lookup,
  trieRoot,
} from './index.js';
import { applyToModel, changesArb, entriesArb, versionArb } from './testing/arbitraries.js';
import { reachableHashes } from './testing/reachable.js';

before(async () => cryptoReady());

const modelRoot = (model: Map<string, readonly [Uint8Array, Uint8Array]>, version: 0 | 1): string =>
  toHex(trieRoot(model.values(), version));

void describe('applyChanges (property)', () => {
  void it('from any trie, over batches of writes and deletions, equals trieRoot of the resulting map', () => {
    fc.assert(
      fc.property(
        entriesArb(30),
        fc.array(changesArb(25), { maxLength: 4 }),
        versionArb,
        (initial, batches, v) => {
          const model = new Map<string, readonly [Uint8Array, Uint8Array]>();
          applyToModel(model, initial);
          const built = buildTrie(model.values(), v);
          const store = new MemoryNodeStore(built.nodes);
          let root = built.root;
          for (const batch of batches) {
            const update = applyChanges(store, root, batch, v);
            applyToModel(model, batch);
            assert.equal(toHex(update.root), modelRoot(model, v));
            store.insertAll(update.inserted);
            root = update.root;
          }
          // Every key reads back through the stored nodes, so nothing the new root needs was left out.
          for (const [k, value] of model.values()) assert.deepEqual(lookup(store, root, k), value);
        },
      ),
      { numRuns: 400 },
    );
  });

  void it('inserted holds exactly the new nodes; removed exactly the old ones no longer referenced', () => {
    fc.assert(
      fc.property(entriesArb(30), changesArb(25), versionArb, (initial, changes, v) => {
        // Values unique per key, so no two positions share a stored node and the sets are exact.
        const unique = <T extends Uint8Array | null>(k: Uint8Array, x: T): T =>
          (x === null ? null : Uint8Array.from([...k, 0xee, ...x])) as T;
        const model = new Map<string, readonly [Uint8Array, Uint8Array]>();
        applyToModel(
          model,
          initial.map(([k, x]) => [k, unique(k, x)]),
        );
        const built = buildTrie(model.values(), v);
        const store = new MemoryNodeStore(built.nodes);
        const before = reachableHashes(store, built.root);
        const update = applyChanges(
          store,
          built.root,
          changes.map(([k, x]) => [k, unique(k, x)]),
          v,
        );
        store.insertAll(update.inserted);
        const after = reachableHashes(store, update.root);
        const expectedInserted = [...after].filter((h) => !before.has(h)).sort();
        const expectedRemoved = [...before].filter((h) => !after.has(h)).sort();
        assert.deepEqual([...update.inserted.keys()].sort(), expectedInserted);
        assert.deepEqual([...update.removed].sort(), expectedRemoved);
      }),
      { numRuns: 300 },
    );
  });

  void it('is order-independent for distinct keys and last-write-wins for repeated ones', () => {
    fc.assert(
      fc.property(changesArb(30), versionArb, (changes, v) => {
        const store = new MemoryNodeStore();
        const forward = applyChanges(store, EMPTY_TRIE_ROOT, changes, v).root;
        const model = new Map<string, readonly [Uint8Array, Uint8Array]>();
        applyToModel(model, changes);
        const reversed = applyChanges(store, EMPTY_TRIE_ROOT, [...model.values()].reverse(), v).root;
        assert.equal(toHex(forward), toHex(reversed));
      }),
      { numRuns: 200 },
    );
  });
});

void describe('applyChanges', () => {
  const kv = (k: string, x: string | null): [Uint8Array, Uint8Array | null] => [
    utf8(k),
    x === null ? null : utf8(x),
  ];

  void it('deleting every key returns to the empty root', () => {
    const store = new MemoryNodeStore();
    const a = applyChanges(store, EMPTY_TRIE_ROOT, [kv('a', '1'), kv('ab', '2'), kv('b', 'x'.repeat(40))]);
    store.insertAll(a.inserted);
    const b = applyChanges(store, a.root, [kv('ab', null), kv('a', null), kv('b', null)]);
    assert.equal(toHex(b.root), toHex(EMPTY_TRIE_ROOT));
    assert.ok(b.removed.has(hashKey(a.root)));
  });

  void it('changes that rewrite the same values (or delete absent keys) keep the root and insert nothing', () => {
    const store = new MemoryNodeStore();
    const a = applyChanges(store, EMPTY_TRIE_ROOT, [kv('a', '1'), kv('abc', 'y'.repeat(50))]);
    store.insertAll(a.inserted);
    const b = applyChanges(store, a.root, [
      kv('a', '1'),
      kv('abc', 'y'.repeat(50)),
      kv('zz', null),
      kv('ab', null),
    ]);
    assert.equal(toHex(b.root), toHex(a.root));
    assert.equal(b.inserted.size, 0);
    assert.equal(b.removed.size, 0);
  });

  void it('reads only the changed paths: a missing untouched subtree is never needed', () => {
    const entries = Array.from(
      { length: 64 },
      (_, i) => kv(`key-${i}`, `value-${i}`.repeat(5)) as [Uint8Array, Uint8Array],
    );
    const built = buildTrie(entries);
    const onPath = new MemoryNodeStore();
    const store = new MemoryNodeStore(built.nodes);
    // Record the nodes one lookup touches; applying a change to that key must need nothing else.
    lookup(store, built.root, utf8('key-7'), (h, bytes) => onPath.nodes.set(hashKey(h), bytes));
    const update = applyChanges(onPath, built.root, [kv('key-7', 'changed')]);
    const expected = trieRoot(
      entries.map(([k, x]) => [k, toHex(k) === toHex(utf8('key-7')) ? utf8('changed') : x]),
    );
    assert.equal(toHex(update.root), toHex(expected));
  });

  void it('throws MissingTrieNodeError (TRIE_MISSING_NODE) when a node on a changed path is absent', () => {
    const built = buildTrie([kv('a', 'x'.repeat(40)), kv('b', 'y'.repeat(40))] as [Uint8Array, Uint8Array][]);
    const store = new MemoryNodeStore([
      [hashKey(built.root), built.nodes.get(hashKey(built.root)) as Uint8Array],
    ]);
    assert.throws(
      () => applyChanges(store, built.root, [kv('a', 'z')]),
      (e: unknown) => e instanceof MissingTrieNodeError && e.code === 'TRIE_MISSING_NODE',
    );
  });

  void it('a LayoutV0 trie updated under V1 hashes only rewritten values (state migration)', () => {
    const long = 'v'.repeat(40);
    const entries = [kv('a', long), kv('b', long)] as [Uint8Array, Uint8Array][];
    const v0 = buildTrie(entries, 0);
    const store = new MemoryNodeStore(v0.nodes);
    const partly = applyChanges(store, v0.root, [kv('a', long)], 1);
    assert.notEqual(toHex(partly.root), toHex(v0.root));
    assert.notEqual(toHex(partly.root), toHex(trieRoot(entries, 1)));
    store.insertAll(partly.inserted);
    const fully = applyChanges(store, partly.root, [kv('b', long)], 1);
    assert.equal(toHex(fully.root), toHex(trieRoot(entries, 1)));
  });
});
