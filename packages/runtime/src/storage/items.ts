/**
 * Typed storage items with Substrate's key layout: twox128(pallet) ‖ twox128(item) ‖ hasher(key)…
 * One declaration gives the key derivation, the codec, the default and the metadata entry.
 */
import { cursorDecoder, toHex } from '@tao-ts/primitives';
import type { AnyType, Type } from '../types/type.js';
import { type Hasher, hashKey, hexToBytes, itemPrefix, transparentOffset } from './hashers.js';
import type { ReadableStorage, WritableStorage } from './kv.js';

const DECODED_KEYS_LIMIT = 1 << 16;
const FULL_KEYS_LIMIT = 1 << 16;

export interface StorageKeySpec<K> {
  readonly hasher: Hasher;
  readonly type: Type<K>;
}

/** A key spec with its value type erased (for metadata). */
export interface AnyKeySpec {
  readonly hasher: Hasher;
  readonly type: AnyType;
}

export interface StorageItemMeta {
  readonly pallet: string;
  readonly name: string;
  readonly docs: readonly string[];
  /** Default: an absent value reads as the default; Optional: it reads as absent. */
  readonly modifier: 'Default' | 'Optional';
  readonly value: AnyType;
  /** SCALE bytes of the default (Optional items: the encoding of None). */
  readonly defaultBytes: Uint8Array;
  readonly keys: readonly AnyKeySpec[];
  /** Hex of twox128(pallet) ‖ twox128(name). */
  readonly prefix: string;
}

export class StorageDecodeError extends Error {
  readonly code = 'STORAGE_CORRUPT';
  constructor(item: string, cause: unknown) {
    super(`stored value of ${item} does not decode`, { cause });
    this.name = 'StorageDecodeError';
  }
}

type KeySpecs<K extends readonly unknown[]> = { readonly [I in keyof K]: StorageKeySpec<K[I]> };

export class StorageItem<K extends readonly unknown[], V> {
  readonly meta: StorageItemMeta;
  private readonly defaultValue: V | undefined;
  private readonly valueType: Type<V>;
  private readonly keyTypes: KeySpecs<K>;
  private readonly keyDecoders: ((bytes: Uint8Array) => unknown[])[] = [];
  /** Scans decode the same keys block after block; decoding costs far more than the lookup. */
  private readonly decodedKeys = new Map<string, unknown[]>();
  /**
   * Whole keys of a Blake2_128Concat map by their hashed part: the same key string each time, so
   * the storage layers' maps find its hash already computed (account keys are looked up through
   * several overlays on every balance access).
   */
  private readonly fullKeys = new Map<string, string>();

  constructor(
    pallet: string,
    name: string,
    value: Type<V>,
    keys: KeySpecs<K>,
    options: { default?: V; docs?: readonly string[] },
  ) {
    this.defaultValue = options.default;
    this.valueType = value;
    this.keyTypes = keys;
    const modifier = options.default === undefined ? 'Optional' : 'Default';
    this.meta = {
      pallet,
      name,
      docs: options.docs ?? [],
      modifier,
      value,
      defaultBytes: options.default === undefined ? Uint8Array.of(0) : value.codec.enc(options.default),
      keys: keys,
      prefix: itemPrefix(pallet, name),
    };
  }

  private get label(): string {
    return `${this.meta.pallet}.${this.meta.name}`;
  }

  /** Hex storage key for the given keys (all of them, or a leading part for prefix scans). */
  key(...keys: Partial<K>): string {
    const only = this.keyTypes.length === 1 ? (this.keyTypes[0] as StorageKeySpec<unknown>) : undefined;
    if (only !== undefined && keys.length === 1 && only.hasher === 'Blake2_128Concat') {
      // hashKey hands back one string per account-sized key; so does this, for the whole key.
      const part = hashKey(only.hasher, only.type.codec.enc(keys[0]));
      let full = this.fullKeys.get(part);
      if (full === undefined) {
        if (this.fullKeys.size >= FULL_KEYS_LIMIT) this.fullKeys.clear();
        full = this.meta.prefix + part;
        this.fullKeys.set(part, full);
      }
      return full;
    }
    let out = this.meta.prefix;
    for (let i = 0; i < keys.length; i++) {
      const spec = this.keyTypes[i] as StorageKeySpec<unknown>;
      out += hashKey(spec.hasher, spec.type.codec.enc(keys[i]));
    }
    return out;
  }

  private decode(bytes: Uint8Array): V {
    // scale-ts reads from the start of the underlying buffer: a view into a larger one (a
    // database page, Node's Buffer pool) must be copied out first.
    const exact =
      bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : bytes.slice();
    try {
      return this.valueType.codec.dec(exact);
    } catch (error) {
      throw new StorageDecodeError(this.label, error);
    }
  }

  /** The value, or undefined when absent (whatever the modifier). */
  tryGet(storage: ReadableStorage, ...keys: K): V | undefined {
    const bytes = storage.get(this.key(...keys));
    return bytes === undefined ? undefined : this.decode(bytes);
  }

  /** The value, or (a fresh copy of) the declared default when absent. */
  get(storage: ReadableStorage, ...keys: K): V {
    const value = this.tryGet(storage, ...keys);
    if (value !== undefined) return value;
    if (this.defaultValue === undefined) throw new Error(`${this.label} has no default; use tryGet`);
    return this.decode(this.meta.defaultBytes);
  }

