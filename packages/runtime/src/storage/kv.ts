/**
 * The runtime's view of state: a flat, ordered key-value space. Keys are lowercase hex strings
 * of the raw Substrate storage keys (hex order is byte order), values SCALE bytes.
 */
export interface ReadableStorage {
  get(key: string): Uint8Array | undefined;
  /** Entries whose key starts with `prefix`, in ascending key order. */
  scan(prefix: string): Iterable<readonly [string, Uint8Array]>;
}

export interface WritableStorage extends ReadableStorage {
  set(key: string, value: Uint8Array): void;
  delete(key: string): void;
}

/** Keys of one storage item (pallet and item prefix), sorted on demand. */
interface Bucket {
  readonly keys: string[];
  sorted: boolean;
}

/** Hex length of twox128(pallet) ‖ twox128(item): the prefix shared by an item's keys. */
const ITEM_PREFIX_HEX = 64;

/**
 * An in-memory store (genesis building, tests, benchmarks). Keys are grouped by storage item so
 * that a block inserting new accounts re-sorts only the accounts when a scan next needs order,
 * not the whole state.
 */
export class MemoryStorage implements WritableStorage {
  private readonly data = new Map<string, Uint8Array>();
  private readonly buckets = new Map<string, Bucket>();
  private bucketNames: string[] | null = null;

  get(key: string): Uint8Array | undefined {
    return this.data.get(key);
  }

  set(key: string, value: Uint8Array): void {
    if (!this.data.has(key)) {
      const name = key.slice(0, ITEM_PREFIX_HEX);
      const bucket = this.buckets.get(name);
      if (bucket === undefined) {
        this.buckets.set(name, { keys: [key], sorted: true });
        this.bucketNames = null;
      } else {
        bucket.keys.push(key);
        bucket.sorted = false;
      }
    }
    this.data.set(key, value);
  }

  delete(key: string): void {
    // The bucket keeps the key until its next sort; scans skip keys without a value.
    if (this.data.delete(key)) {
      const bucket = this.buckets.get(key.slice(0, ITEM_PREFIX_HEX));
      if (bucket) bucket.sorted = false;
    }
  }

  *scan(prefix: string): Iterable<readonly [string, Uint8Array]> {
    if (prefix.length >= ITEM_PREFIX_HEX) {
      const bucket = this.buckets.get(prefix.slice(0, ITEM_PREFIX_HEX));
      if (bucket) yield* this.scanBucket(bucket, prefix);
      return;
    }
    this.bucketNames ??= [...this.buckets.keys()].sort();
    const names = this.bucketNames;
    for (let i = lowerBound(names, prefix); i < names.length; i++) {
      const name = names[i] as string;
      if (!name.startsWith(prefix)) break;
      const bucket = this.buckets.get(name);
      if (bucket) yield* this.scanBucket(bucket, prefix);
    }
  }

  private *scanBucket(bucket: Bucket, prefix: string): Iterable<readonly [string, Uint8Array]> {
    if (!bucket.sorted) {
      // Drop deleted keys and the duplicates a delete-then-reinsert leaves.
      const live = bucket.keys.filter((key) => this.data.has(key)).sort();
      bucket.keys.length = 0;
      for (const key of live) if (key !== bucket.keys[bucket.keys.length - 1]) bucket.keys.push(key);
      bucket.sorted = true;
    }
    const keys = bucket.keys;
    for (let i = lowerBound(keys, prefix); i < keys.length; i++) {
      const key = keys[i] as string;
      if (!key.startsWith(prefix)) break;
      const value = this.data.get(key);
      if (value !== undefined) yield [key, value];
    }
  }

  get size(): number {
    return this.data.size;
  }

  /** All entries in key order. */
  entries(): Iterable<readonly [string, Uint8Array]> {
    return this.scan('');
  }
}

/** First index whose key is >= target, in a sorted array. */
export function lowerBound(keys: readonly string[], target: string): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((keys[mid] as string) < target) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * A copy-on-write layer: reads fall through to the parent, writes stay here until `commit`.
 * Extrinsics run in one so that a failed call leaves no trace; blocks run in one so the node can
 * persist exactly the block's changes.
 */
export class Overlay implements WritableStorage {
  private readonly changes = new Map<string, Uint8Array | null>();

  constructor(private readonly parent: ReadableStorage) {}

  get(key: string): Uint8Array | undefined {
    const change = this.changes.get(key);
    if (change !== undefined) return change ?? undefined;
    return this.parent.get(key);
  }

  set(key: string, value: Uint8Array): void {
    this.changes.set(key, value);
  }

  delete(key: string): void {
    this.changes.set(key, null);
  }

  *scan(prefix: string): Iterable<readonly [string, Uint8Array]> {
    const changed = [...this.changes.keys()].filter((k) => k.startsWith(prefix)).sort();
    let c = 0;
    for (const [key, value] of this.parent.scan(prefix)) {
      while (c < changed.length && (changed[c] as string) < key) {
        const k = changed[c++] as string;
        const v = this.changes.get(k);
        if (v) yield [k, v];
      }
      if (c < changed.length && changed[c] === key) {
        const v = this.changes.get(key);
        c += 1;
        if (v) yield [key, v];
        continue;
      }
      yield [key, value];
    }
    while (c < changed.length) {
      const k = changed[c++] as string;
      const v = this.changes.get(k);
      if (v) yield [k, v];
    }
  }

  /** Apply every change to `target` (normally the parent) and forget them. */
  commitTo(target: WritableStorage): void {
    for (const [key, value] of this.changes) {
      if (value === null) target.delete(key);
      else target.set(key, value);
    }
    this.changes.clear();
  }

  /** The pending changes (null = deleted), e.g. for the node to persist a block. */
  pending(): ReadonlyMap<string, Uint8Array | null> {
    return this.changes;
  }
}
