/**
 * Type descriptors SubnetInfoRuntimeApi's outputs share beyond info-types.ts, with the shapes
 * subtensor's metadata gives them, so metadata-driven clients decode our bytes into the same
 * objects. NetUid, TaoBalance and AlphaBalance are their integers in that metadata, so
 * Compact<NetUid> is Compact<u16> and Compact<TaoBalance> is Compact<u64>.
 */
import { Option, OptionBool, createCodec } from '@tao-ts/primitives';
import {
  bool,
  bytes,
  compact,
  i128,
  i64,
  option,
  struct,
  u128,
  u32,
  u8,
  vec,
  type AnyType,
  type Type,
} from '../types/type.js';
import { CompactU16, CompactU64 } from './info-types.js';

/** Raised when the state an API method reads is not what the runtime itself writes. */
export class SubnetInfoApiError extends Error {
  readonly code = 'SUBNET_INFO_API';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SubnetInfoApiError';
  }
}

export const CompactNetUid = CompactU16;
export const CompactAlpha = CompactU64;
export const CompactTao = CompactU64;
export const CompactU8 = compact(u8);
export const CompactU32 = compact(u32);
export const CompactU128 = compact(u128);
/** Vec<Compact<u8>>: how subtensor ships names and symbols (one compact per byte). */
export const CompactBytes: Type<number[]> = vec(CompactU8);

/**
 * Option<bool>: parity-scale-codec gives it one byte (0 None, 1 Some(true), 2 Some(false)), not
 * the generic tag-then-value layout; the scale-info shape stays the generic Option.
 */
export const OptionBoolType: Type<boolean | undefined> = {
  codec: OptionBool,
  info: option(bool).info,
  name: 'Option<bool>',
};

/**
 * Option<Option<T>>: the outer None is undefined, the inner None (Some(None)) is null, since one
 * undefined cannot tell the two apart.
 */
export function optionOfOption<T>(inner: Type<T>): Type<T | null | undefined> {
  const [encodeInner, decodeInner] = Option(inner.codec);
  const middle = createCodec<T | null>(
    (value) => encodeInner(value === null ? undefined : value),
    (input) => decodeInner(input) ?? null,
  );
  const middleType: Type<T | null> = {
    codec: middle,
    info: option(inner).info,
    name: `Option<${inner.name}>`,
  };
  return option(middleType);
}

/** The decoded object of a struct declared as a const list of [name, type, rustType] fields. */
export type ValuesOf<Fs extends readonly (readonly [string, AnyType, ...unknown[]])[]> = {
  [F in Fs[number] as F[0]]: F[1] extends Type<infer T> ? T : never;
};

/** A substrate_fixed number: clients read its raw integer from the `bits` field. */
export interface FixedBits {
  bits: bigint;
}

function fixed(name: string, bitsType: Type<bigint>, rust: string): Type<FixedBits> {
  // Frac is a typenum type; clients only read `bits`.
  return struct<FixedBits>(['substrate_fixed', name], [['bits', bitsType, rust]], undefined, [
    { name: 'Frac' },
  ]);
}

export const I96F32Type = fixed('FixedI128', i128, 'i128');
export const I32F32Type = fixed('FixedI64', i64, 'i64');

/** The raw bits of 1.0 in I96F32: every pool in this runtime is priced 1:1. */
export const I96F32_ONE: FixedBits = { bits: 1n << 32n };

export interface ChainIdentityV2 {
  name: Uint8Array;
  url: Uint8Array;
  github_repo: Uint8Array;
  image: Uint8Array;
  discord: Uint8Array;
  description: Uint8Array;
  additional: Uint8Array;
}

/** A coldkey's identity (IdentitiesV2), listed per uid by the metagraph. */
export const ChainIdentityV2Type = struct<ChainIdentityV2>(
  ['pallet_subtensor', 'pallet', 'ChainIdentityV2'],
  ['name', 'url', 'github_repo', 'image', 'discord', 'description', 'additional'].map(
    (name) => [name, bytes, 'Vec<u8>'] as const,
  ),
);
