// Known answers from Substrate, smoldot and a live Bittensor chain. Each vector names its source.
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  Bytes,
  Vector,
  blake2b256,
  concatBytes,
  cryptoReady,
  decodeExact,
  fromHex,
  toHex,
  utf8,
} from '@tao-ts/primitives';
import {
  EMPTY_TRIE_ROOT,
  InvalidTrieProofError,
  MemoryNodeStore,
  buildTrie,
  hashKey,
  lookup,
  trieRoot,
  verifyReadProof,
} from './index.js';

const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8'));
const entry = (k: string | Uint8Array, v: string | Uint8Array): readonly [Uint8Array, Uint8Array] => [
  typeof k === 'string' ? utf8(k) : k,
  typeof v === 'string' ? utf8(v) : v,
];
/** The root node's encoding (sp_trie `trie_root_unhashed`). */
const rootNode = (entries: (readonly [Uint8Array, Uint8Array])[]): string => {
  const built = buildTrie(entries, 1);
  return toHex(built.nodes.get(hashKey(built.root)) as Uint8Array);
};

before(async () => cryptoReady());

void describe('empty trie', () => {
  void it('has root blake2_256([0x00]) under both layouts', () => {
    const expected = '0x03170a2e7597b7b7e3d84c05391d139a62b157e78786d8c082f29dcf4c111314';
    assert.equal(toHex(EMPTY_TRIE_ROOT), expected);
    assert.equal(toHex(trieRoot([], 0)), expected);
    assert.equal(toHex(trieRoot([], 1)), expected);
  });
});

// polkadot-sdk substrate/primitives/trie/src/lib.rs, tests codec_trie_empty, codec_trie_single_tuple and
// codec_trie_two_tuples_disjoint_keys (LayoutV1::trie_root_unhashed).
void describe('sp-trie codec vectors', () => {
  void it('codec_trie_empty: 0x00', () => {
    assert.equal(rootNode([]), '0x00');
  });

  void it('codec_trie_single_tuple: leaf 0x42, key aa, compact(1), bb', () => {
    assert.equal(rootNode([entry(Uint8Array.of(0xaa), Uint8Array.of(0xbb))]), '0x42aa04bb');
  });

  void it('codec_trie_two_tuples_disjoint_keys: branch 0x80, bitmap 0x1200, two inline 3-nibble leaves', () => {
    const node = rootNode([
      entry(Uint8Array.of(0x48, 0x19), Uint8Array.of(0xfe)),
      entry(Uint8Array.of(0x13, 0x14), Uint8Array.of(0xff)),
    ]);
    assert.equal(node, '0x' + '801200' + '14' + '430314' + '04ff' + '14' + '430819' + '04fe');
  });
});

// smol-dot/smoldot lib/src/trie.rs tests trie_root_example_v0_blake2 and trie_root_example_v1_blake2.
void describe('smoldot trie_root examples', () => {
  void it('V0: foo→bar, foobar→baz', () => {
    const root = trieRoot([entry('foo', 'bar'), entry('foobar', 'baz')], 0);
    assert.equal(toHex(root), '0xa61820b5fba9b01aee10b5bbd84aea80b8230318c5e8ca14b9a4940c76e09815');
  });

  void it('V1: bar→foo, barfoo→hello, anotheritem→anothervalue', () => {
    const root = trieRoot(
      [entry('bar', 'foo'), entry('barfoo', 'hello'), entry('anotheritem', 'anothervalue')],
      1,
    );
    assert.equal(toHex(root), '0x441807c345ca7adf88bd21ab1b3cbadb15616abb89167eb9fe285dd5cecd04c8');
  });
});

interface GenesisFixture {
  genesisHash: string;
  codeKey: string;
  codeLength: number;
  codeBlake2_256: string;
  top: Record<string, string>;
}

