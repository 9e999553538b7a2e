// Whole-trie construction: duplicates, completeness of the emitted nodes, and ordered (extrinsics) roots.
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { cryptoReady, toHex, utf8 } from '@tao-ts/primitives';
import { EMPTY_TRIE_ROOT, MemoryNodeStore, buildTrie, orderedTrieRoot, trieRoot } from './index.js';
import { entriesArb, versionArb } from './testing/arbitraries.js';
import { reachableHashes } from './testing/reachable.js';

before(async () => cryptoReady());

void describe('trieRoot / buildTrie', () => {
  void it('a repeated key takes its last value, whatever the input order (property)', () => {
    fc.assert(
      fc.property(entriesArb(30), versionArb, (entries, v) => {
        const last = new Map(entries.map(([k, x]) => [toHex(k), [k, x] as const]));
        assert.equal(toHex(trieRoot(entries, v)), toHex(trieRoot([...last.values()].reverse(), v)));
      }),
      { numRuns: 300 },
    );
  });

  void it('emits exactly the nodes and hashed values the root references (property)', () => {
    fc.assert(
      fc.property(entriesArb(30), versionArb, (entries, v) => {
        const built = buildTrie(entries, v);
        assert.equal(toHex(built.root), toHex(trieRoot(entries, v)));
        const reachable = reachableHashes(new MemoryNodeStore(built.nodes), built.root);
        assert.deepEqual([...built.nodes.keys()].sort(), [...reachable].sort());
      }),
      { numRuns: 300 },
    );
  });

  void it('a root node shorter than 32 bytes is still referenced by its hash', () => {
    const built = buildTrie([[utf8('a'), utf8('b')]]);
    assert.equal(built.nodes.size, 1);
    assert.equal([...built.nodes.values()][0]?.length, 4);
  });
});

void describe('orderedTrieRoot', () => {
  const items = Array.from({ length: 70 }, (_, i) => utf8(`extrinsic ${i} `.repeat(1 + (i % 5))));

  void it('keys item i by SCALE Compact<u32>(i): one byte below 64, two from 64', () => {
    const keyed = items.map((x, i): [Uint8Array, Uint8Array] => [
      i < 64 ? Uint8Array.of(i << 2) : Uint8Array.of(((i << 2) | 1) & 0xff, i >> 6),
      x,
    ]);
    assert.equal(toHex(orderedTrieRoot(items)), toHex(trieRoot(keyed, 0)));
    assert.equal(toHex(orderedTrieRoot(items, 1)), toHex(trieRoot(keyed, 1)));
  });

  void it('defaults to LayoutV0 (extrinsics roots) and is the empty root for an empty block', () => {
    assert.equal(toHex(orderedTrieRoot(items)), toHex(orderedTrieRoot(items, 0)));
    assert.notEqual(toHex(orderedTrieRoot(items)), toHex(orderedTrieRoot(items, 1)));
    assert.equal(toHex(orderedTrieRoot([])), toHex(EMPTY_TRIE_ROOT));
  });
});
