// Decoded nodes by hash, shared by successive updates: every block rewrites the top of the trie, and
// the next block reads those same nodes again. Nodes are immutable under their hash, so entries never
// go stale and one cache can serve any number of roots (forks, old blocks) at once.
import type { TrieNode } from './node-codec.js';

/**
 * A bounded cache of decoded trie nodes. Two generations approximate LRU without reordering a Map on
 * every hit: hits in the old generation move to the young one, and when the young one fills up the old
 * one is dropped.
 */
export class TrieNodeCache {
  private young = new Map<string, TrieNode>();
  private old = new Map<string, TrieNode>();

  /** `capacity`: roughly how many nodes to keep (the top of a 10^5-key trie is ~5,000 branches). */
  constructor(readonly capacity = 100_000) {}

  get(key: string): TrieNode | undefined {
    const hit = this.young.get(key);
    if (hit !== undefined) return hit;
    const aged = this.old.get(key);
    if (aged !== undefined) this.set(key, aged);
    return aged;
  }

  set(key: string, node: TrieNode): void {
    this.young.set(key, node);
    if (this.young.size >= this.capacity / 2) {
      this.old = this.young;
      this.young = new Map();
    }
  }

  get size(): number {
    return this.young.size + this.old.size;
  }

  clear(): void {
    this.young.clear();
    this.old.clear();
  }
}
