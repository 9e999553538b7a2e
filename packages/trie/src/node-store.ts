// Node sources for memory: a plain map (tests, proofs, a node without a database) and a byte-bounded
// LRU in front of a slower store, so the top of the trie, which every block rewrites, stays decoded-ready.
import { hashKey } from './layout.js';
import type { TrieNodeSource } from './source.js';

/** Every node in a Map keyed by `hashKey(hash)`; never forgets (archive semantics). */
export class MemoryNodeStore implements TrieNodeSource {
  readonly nodes: Map<string, Uint8Array>;

  constructor(nodes: Iterable<readonly [string, Uint8Array]> = []) {
    this.nodes = new Map(nodes);
  }

  get(hash: Uint8Array): Uint8Array | undefined {
    return this.nodes.get(hashKey(hash));
  }

  /** Adds the `inserted` map of an update, or the `nodes` of a built trie. */
  insertAll(nodes: ReadonlyMap<string, Uint8Array>): void {
    for (const [key, bytes] of nodes) this.nodes.set(key, bytes);
  }

  get size(): number {
    return this.nodes.size;
  }
}

/**
 * A least-recently-used cache of encoded nodes, bounded in bytes, in front of `backing`. Nodes are
 * immutable under their hash, so the cache never needs invalidation; `remember` warms it with the
 * nodes a block just wrote, which the next block's update reads first.
 */
export class CachedNodeSource implements TrieNodeSource {
  private readonly cache = new Map<string, Uint8Array>();
  private bytes = 0;
  hits = 0;
  misses = 0;

  constructor(
    private readonly backing: TrieNodeSource,
    readonly capacityBytes = 64 * 1024 * 1024,
  ) {}

  get(hash: Uint8Array): Uint8Array | undefined {
    const key = hashKey(hash);
    const cached = this.cache.get(key);
    if (cached !== undefined) {
      this.hits++;
      // Re-insert to move it to the young end of the Map's insertion order.
      this.cache.delete(key);
      this.cache.set(key, cached);
      return cached;
    }
    this.misses++;
    const loaded = this.backing.get(hash);
    if (loaded !== undefined) this.put(key, loaded);
    return loaded;
  }

  remember(nodes: ReadonlyMap<string, Uint8Array>): void {
    for (const [key, bytes] of nodes) this.put(key, bytes);
  }

  get sizeBytes(): number {
    return this.bytes;
  }

  private put(key: string, bytes: Uint8Array): void {
    const old = this.cache.get(key);
    if (old !== undefined) {
      this.cache.delete(key);
      this.bytes -= old.length;
    }
    if (bytes.length > this.capacityBytes) return;
    this.cache.set(key, bytes);
    this.bytes += bytes.length;
    for (const [oldest, b] of this.cache) {
      if (this.bytes <= this.capacityBytes) break;
      this.cache.delete(oldest);
      this.bytes -= b.length;
    }
  }
}
