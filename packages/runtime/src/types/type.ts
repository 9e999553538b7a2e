/**
 * Type descriptors: one value carries a type's SCALE codec and its scale-info shape, so a storage
 * item, call argument or event field declared once yields the encoding, the TypeScript type and
 * the metadata entry (built by the node from `info`). Paths follow Substrate's where clients
 * recognise types by them (AccountId32, MultiAddress, DispatchError…).
 */
import {
  Bytes,
  Enum,
  Option,
  OptionBool,
  StructCodec,
  Tuple,
  Vector,
  _void,
  bool as boolCodec,
  compactU128,
  compactU16,
  compactU32,
  compactU64,
  compactU8,
  createCodec,
  i128 as i128Codec,
  i16 as i16Codec,
  i32 as i32Codec,
  i64 as i64Codec,
  i8 as i8Codec,
  str as strCodec,
  u128 as u128Codec,
  u16 as u16Codec,
  u32 as u32Codec,
  u64 as u64Codec,
  u8 as u8Codec,
  type Codec,
} from '@tao-ts/primitives';

export type Primitive =
  'bool' | 'str' | 'u8' | 'u16' | 'u32' | 'u64' | 'u128' | 'i8' | 'i16' | 'i32' | 'i64' | 'i128';

/**
 * Any descriptor, whatever its value type: codecs are invariant in T, so containers hold this
 * erased form (an encoder of `never`, a decoder of `unknown`), which every Type<T> satisfies.
 */
export interface AnyType {
  readonly codec: {
    readonly enc: (value: never) => Uint8Array;
    readonly dec: (bytes: Uint8Array) => unknown;
  };
  readonly info: TypeInfo;
  readonly name: string;
}

/** Encode a value with an erased descriptor (the caller vouches for the value's shape). */
export function encodeAny(type: AnyType, value: unknown): Uint8Array {
  return (type.codec.enc as (value: unknown) => Uint8Array)(value);
}

function codecOf(type: AnyType): Codec<unknown> {
  return type.codec as unknown as Codec<unknown>;
}

export interface Field {
  readonly name?: string;
  readonly type: AnyType;
  readonly typeName?: string;
  readonly docs?: readonly string[];
}

export interface Variant {
  readonly name: string;
  readonly index: number;
  readonly fields: readonly Field[];
  readonly docs?: readonly string[];
}

export type TypeInfo =
  | { readonly kind: 'primitive'; readonly name: Primitive }
  | { readonly kind: 'compact'; readonly of: AnyType }
  | { readonly kind: 'sequence'; readonly of: AnyType }
  | { readonly kind: 'array'; readonly of: AnyType; readonly len: number }
  | { readonly kind: 'tuple'; readonly of: readonly AnyType[] }
  | {
      readonly kind: 'composite';
      readonly path: readonly string[];
      readonly params?: readonly { name: string; type?: AnyType }[];
      readonly fields: readonly Field[];
      readonly docs?: readonly string[];
    }
  | { readonly kind: 'deferred'; readonly target: () => AnyType }
  | {
      readonly kind: 'variant';
      readonly path: readonly string[];
      readonly params?: readonly { name: string; type?: AnyType }[];
      readonly variants: readonly Variant[];
      readonly docs?: readonly string[];
    };

export interface Type<T> {
  readonly codec: Codec<T>;
  readonly info: TypeInfo;
  /** Human-readable name for docs and errors. */
  readonly name: string;
}

function primitive<T>(name: Primitive, codec: Codec<T>): Type<T> {
  return { codec, info: { kind: 'primitive', name }, name };
}

export const bool = primitive('bool', boolCodec);
export const str = primitive('str', strCodec);
export const u8 = primitive('u8', u8Codec);
export const u16 = primitive('u16', u16Codec);
export const u32 = primitive('u32', u32Codec);
export const u64 = primitive('u64', u64Codec);
export const u128 = primitive('u128', u128Codec);
export const i8 = primitive('i8', i8Codec);
export const i16 = primitive('i16', i16Codec);
export const i32 = primitive('i32', i32Codec);
export const i64 = primitive('i64', i64Codec);
export const i128 = primitive('i128', i128Codec);

