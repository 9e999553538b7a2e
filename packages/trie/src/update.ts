// Incremental update of a stored trie (trie-db's TrieDBMut, reduced to what block import needs): load
// only the nodes on the paths of the changed keys, edit them in memory, then re-encode and hash just
// the edited nodes bottom-up. Untouched subtrees keep their stored references and are never read.
import {
  EMPTY_NODE,
  EMPTY_TRIE_ROOT,
  HASH_LENGTH,
  type StateVersion,
  bytesEqual,
  checkRoot,
  checkStateVersion,
  hashKey,
  hashNode,
  isHashedValue,
} from './layout.js';
import { type ChildRef, type TrieNode, type TrieValue, decodeChild, encodeNode } from './node-codec.js';
import { commonPrefixWithKey, joinNibbles, keyNibbles, nibbleAt } from './nibbles.js';
import type { TrieNodeCache } from './node-cache.js';
import { type TrieNodeSource, fetchChild } from './source.js';

/** A change to one key: the new value, or null to delete it. */
export type TrieChange = readonly [key: Uint8Array, value: Uint8Array | null];

export interface TrieUpdate {
  /** The root after the changes (the old root when nothing changed). */
  readonly root: Uint8Array;
  /**
   * New nodes and hashed values to persist, by `hashKey(hash)`. Storage is content-addressed, so some
   * may already be stored elsewhere (a value equal to another key's); writing them again is harmless.
   */
  readonly inserted: Map<string, Uint8Array>;
  /**
   * Hashes (by `hashKey`) of old nodes and hashed values that the new trie no longer references at the
   * changed paths. Storage is content-addressed, so the same bytes may still be referenced elsewhere in
   * this trie (equal values are one node) or by other roots: a pruning store must reference-count them
   * rather than delete on sight. An archive store ignores this set.
   */
  readonly removed: Set<string>;
}

/** A node loaded into memory for editing. `ref` is how the old trie referred to it, until edited. */
class MemNode {
  constructor(
    public partial: Uint8Array,
    public value: TrieValue | undefined,
    public children: Slot[] | undefined,
    public dirty: boolean,
    readonly ref: ChildRef | undefined,
  ) {}
}

type Slot = ChildRef | MemNode | undefined;

const emptySlots = (): Slot[] => new Array<Slot>(16).fill(undefined);

class Updater {
  readonly inserted = new Map<string, Uint8Array>();
  readonly removed = new Set<string>();
  // Hashed values written by this update; persisted only if still referenced at commit.
  readonly newValues = new Map<string, Uint8Array>();
  readonly freshValues = new WeakSet<TrieValue>();

  constructor(
    readonly source: TrieNodeSource,
    readonly version: StateVersion,
    readonly cache: TrieNodeCache | undefined,
  ) {}

  load(slot: ChildRef | MemNode): MemNode {
    if (slot instanceof MemNode) return slot;
    let n: TrieNode | undefined;
    if (slot.inline) n = decodeChild(slot.encoded);
    else if (this.cache === undefined) n = decodeChild(fetchChild(this.source, slot));
    else {
      const key = hashKey(slot.hash);
      n = this.cache.get(key);
      if (n === undefined) {
        n = decodeChild(fetchChild(this.source, slot));
        this.cache.set(key, n);
      }
    }
    // Decoded nodes may be shared through the cache: edits go to a copy of the child slots.
    return new MemNode(n.partial, n.value, n.children?.slice(), false, slot);
  }

  /** Marks a node edited; its old stored encoding is then no longer referenced from here. */
  touch(node: MemNode): void {
    if (node.dirty) return;
    node.dirty = true;
    if (node.ref !== undefined && !node.ref.inline) this.removed.add(hashKey(node.ref.hash));
  }

  makeValue(bytes: Uint8Array): TrieValue {
    if (!isHashedValue(bytes.length, this.version)) return { hashed: false, bytes };
    const hash = hashNode(bytes);
    this.newValues.set(hashKey(hash), bytes);
    const value: TrieValue = { hashed: true, hash };
    this.freshValues.add(value);
    return value;
  }

  dropValue(value: TrieValue | undefined): void {
    if (value?.hashed === true && !this.freshValues.has(value)) this.removed.add(hashKey(value.hash));
  }

  insert(node: MemNode | undefined, key: Uint8Array, offset: number, value: TrieValue): MemNode {
    if (node === undefined) return new MemNode(keyNibbles(key, offset), value, undefined, true, undefined);
    const { partial } = node;
    const common = commonPrefixWithKey(partial, key, offset);
    const at = offset + common;
    if (common < partial.length) {
      // The key leaves this node's partial key: a new branch takes the shared part.
      this.touch(node);
      const branch = new MemNode(partial.subarray(0, common), undefined, emptySlots(), true, undefined);
      const slots = branch.children as Slot[];
      slots[partial[common] as number] = node;
      node.partial = partial.subarray(common + 1);
      if (at === key.length * 2) branch.value = value;
      else slots[nibbleAt(key, at)] = new MemNode(keyNibbles(key, at + 1), value, undefined, true, undefined);
      return branch;
    }
    if (at === key.length * 2) {
      if (sameValue(node.value, value)) return node;
      this.touch(node);
      this.dropValue(node.value);
      node.value = value;
      return node;
    }
    const index = nibbleAt(key, at);
    if (node.children === undefined) {
      this.touch(node);
      node.children = emptySlots();
      node.children[index] = new MemNode(keyNibbles(key, at + 1), value, undefined, true, undefined);
      return node;
    }
    const slot = node.children[index];
    const child = this.insert(slot === undefined ? undefined : this.load(slot), key, at + 1, value);
    node.children[index] = child;
    if (child.dirty) this.touch(node);
    return node;
  }