function indexOfBytes(haystack: Uint8Array, needle: Uint8Array): number {
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

/**
 * Re-points the one chain of nodes that references hash `from` at `to`, up to `root`, and returns the
 * resulting root. Lets the fixture carry the runtime's hash instead of its 287 kB of code: under
 * LayoutV1 a hashed value enters the trie only through its hash.
 */
function substituteHash(nodes: Map<string, Uint8Array>, root: Uint8Array, from: Uint8Array, to: Uint8Array) {
  let [oldHash, newHash] = [from, to];
  for (;;) {
    const holders = [...nodes.values()].filter((n) => indexOfBytes(n, oldHash) >= 0);
    assert.equal(holders.length, 1, 'exactly one node references the hash');
    const node = holders[0] as Uint8Array;
    const edited = node.slice();
    edited.set(newHash, indexOfBytes(node, oldHash));
    [oldHash, newHash] = [blake2b256(node), blake2b256(edited)];
    if (toHex(oldHash) === toHex(root)) return newHash;
  }
}

// opentensor/subtensor chainspecs/raw_spec_testfinney.json: the raw genesis storage of the Bittensor
// testnet. Its genesis header (parent 0, number 0, this state root, the empty extrinsics root, no
// digest) must hash to the testnet's published genesis hash.
void describe('Bittensor testnet genesis (subtensor raw_spec_testfinney.json)', () => {
  const g = fixture('testfinney-genesis.json') as GenesisFixture;

  void it('the state root (LayoutV1) gives the published genesis block hash', () => {
    // A placeholder as long as the runtime code stands in for it, then its hash is swapped for the real one.
    const placeholder = new Uint8Array(g.codeLength).fill(0xa5);
    const entries = Object.entries(g.top).map(([k, v]) => entry(fromHex(k), fromHex(v)));
    const built = buildTrie([...entries, entry(fromHex(g.codeKey), placeholder)], 1);
    const stateRoot = substituteHash(
      built.nodes,
      built.root,
      blake2b256(placeholder),
      fromHex(g.codeBlake2_256),
    );
    const header = concatBytes(
      new Uint8Array(32),
      Uint8Array.of(0),
      stateRoot,
      EMPTY_TRIE_ROOT,
      Uint8Array.of(0),
    );
    assert.equal(toHex(blake2b256(header)), g.genesisHash);
    assert.equal(toHex(stateRoot), '0xc15439f31626cd90c778831721bb9d0166da302321918887d381829d8c13763f');
  });

  void it('32-byte values stay inline and longer ones are hashed (the 33-byte threshold)', () => {
    const entries = Object.entries(g.top).map(([k, v]) => entry(fromHex(k), fromHex(v)));
    const built = buildTrie(entries, 1);
    const store = new MemoryNodeStore(built.nodes);
    for (const [k, v] of entries) {
      assert.equal(store.nodes.has(hashKey(blake2b256(v))), v.length >= 33, `value of ${toHex(k)}`);
      assert.deepEqual(lookup(store, built.root, k), v);
    }
  });
});

interface ProofFixture {
  proofs: {
    name: string;
    proofScale: string;
    root: string;
    present: { key: string; value: string }[];
    absent: string[];
    incomplete: string[];
  }[];
}

// smol-dot/smoldot lib/src/trie/proof_decode/tests.rs: a read proof from the Polkadot genesis block
// (LayoutV0) and one whose nodes hold values shorter than 32 bytes.
void describe('smoldot read proofs', () => {
  const { proofs } = fixture('smoldot-proofs.json') as ProofFixture;
  for (const p of proofs) {
    void it(`${p.name}: proves the values and absences smoldot finds, and refuses what it lacks`, () => {
      const proof = decodeExact(Vector(Bytes()), p.proofScale, 'proof');
      const root = fromHex(p.root);
      const keys = [...p.present.map((e) => e.key), ...p.absent].map((k) => fromHex(k));
      const proven = verifyReadProof(root, proof, keys);
      for (const e of p.present) assert.equal(toHex(proven.get(e.key) as Uint8Array), e.value);
      for (const k of p.absent) {
        assert.ok(proven.has(k));
        assert.equal(proven.get(k), undefined);
      }
      for (const k of p.incomplete) {
        assert.throws(() => verifyReadProof(root, proof, [fromHex(k)]), InvalidTrieProofError);
      }
      assert.throws(
        () => verifyReadProof(new Uint8Array(32), proof, [new Uint8Array(0)]),
        (e: unknown) => e instanceof InvalidTrieProofError && e.code === 'TRIE_INVALID_PROOF',
      );
    });
  }
});