export const unit: Type<undefined> = { codec: _void, info: { kind: 'tuple', of: [] }, name: '()' };

const compactCodecs = new Map<AnyType, Codec<unknown>>([
  [u8, compactU8 as Codec<unknown>],
  [u16, compactU16 as Codec<unknown>],
  [u32, compactU32 as Codec<unknown>],
  [u64, compactU64 as Codec<unknown>],
  [u128, compactU128 as Codec<unknown>],
]);

/** Compact<u8|u16|u32> decode to numbers, Compact<u64|u128> to bigints. */
export function compact(of: Type<number>): Type<number>;
export function compact(of: Type<bigint>): Type<bigint>;
export function compact(of: AnyType): AnyType {
  const codec = compactCodecs.get(of);
  if (codec === undefined) throw new Error(`compact is defined for unsigned integers only, not ${of.name}`);
  return { codec, info: { kind: 'compact', of }, name: `Compact<${of.name}>` };
}

export function vec<T>(of: Type<T>): Type<T[]> {
  return { codec: Vector(of.codec), info: { kind: 'sequence', of: of }, name: `Vec<${of.name}>` };
}

/** Vec<u8> as bytes. */
export const bytes: Type<Uint8Array> = {
  codec: Bytes(),
  info: { kind: 'sequence', of: u8 },
  name: 'Vec<u8>',
};

/** [u8; n] as bytes. */
export function fixedBytes(len: number): Type<Uint8Array> {
  return { codec: Bytes(len), info: { kind: 'array', of: u8, len }, name: `[u8; ${len}]` };
}

export function array<T>(of: Type<T>, len: number): Type<T[]> {
  return { codec: Vector(of.codec, len), info: { kind: 'array', of: of, len }, name: `[${of.name}; ${len}]` };
}

export function tuple<A, B>(a: Type<A>, b: Type<B>): Type<[A, B]>;
export function tuple<A, B, C>(a: Type<A>, b: Type<B>, c: Type<C>): Type<[A, B, C]>;
export function tuple<A, B, C, D>(a: Type<A>, b: Type<B>, c: Type<C>, d: Type<D>): Type<[A, B, C, D]>;
export function tuple(...of: AnyType[]): AnyType {
  const codecs = of.map(codecOf) as unknown as Parameters<typeof Tuple>;
  return {
    codec: Tuple(...codecs),
    info: { kind: 'tuple', of },
    name: `(${of.map((t) => t.name).join(', ')})`,
  };
}

/** Option<T>: the scale-info shape is the generic enum core::option::Option. */
export function option<T>(of: Type<T>): Type<T | undefined> {
  return {
    // parity-scale-codec encodes Option<bool> in one byte (0 None, 1 Some(true), 2 Some(false)).
    codec: (of === (bool as AnyType) ? OptionBool : Option(of.codec)) as Codec<T | undefined>,
    info: {
      kind: 'variant',
      path: ['Option'],
      params: [{ name: 'T', type: of }],
      variants: [
        { name: 'None', index: 0, fields: [] },
        { name: 'Some', index: 1, fields: [{ type: of }] },
      ],
    },
    name: `Option<${of.name}>`,
  };
}

export type FieldSpec = readonly [name: string, type: AnyType, typeName?: string, docs?: readonly string[]];

/** A struct with named fields; T is the decoded object's type (field order is the encoding order). */
export function struct<T extends object>(
  path: readonly string[],
  fields: readonly FieldSpec[],
  docs?: readonly string[],
  params?: readonly { name: string; type?: AnyType }[],
): Type<T> {
  return {
    codec: StructCodec<T>(fields.map(([name, type]) => [name, codecOf(type)] as const)),
    info: {
      kind: 'composite',
      path,
      fields: fields.map(([name, type, typeName, fieldDocs]) => ({
        name,
        type,
        ...(typeName !== undefined ? { typeName } : {}),
        ...(fieldDocs !== undefined ? { docs: fieldDocs } : {}),
      })),
      ...(docs !== undefined ? { docs } : {}),
      ...(params !== undefined ? { params } : {}),
    },
    name: path[path.length - 1] ?? 'struct',
  };
}

