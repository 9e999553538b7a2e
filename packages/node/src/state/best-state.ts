/**
 * The runtime's view of the best block's state: the flat LMDB map, behind a read cache. Blocks
 * execute in an Overlay above it; only an imported block's changes reach it (`committed`), after
 * LMDB has them.
 */
import { hexToBytes, type ReadableStorage } from '@tao-ts/runtime';
import type { ChainDb } from '../db/chain-db.js';

const CACHE_LIMIT = 1 << 18;

function bytesToHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

export class BestState implements ReadableStorage {
  /** hex key → value, or null for a key known to be absent. */
  private readonly cache = new Map<string, Uint8Array | null>();

  constructor(private readonly db: ChainDb) {}

  get(key: string): Uint8Array | undefined {
    const cached = this.cache.get(key);
    if (cached !== undefined) return cached ?? undefined;
    const value = this.db.stateValue(hexToBytes(key));
    this.remember(key, value ?? null);
    return value;
  }

  *scan(prefix: string): Iterable<readonly [string, Uint8Array]> {
    // An odd-length hex prefix covers the keys starting with its even-length part and that nibble.
    const even = prefix.length % 2 === 0 ? prefix : prefix.slice(0, -1);
    for (const [key, value] of this.db.stateRange(hexToBytes(even))) {
      const hex = bytesToHex(key);
      if (hex.startsWith(prefix)) yield [hex, value];
    }
  }

  /** Make the cache follow a block LMDB has just committed. */
  committed(changes: Iterable<readonly [string, Uint8Array | null]>): void {
    for (const [key, value] of changes) this.remember(key, value);
  }

  private remember(key: string, value: Uint8Array | null): void {
    if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
    this.cache.set(key, value);
  }
}