  remove(node: MemNode, key: Uint8Array, offset: number): MemNode | undefined {
    const { partial } = node;
    const keyNibbleCount = key.length * 2;
    if (keyNibbleCount - offset < partial.length) return node;
    if (commonPrefixWithKey(partial, key, offset) < partial.length) return node;
    const at = offset + partial.length;
    if (at === keyNibbleCount) {
      if (node.value === undefined) return node;
      this.touch(node);
      this.dropValue(node.value);
      node.value = undefined;
      return this.normalize(node);
    }
    const slot = node.children?.[nibbleAt(key, at)];
    if (slot === undefined) return node;
    const child = this.load(slot);
    const updated = this.remove(child, key, at + 1);
    (node.children as Slot[])[nibbleAt(key, at)] = updated;
    if (updated === child && !child.dirty) return node;
    this.touch(node);
    return this.normalize(node);
  }

  /** Restores the trie's shape after a removal: no valueless leaf, no valueless single-child branch. */
  normalize(node: MemNode): MemNode | undefined {
    const slots = node.children;
    if (slots === undefined) return node.value === undefined ? undefined : node;
    let count = 0;
    let only = -1;
    for (let i = 0; i < 16; i++) {
      if (slots[i] === undefined) continue;
      count++;
      only = i;
    }
    if (count === 0) {
      if (node.value === undefined) return undefined;
      node.children = undefined;
      return node;
    }
    if (count > 1 || node.value !== undefined) return node;
    // A valueless branch with one child merges into that child.
    const child = this.load(slots[only] as ChildRef | MemNode);
    this.touch(child);
    child.partial = joinNibbles(node.partial, only, child.partial);
    return child;
  }

  /** Encodes an edited node (after its edited children) and returns how its parent refers to it. */
  commit(node: MemNode, isRoot: boolean): ChildRef {
    if (!node.dirty && node.ref !== undefined) return node.ref;
    const children = node.children?.map((s) => (s instanceof MemNode ? this.commit(s, false) : s));
    const value = node.value;
    if (value?.hashed === true) {
      const key = hashKey(value.hash);
      const bytes = this.newValues.get(key);
      if (bytes !== undefined) this.inserted.set(key, bytes);
    }
    const decoded: TrieNode = { partial: node.partial, value, children };
    const encoded = encodeNode(decoded);
    if (!isRoot && encoded.length < HASH_LENGTH) return { inline: true, encoded };
    const hash = hashNode(encoded);
    const key = hashKey(hash);
    this.inserted.set(key, encoded);
    // The next block starts from these nodes: keep them decoded.
    this.cache?.set(key, decoded);
    return { inline: false, hash };
  }
}

function sameValue(old: TrieValue | undefined, next: TrieValue): boolean {
  if (old === undefined) return false;
  if (old.hashed) return next.hashed && bytesEqual(old.hash, next.hash);
  return !next.hashed && bytesEqual(old.bytes, next.bytes);
}

/**
 * Applies `changes` (in order; a later change to the same key wins) to the trie with `root` in `source`
 * and returns the new root with the nodes to persist. Only nodes on the changed paths are read, and
 * hashed values are never read. Values keep the form they are stored in until rewritten, so a LayoutV0
 * trie updated with `version` 1 hashes only the values written from then on, as Substrate does during a
 * state migration. Throws MissingTrieNodeError when a node on a changed path is not in `source`.
 * `cache`, shared across calls, keeps decoded nodes (the ones read and the ones written) so the next
 * block's update finds the top of the trie without reading or decoding it again.
 */
export function applyChanges(
  source: TrieNodeSource,
  root: Uint8Array,
  changes: Iterable<TrieChange>,
  version: StateVersion = 1,
  cache?: TrieNodeCache,
): TrieUpdate {
  checkRoot(root);
  const u = new Updater(source, checkStateVersion(version), cache);
  const rootRef: ChildRef = { inline: false, hash: root };
  let top = bytesEqual(root, EMPTY_TRIE_ROOT) ? undefined : u.load(rootRef);
  for (const [key, value] of changes) {
    if (value === null) {
      if (top !== undefined) top = u.remove(top, key, 0);
    } else {
      top = u.insert(top, key, 0, u.makeValue(value));
    }
  }
  let newRoot: Uint8Array;
  if (top === undefined) {
    newRoot = EMPTY_TRIE_ROOT;
    if (!bytesEqual(root, EMPTY_TRIE_ROOT)) {
      u.removed.add(hashKey(root));
      u.inserted.set(hashKey(EMPTY_TRIE_ROOT), EMPTY_NODE);
    }
  } else {
    newRoot = (u.commit(top, true) as { hash: Uint8Array }).hash;
    if (bytesEqual(root, EMPTY_TRIE_ROOT)) u.removed.add(hashKey(root));
  }
  // A node rebuilt byte-identical to one it replaced (a key written then deleted) is neither new nor gone.
  for (const key of u.inserted.keys()) {
    if (u.removed.delete(key)) u.inserted.delete(key);
  }
  return { root: newRoot, inserted: u.inserted, removed: u.removed };
}