/** A composite wrapping one unnamed field (a "newtype"), encoded as the field itself. */
export function newtype<T>(
  path: readonly string[],
  inner: Type<T>,
  params?: readonly { name: string; type?: AnyType }[],
): Type<T> {
  return {
    codec: inner.codec,
    info: { kind: 'composite', path, fields: [{ type: inner }], ...(params ? { params } : {}) },
    name: path[path.length - 1] ?? inner.name,
  };
}

export interface VariantSpec {
  readonly name: string;
  readonly index?: number;
  /** Named fields (encoded as a struct), one unnamed field, or none. */
  readonly fields?: readonly FieldSpec[] | AnyType;
  readonly docs?: readonly string[];
}

export type EnumValue = { readonly tag: string; readonly value: unknown };

/** An enum; values are { tag, value } with value a struct object, the single field, or undefined. */
export function enumType<T extends EnumValue = EnumValue>(
  path: readonly string[],
  variants: readonly VariantSpec[],
  docs?: readonly string[],
  params?: readonly { name: string; type?: AnyType }[],
): Type<T> {
  const codecs: Record<string, Codec<unknown>> = {};
  const indexes: number[] = [];
  const infos: Variant[] = [];
  variants.forEach((v, k) => {
    const index = v.index ?? k;
    indexes.push(index);
    let fields: Field[];
    if (v.fields === undefined) {
      codecs[v.name] = _void as Codec<unknown>;
      fields = [];
    } else if (Array.isArray(v.fields)) {
      const spec = v.fields as readonly FieldSpec[];
      const unnamed = spec.every(([name]) => name === '');
      if (unnamed) {
        // Several unnamed fields (a Rust tuple variant) encode one after another; the value is an array.
        codecs[v.name] = Tuple(
          ...(spec.map(([, type]) => codecOf(type)) as unknown as Parameters<typeof Tuple>),
        ) as unknown as Codec<unknown>;
      } else {
        codecs[v.name] = StructCodec<object>(
          spec.map(([name, type]) => [name, codecOf(type)] as const),
        ) as Codec<unknown>;
      }
      fields = spec.map(([name, type, typeName]) => ({
        ...(name !== '' ? { name } : {}),
        type,
        ...(typeName !== undefined ? { typeName } : {}),
      }));
    } else {
      const single = v.fields as AnyType;
      codecs[v.name] = codecOf(single);
      fields = [{ type: single }];
    }
    infos.push({ name: v.name, index, fields, ...(v.docs !== undefined ? { docs: v.docs } : {}) });
  });
  const name = path[path.length - 1] ?? 'enum';
  return {
    codec: Enum(codecs as unknown as Parameters<typeof Enum>[0], indexes, name) as unknown as Codec<T>,
    info: {
      kind: 'variant',
      path,
      variants: infos,
      ...(docs !== undefined ? { docs } : {}),
      ...(params !== undefined ? { params } : {}),
    },
    name,
  };
}

/** Re-interpret a descriptor's decoded values (e.g. a u16 newtype as a branded number). */
export function decodeWith<T>(type: Type<T>, bytes: Uint8Array): T {
  return type.codec.dec(bytes);
}

/**
 * A type known only later (RuntimeCall inside Sudo's own call, which is part of RuntimeCall).
 * Encoding and the metadata registry follow `resolve`d target; recursion is allowed.
 */
export function deferred<T>(name: string): { type: Type<T>; resolve(target: Type<T>): void } {
  let target: Type<T> | undefined;
  const get = (): Type<T> => {
    if (target === undefined) throw new Error(`type ${name} used before it was resolved`);
    return target;
  };
  const codec = createCodec<T>(
    (value) => get().codec.enc(value),
    (bytes) => get().codec.dec(bytes),
  );
  return {
    type: { codec, info: { kind: 'deferred', target: get }, name },
    resolve: (t) => {
      target = t;
    },
  };
}
