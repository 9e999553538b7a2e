/**
 * scale-info shapes shared by the runtime API result types, as subtensor's metadata declares
 * them: generic composites (`NeuronInfo<AccountId>`), `BTreeMap`, `Cow` and `U64F64`.
 *
 * subtensor's NetUid, MechId, TaoBalance and AlphaBalance implement TypeInfo as their inner
 * integer (subtensor_runtime_common), so in API metadata `Compact<NetUid>` is `Compact<u16>` and
 * `Compact<AlphaBalance>` is `Compact<u64>`: the constants below are those shapes.
 */
import { AccountId32 } from '../types/substrate.js';
import {
  compact,
  struct,
  tuple,
  u128,
  u16,
  u64,
  vec,
  type AnyType,
  type FieldSpec,
  type Type,
} from '../types/type.js';

/** Compact<u16>: uids, u16 proportions and Compact<NetUid>. */
export const CompactU16 = compact(u16);
/** Compact<u64>: block numbers and Compact<AlphaBalance>/Compact<TaoBalance>. */
export const CompactU64 = compact(u64);

export type TypeParam = { readonly name: string; readonly type?: AnyType };

/** The rpc_info structs are generic over AccountId; the runtime instantiates them with AccountId32. */
export const ACCOUNT_ID_PARAM: readonly TypeParam[] = [{ name: 'AccountId', type: AccountId32 }];

/** A struct `path<AccountId>` whose fields name AccountId32 values. */
export function accountGeneric<T extends object>(
  path: readonly string[],
  fields: readonly FieldSpec[],
): Type<T> {
  return struct<T>(path, fields, undefined, ACCOUNT_ID_PARAM);
}

/**
 * alloc's BTreeMap<K, V>: encoded as Vec<(K, V)> in key order. Values are arrays of [key, value]
 * pairs, which callers pass already sorted and free of duplicate keys (see sortedEntries).
 */
export function btreeMap<K, V>(key: Type<K>, value: Type<V>): Type<[K, V][]> {
  const entries = vec(tuple(key, value));
  return {
    codec: entries.codec,
    info: {
      kind: 'composite',
      path: ['BTreeMap'],
      params: [
        { name: 'K', type: key },
        { name: 'V', type: value },
      ],
      fields: [{ type: entries, typeName: '[(K, V)]' }],
    },
    name: `BTreeMap<${key.name}, ${value.name}>`,
  };
}

/** Rust's Ord on byte arrays (AccountId32): lexicographic, shorter first on a common prefix. */
export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const d = (a[i] as number) - (b[i] as number);
    if (d !== 0) return d;
  }
  return a.length - b.length;
}

/** Entries as a BTreeMap would hold them: sorted by key, the last value winning for equal keys. */
export function sortedEntries<K, V>(entries: Iterable<[K, V]>, compare: (a: K, b: K) => number): [K, V][] {
  // Array.prototype.sort is stable: among equal keys the later insertion stays last.
  const sorted = [...entries].sort(([a], [b]) => compare(a, b));
  const out: [K, V][] = [];
  for (const entry of sorted) {
    const last = out[out.length - 1];
    if (last !== undefined && compare(last[0], entry[0]) === 0) out[out.length - 1] = entry;
    else out.push(entry);
  }
  return out;
}

/** alloc::borrow::Cow<'static, T>: a composite around T, encoded as T. */
export function cow<T>(inner: Type<T>): Type<T> {
  return {
    codec: inner.codec,
    info: {
      kind: 'composite',
      path: ['Cow'],
      params: [{ name: 'T', type: inner }],
      fields: [{ type: inner }],
    },
    name: `Cow<${inner.name}>`,
  };
}

/** substrate_fixed's U64F64 (FixedU128<U64>) as runtime APIs return it: `{ bits: u128 }`. */
export interface U64F64Value {
  bits: bigint;
}

export const U64F64Type: Type<U64F64Value> = struct<U64F64Value>(
  ['substrate_fixed', 'FixedU128'],
  [['bits', u128, 'u128']],
  undefined,
  // Frac is a typenum type; clients only read `bits`.
  [{ name: 'Frac' }],
);

/** An argument decoded by its declared type (callRuntimeApi guarantees the shape). */
export function arg<T>(args: Readonly<Record<string, unknown>>, name: string): T {
  return args[name] as T;
}
