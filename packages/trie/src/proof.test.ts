// Read proofs: complete for what they prove, useless for anything else, and never able to make the
// verifier return a wrong value.
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { cryptoReady, toHex, utf8 } from '@tao-ts/primitives';
import {
  EMPTY_TRIE_ROOT,
  InvalidTrieProofError,
  MemoryNodeStore,
  buildTrie,
  readProof,
  verifyReadProof,
} from './index.js';
import { entriesArb, keyArb, versionArb } from './testing/arbitraries.js';

before(async () => cryptoReady());

const isProofError = (e: unknown): boolean =>
  e instanceof InvalidTrieProofError && e.code === 'TRIE_INVALID_PROOF';

/** A trie, keys to prove (some present, some absent) and the true answer for each. */
const caseArb = fc
  .tuple(entriesArb(40), fc.array(keyArb, { maxLength: 6 }), fc.nat(), versionArb)
  .map(([entries, extra, pick, version]) => {
    const model = new Map(entries.map(([k, v]) => [toHex(k), v]));
    const present = [...new Map(entries.map(([k]) => [toHex(k), k])).values()];
    const keys = [...present.filter((_, i) => (i + pick) % 3 === 0), ...extra];
    const built = buildTrie(entries, version);
    return { built, keys, model, store: new MemoryNodeStore(built.nodes) };
  });

void describe('read proofs (property)', () => {
  void it('prove every asked key: its value, or its absence', () => {
    fc.assert(
      fc.property(caseArb, ({ built, keys, model, store }) => {
        const proof = readProof(store, built.root, keys);
        const proven = verifyReadProof(built.root, proof, keys);
        for (const k of keys) assert.deepEqual(proven.get(toHex(k)), model.get(toHex(k)));
        // Listed once each, in byte order, as sp_trie::StorageProof holds them.
        const hexes = proof.map((p) => toHex(p));
        assert.deepEqual(
          hexes,
          [...new Set(hexes)].sort((a, b) =>
            Buffer.compare(Buffer.from(a.slice(2), 'hex'), Buffer.from(b.slice(2), 'hex')),
          ),
        );
      }),
      { numRuns: 300 },
    );
  });

  void it('without any one of its nodes, or with any one altered, the proof is refused with a typed error', () => {
    fc.assert(
      fc.property(caseArb, fc.nat(), fc.nat(), fc.boolean(), ({ built, keys, store }, which, at, drop) => {
        const proof = readProof(store, built.root, keys);
        if (proof.length === 0) return;
        const i = which % proof.length;
        const broken = proof.slice();
        if (drop) broken.splice(i, 1);
        else {
          const node = (proof[i] as Uint8Array).slice();
          if (node.length === 0) return;
          node[at % node.length] = ((node[at % node.length] as number) + 1) & 0xff;
          broken[i] = node;
        }
        // Every node of a minimal proof is on some key's path, so losing one must be noticed.
        assert.throws(() => verifyReadProof(built.root, broken, keys), isProofError);
      }),
      { numRuns: 300 },
    );
  });

  void it('soundness: whatever nodes are added, removed or changed, a returned value is the true one', () => {
    fc.assert(
      fc.property(
        caseArb,
        fc.array(fc.tuple(fc.nat(), fc.nat(), fc.uint8Array({ maxLength: 40 })), { maxLength: 4 }),
        ({ built, keys, model, store }, edits) => {
          const proof = readProof(store, built.root, keys);
          for (const [i, at, junk] of edits) {
            if (at % 3 === 0 || proof.length === 0) proof.push(junk);
            else if (at % 3 === 1) proof.splice(i % proof.length, 1);
            else {
              const node = (proof[i % proof.length] as Uint8Array).slice();
              if (node.length > 0) node[at % node.length] = (at >> 2) & 0xff;
              proof[i % proof.length] = node;
            }
          }
          let proven: Map<string, Uint8Array | undefined>;
          try {
            proven = verifyReadProof(built.root, proof, keys);
          } catch (e) {
            assert.ok(isProofError(e), `unexpected ${String(e)}`);
            return;
          }
          for (const k of keys) assert.deepEqual(proven.get(toHex(k)), model.get(toHex(k)));
        },
      ),
      { numRuns: 300 },
    );
  });
});

void describe('read proofs', () => {
  void it('of the empty trie: nothing to send, every key absent', () => {
    assert.deepEqual(readProof(new MemoryNodeStore(), EMPTY_TRIE_ROOT, [utf8('a')]), []);
    assert.equal(verifyReadProof(EMPTY_TRIE_ROOT, [], [utf8('a')]).get(toHex(utf8('a'))), undefined);
  });

  void it('include a hashed value as its own item (LayoutV1)', () => {
    const long = utf8('x'.repeat(33));
    const built = buildTrie(
      [
        [utf8('k'), long],
        [utf8('j'), utf8('short')],
      ],
      1,
    );
    const proof = readProof(new MemoryNodeStore(built.nodes), built.root, [utf8('k')]);
    assert.ok(proof.some((p) => toHex(p) === toHex(long)));
    const withoutValue = proof.filter((p) => toHex(p) !== toHex(long));
    assert.throws(() => verifyReadProof(built.root, withoutValue, [utf8('k')]), isProofError);
  });

  void it('is refused for another root', () => {
    const a = buildTrie([[utf8('k'), utf8('1')]]);
    const b = buildTrie([[utf8('k'), utf8('2')]]);
    const proof = readProof(new MemoryNodeStore(a.nodes), a.root, [utf8('k')]);
    assert.throws(() => verifyReadProof(b.root, proof, [utf8('k')]), isProofError);
  });
});
