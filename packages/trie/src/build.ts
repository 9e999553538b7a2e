// Closed-form construction of a whole trie from its entries, the way trie-root does it: sort the keys,
// then each node is a range of keys sharing a prefix. Used for genesis, tests and checks; block-by-block
// updates go through applyChanges instead.
import type { ChildRef, TrieValue } from './node-codec.js';
import { compactLength, encodeNode, writeCompact } from './node-codec.js';
import {
  EMPTY_NODE,
  EMPTY_TRIE_ROOT,
  HASH_LENGTH,
  type StateVersion,
  checkStateVersion,
  compareBytes,
  hashKey,
  hashNode,
  isHashedValue,
} from './layout.js';
import { keyNibbles, nibbleAt } from './nibbles.js';

export type TrieEntry = readonly [key: Uint8Array, value: Uint8Array];

/** A built trie: its root and every node (and hashed value) a node store needs, by `hashKey(hash)`. */
export interface BuiltTrie {
  readonly root: Uint8Array;
  readonly nodes: Map<string, Uint8Array>;
}

interface Build {
  readonly keys: Uint8Array[];
  readonly values: Uint8Array[];
  readonly version: StateVersion;
  readonly sink: Map<string, Uint8Array> | undefined;
}

/** Sorted, de-duplicated entries; for a repeated key the last one wins, as in a BTreeMap collect. */
function sortedEntries(entries: Iterable<TrieEntry>): { keys: Uint8Array[]; values: Uint8Array[] } {
  const all = Array.from(entries);
  // Array.prototype.sort is stable, so equal keys keep input order and the last of a run is the latest.
  all.sort((a, b) => compareBytes(a[0], b[0]));
  const keys: Uint8Array[] = [];
  const values: Uint8Array[] = [];
  for (let i = 0; i < all.length; i++) {
    const next = all[i + 1];
    const [key, value] = all[i] as TrieEntry;
    if (next !== undefined && compareBytes(key, next[0]) === 0) continue;
    keys.push(key);
    values.push(value);
  }
  return { keys, values };
}

function makeValue(b: Build, bytes: Uint8Array): TrieValue {
  if (!isHashedValue(bytes.length, b.version)) return { hashed: false, bytes };
  const hash = hashNode(bytes);
  b.sink?.set(hashKey(hash), bytes);
  return { hashed: true, hash };
}

function childRef(b: Build, encoded: Uint8Array): ChildRef {
  if (encoded.length < HASH_LENGTH) return { inline: true, encoded };
  const hash = hashNode(encoded);
  b.sink?.set(hashKey(hash), encoded);
  return { inline: false, hash };
}

/** Nibble length of the common prefix of `a` and `b`, counted from nibble `from`. */
function commonNibbles(a: Uint8Array, b: Uint8Array, from: number): number {
  const end = Math.min(a.length, b.length) * 2;
  let i = from;
  // Whole bytes first once aligned: keys in one pallet share long prefixes.
  if ((i & 1) === 1 && i < end && nibbleAt(a, i) === nibbleAt(b, i)) i++;
  while (i + 1 < end && a[i >> 1] === b[i >> 1]) i += 2;
  while (i < end && nibbleAt(a, i) === nibbleAt(b, i)) i++;
  return i - from;
}

/** The encoding of the node holding keys `[lo, hi)`, which share their first `depth` nibbles. */
function buildRange(b: Build, lo: number, hi: number, depth: number): Uint8Array {
  const first = b.keys[lo] as Uint8Array;
  if (hi - lo === 1) {
    return encodeNode({
      partial: keyNibbles(first, depth),
      value: makeValue(b, b.values[lo] as Uint8Array),
      children: undefined,
    });
  }
  const end = depth + commonNibbles(first, b.keys[hi - 1] as Uint8Array, depth);
  let value: TrieValue | undefined;
  let i = lo;
  if (first.length * 2 === end) {
    value = makeValue(b, b.values[lo] as Uint8Array);
    i++;
  }
  const children = new Array<ChildRef | undefined>(16).fill(undefined);
  while (i < hi) {
    const n = nibbleAt(b.keys[i] as Uint8Array, end);
    let j = i + 1;
    while (j < hi && nibbleAt(b.keys[j] as Uint8Array, end) === n) j++;
    children[n] = childRef(b, buildRange(b, i, j, end + 1));
    i = j;
  }
  return encodeNode({ partial: keyNibbles(first, depth, end), value, children });
}

function build(
  entries: Iterable<TrieEntry>,
  version: StateVersion,
  sink: Map<string, Uint8Array> | undefined,
) {
  const { keys, values } = sortedEntries(entries);
  const b: Build = { keys, values, version: checkStateVersion(version), sink };
  if (keys.length === 0) {
    sink?.set(hashKey(EMPTY_TRIE_ROOT), EMPTY_NODE);
    return EMPTY_TRIE_ROOT;
  }
  const encoded = buildRange(b, 0, keys.length, 0);
  // The root is always referenced by hash, even when its encoding is shorter than 32 bytes.
  const root = hashNode(encoded);
  sink?.set(hashKey(root), encoded);
  return root;
}

/** The state root of a whole key-value set (sp_trie `LayoutV{0,1}::trie_root`). */
export function trieRoot(entries: Iterable<TrieEntry>, version: StateVersion = 1): Uint8Array {
  return build(entries, version, undefined);
}

/** The root and every node of the trie of `entries`, ready to persist (genesis). */
export function buildTrie(entries: Iterable<TrieEntry>, version: StateVersion = 1): BuiltTrie {
  const nodes = new Map<string, Uint8Array>();
  const root = build(entries, version, nodes);
  return { root, nodes };
}

/** SCALE Compact<u32> of `n`: the trie key of the `n`th item of an ordered trie. */
function compactIndex(n: number): Uint8Array {
  const out = new Uint8Array(compactLength(n));
  writeCompact(out, 0, n);
  return out;
}

/**
 * The root of the trie mapping each item's SCALE-compact index to the item (sp_trie `ordered_trie_root`):
 * a block's extrinsics root when the items are the whole encoded extrinsics, length prefix included.
 * Defaults to LayoutV0 because frame_system builds extrinsics roots with V0 for `system_version` 0 and 1
 * (subtensor's is 1; only `system_version` 2 and above use V1), whatever the state's version.
 */
export function orderedTrieRoot(items: Iterable<Uint8Array>, version: StateVersion = 0): Uint8Array {
  const entries: TrieEntry[] = [];
  let i = 0;
  for (const item of items) entries.push([compactIndex(i++), item]);
  return trieRoot(entries, version);
}