  exists(storage: ReadableStorage, ...keys: K): boolean {
    return storage.get(this.key(...keys)) !== undefined;
  }

  set(storage: WritableStorage, value: V, ...keys: K): void {
    storage.set(this.key(...keys), this.valueType.codec.enc(value));
  }

  remove(storage: WritableStorage, ...keys: K): void {
    storage.delete(this.key(...keys));
  }

  /** Read, transform and write back in one step. */
  update(storage: WritableStorage, keys: K, change: (current: V) => V): V {
    const next = change(this.get(storage, ...keys));
    this.set(storage, next, ...keys);
    return next;
  }

  /**
   * Entries under a key prefix (none, or leading keys), in key order: the remaining keys decoded
   * (they must use transparent hashers) and the value.
   */
  *entries<P extends readonly unknown[]>(
    storage: ReadableStorage,
    ...prefixKeys: P
  ): Iterable<[unknown[], V]> {
    const prefix = this.key(...(prefixKeys as unknown as Partial<K>));
    for (const [key, bytes] of storage.scan(prefix)) {
      yield [this.decodeKeys(key.slice(prefix.length), prefixKeys.length), this.decode(bytes)];
    }
  }

  /** Values under a key prefix, in key order, without decoding keys. */
  *values<P extends readonly unknown[]>(storage: ReadableStorage, ...prefixKeys: P): Iterable<V> {
    const prefix = this.key(...(prefixKeys as unknown as Partial<K>));
    for (const [, bytes] of storage.scan(prefix)) yield this.decode(bytes);
  }

  /** Keys only, as entries() would decode them. */
  *keysUnder<P extends readonly unknown[]>(storage: ReadableStorage, ...prefixKeys: P): Iterable<unknown[]> {
    const prefix = this.key(...(prefixKeys as unknown as Partial<K>));
    for (const [key] of storage.scan(prefix))
      yield this.decodeKeys(key.slice(prefix.length), prefixKeys.length);
  }

  /** Delete every entry under the prefix. */
  removePrefix<P extends readonly unknown[]>(storage: WritableStorage, ...prefixKeys: P): number {
    const prefix = this.key(...(prefixKeys as unknown as Partial<K>));
    const doomed = [...storage.scan(prefix)].map(([key]) => key);
    for (const key of doomed) storage.delete(key);
    return doomed.length;
  }

  private decodeKeys(rest: string, from: number): unknown[] {
    const memoKey = `${from}:${rest}`;
    let keys = this.decodedKeys.get(memoKey);
    if (keys === undefined) {
      let decoder = this.keyDecoders[from];
      if (decoder === undefined) {
        decoder = this.keysDecoder(from);
        this.keyDecoders[from] = decoder;
      }
      keys = decoder(hexToBytes(rest));
      if (this.decodedKeys.size >= DECODED_KEYS_LIMIT) this.decodedKeys.clear();
      this.decodedKeys.set(memoKey, keys);
    }
    // Callers own what they get: byte keys are copied, numbers and strings are immutable.
    return keys.map((key) => (key instanceof Uint8Array ? key.slice() : key));
  }

  /** One pass over the raw key bytes: skip each hash, decode each transparent key. */
  private keysDecoder(from: number): (bytes: Uint8Array) => unknown[] {
    const steps = this.keyTypes.slice(from).map((spec, k) => {
      const skip = transparentOffset(spec.hasher);
      if (skip === null) throw new Error(`${this.label}: key ${from + k} uses opaque hasher ${spec.hasher}`);
      return { skipBytes: skip / 2, decode: spec.type.codec.dec };
    });
    const decode = cursorDecoder((cursor) => {
      const out: unknown[] = [];
      for (const step of steps) {
        cursor.i += step.skipBytes;
        out.push(step.decode(cursor));
      }
      return out;
    });
    return decode;
  }
}

export function storageValue<V>(
  pallet: string,
  name: string,
  value: Type<V>,
  options: { default?: V; docs?: readonly string[] },
): StorageItem<[], V> {
  return new StorageItem<[], V>(pallet, name, value, [], options);
}

export function storageMap<K, V>(
  pallet: string,
  name: string,
  key: StorageKeySpec<K>,
  value: Type<V>,
  options: { default?: V; docs?: readonly string[] },
): StorageItem<[K], V> {
  return new StorageItem<[K], V>(pallet, name, value, [key], options);
}

export function storageDoubleMap<K1, K2, V>(
  pallet: string,
  name: string,
  key1: StorageKeySpec<K1>,
  key2: StorageKeySpec<K2>,
  value: Type<V>,
  options: { default?: V; docs?: readonly string[] },
): StorageItem<[K1, K2], V> {
  return new StorageItem<[K1, K2], V>(pallet, name, value, [key1, key2], options);
}

export function storageNMap<K1, K2, K3, V>(
  pallet: string,
  name: string,
  keys: [StorageKeySpec<K1>, StorageKeySpec<K2>, StorageKeySpec<K3>],
  value: Type<V>,
  options: { default?: V; docs?: readonly string[] },
): StorageItem<[K1, K2, K3], V> {
  return new StorageItem<[K1, K2, K3], V>(pallet, name, value, keys, options);
}

/** 0x-prefixed hex of a storage key (RPC form). */
export function storageKeyHex(key: string): string {
  return `0x${key}`;
}

export { toHex };
