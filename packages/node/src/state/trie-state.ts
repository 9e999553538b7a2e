/**
 * The state trie behind every block's state root: updates per block, reads and proofs at any
 * block's root, over the trie nodes the database keeps (with an in-memory cache of hot nodes).
 */
import {
  CachedNodeSource,
  EMPTY_TRIE_ROOT,
  applyChanges,
  buildTrie,
  lookup,
  orderedTrieRoot as orderedRoot,
  readProof,
  trieEntries,
  trieRoot,
  type TrieNodeSource,
} from '@tao-ts/trie';
import { hexToBytes, type ReadableStorage } from '@tao-ts/runtime';
import type { ChainDb } from '../db/chain-db.js';

/** Substrate's state version for subtensor: values over 32 bytes are stored hashed (LayoutV1). */
const STATE_VERSION = 1;

export interface TrieUpdate {
  readonly root: Uint8Array;
  /** Nodes (and hashed values) to persist, by hash. */
  readonly nodes: [Uint8Array, Uint8Array][];
}

export interface StateTrie {
  readonly emptyRoot: Uint8Array;
  /** Root and new nodes after applying changes to the trie at `root`. */
  apply(root: Uint8Array, changes: Iterable<readonly [Uint8Array, Uint8Array | null]>): TrieUpdate;
  /** Root and nodes of a whole state (genesis). */
  build(entries: Iterable<readonly [Uint8Array, Uint8Array]>): TrieUpdate;
  get(root: Uint8Array, key: Uint8Array): Uint8Array | undefined;
  proof(root: Uint8Array, keys: readonly Uint8Array[]): Uint8Array[];
  entries(root: Uint8Array, prefix: Uint8Array): Iterable<readonly [Uint8Array, Uint8Array]>;
}

function nodeList(nodes: ReadonlyMap<string, Uint8Array>): [Uint8Array, Uint8Array][] {
  return [...nodes].map(([hash, node]) => [hexToBytes(hash.slice(2)), node]);
}

export function stateTrie(db: ChainDb): StateTrie {
  const source = new CachedNodeSource({ get: (hash) => db.trieNode(hash) } satisfies TrieNodeSource);
  return {
    emptyRoot: EMPTY_TRIE_ROOT,
    apply: (root, changes) => {
      const update = applyChanges(source, root, changes, STATE_VERSION);
      // The next block reads these before LMDB hands them back; keep them hot.
      source.remember(update.inserted);
      return { root: update.root, nodes: nodeList(update.inserted) };
    },
    build: (entries) => {
      const built = buildTrie(entries, STATE_VERSION);
      return { root: built.root, nodes: nodeList(built.nodes) };
    },
    get: (root, key) => lookup(source, root, key),
    proof: (root, keys) => readProof(source, root, keys),
    entries: (root, prefix) => trieEntries(source, root, { prefix }),
  };
}

/** The root of a whole state given as its entries (in any order), computed without keeping nodes. */
export function stateRoot(entries: Iterable<readonly [Uint8Array, Uint8Array]>): Uint8Array {
  return trieRoot(entries, STATE_VERSION);
}

/** The extrinsics root: an ordered trie (LayoutV0, as frame_system builds it for system_version ≤ 1). */
export function orderedTrieRoot(extrinsics: readonly Uint8Array[]): Uint8Array {
  return orderedRoot(extrinsics, 0);
}

const toHexKey = (bytes: Uint8Array): string =>
  Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');

/** A past block's state, read through its state root. */
export class TrieState implements ReadableStorage {
  constructor(
    private readonly trie: StateTrie,
    private readonly root: Uint8Array,
  ) {}

  get(key: string): Uint8Array | undefined {
    return this.trie.get(this.root, hexToBytes(key));
  }

  *scan(prefix: string): Iterable<readonly [string, Uint8Array]> {
    const even = prefix.length % 2 === 0 ? prefix : prefix.slice(0, -1);
    for (const [key, value] of this.trie.entries(this.root, hexToBytes(even))) {
      const hex = toHexKey(key);
      if (hex.startsWith(prefix)) yield [hex, value];
    }
  }
}
