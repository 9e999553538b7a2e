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

/** An in-memory store (genesis building, tests, benchmarks). */
export class MemoryStorage implements WritableStorage {
  private readonly data = new Map<string, Uint8Array>();
  private sorted: string[] | null = null;

  get(key: string): Uint8Array | undefined {
    return this.data.get(key);
  }

  set(key: string, value: Uint8Array): void {
    if (!this.data.has(key)) this.sorted = null;
    this.data.set(key, value);
  }

  delete(key: string): void {
    if (this.data.delete(key)) this.sorted = null;
  }

  *scan(prefix: string): Iterable<readonly [string, Uint8Array]> {
    this.sorted ??= [...this.data.keys()].sort();
    const keys = this.sorted;
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
