// The SCALE surface the rest of tao-ts uses: strict codecs (scale-core, scale-containers), scale-ts's
// combinators that need no extra checking (Struct, Tuple, _void, enhanceCodec…), Substrate's account and
// hash types, and `decodeExact`, the only decoding entry point for untrusted bytes.
import { _void, createCodec, createDecoder, enhanceCodec } from 'scale-ts';
import type { Codec, Decoder } from 'scale-ts';
import { fromHex } from './bytes.js';
import { ScaleDecodeError, compactU32 } from './scale-core.js';
import type { Cursor } from './scale-core.js';
import { Bytes, Enum } from './scale-containers.js';
import type { CodecValue } from './scale-containers.js';
import { SS58_PREFIX, decodeAddress, encodeAddress } from './ss58.js';

export {
  Struct,
  Tuple,
  _void,
  createCodec,
  createDecoder,
  enhanceCodec,
  enhanceDecoder,
  enhanceEncoder,
} from 'scale-ts';
export type { Codec, CodecType, Decoder, Encoder, ResultPayload } from 'scale-ts';
export {
  ScaleDecodeError,
  ScaleEncodeError,
  bool,
  compactU8,
  compactU16,
  compactU32,
  compactU64,
  compactU128,
  cursorDecoder,
  decodeCompact,
  encodeCompact,
  i8,
  i16,
  i32,
  i64,
  i128,
  need,
  u8,
  u16,
  u32,
  u64,
  u128,
} from './scale-core.js';
export type { Cursor } from './scale-core.js';
export { Bytes, Enum, Option, OptionBool, Result, Vector, str } from './scale-containers.js';
export type { AnyCodec, CodecValue, EnumValue } from './scale-containers.js';

/** sp_core::crypto::AccountId32: 32 raw bytes (an sr25519/ed25519 public key). */
export const AccountId32: Codec<Uint8Array> = Bytes(32);

/** AccountId32 seen as an SS58 string: encodes from any valid address, decodes to prefix 42. */
export const AccountId32Ss58: Codec<string> = enhanceCodec(
  AccountId32,
  (address: string) => decodeAddress(address, 'AccountId32'),
  (publicKey: Uint8Array) => encodeAddress(publicKey, SS58_PREFIX),
);

/** sp_core::H256: 32 raw bytes (block and extrinsic hashes). */
export const H256: Codec<Uint8Array> = Bytes(32);

/**
 * sp_runtime::MultiAddress<AccountId32, ()> as subtensor declares `Address`. With `()` as the account
 * index, `Index(Compact<()>)` carries no bytes at all: parity-scale-codec encodes Compact<()> as nothing.
 */
export const MultiAddress = Enum(
  {
    Id: AccountId32,
    Index: _void,
    Raw: Bytes(),
    Address32: Bytes(32),
    Address20: Bytes(20),
  },
  undefined,
  'MultiAddress',
);
export type MultiAddress = CodecValue<typeof MultiAddress>;

/** MultiAddress<AccountId32, u32> (Polkadot/Kusama style), for chains whose account index is a u32. */
export const MultiAddressU32 = Enum(
  {
    Id: AccountId32,
    Index: compactU32,
    Raw: Bytes(),
    Address32: Bytes(32),
    Address20: Bytes(20),
  },
  undefined,
  'MultiAddress',
);

/** `MultiAddress::Id` for an account id given as bytes or SS58. */
export function multiAddressId(account: Uint8Array | string): MultiAddress {
  const id = typeof account === 'string' ? decodeAddress(account, 'account') : account;
  return { tag: 'Id', value: id };
}

function hexInput(text: string, what: string): Uint8Array {
  try {
    return fromHex(text, what);
  } catch (cause) {
    throw new ScaleDecodeError(`${what}: input is not hex`, what, cause);
  }
}

interface Probe<T> {
  readonly value: T;
  readonly end: number;
}

/**
 * Decodes `bytes` (or hex) with `codec` and insists the input is consumed exactly. Every failure —
 * truncation, an invalid tag or bool, a non-canonical or overflowing compact, trailing bytes, or anything
 * scale-ts throws — becomes a ScaleDecodeError whose message starts with `what`.
 */
export function decodeExact<T>(codec: Codec<T> | Decoder<T>, bytes: Uint8Array | string, what: string): T {
  // A fresh, exactly-sized copy: scale-ts decodes over the whole underlying ArrayBuffer, so a subarray or a
  // pooled Node Buffer would otherwise be read from the wrong offset.
  const input = typeof bytes === 'string' ? hexInput(bytes, what) : Uint8Array.from(bytes);
  const decode: Decoder<T> = typeof codec === 'function' ? codec : codec[1];
  const probe = createDecoder((c): Probe<T> => {
    const value = decode(c);
    return { value, end: (c as Cursor).i };
  });
  let result: Probe<T>;
  try {
    result = probe(input);
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new ScaleDecodeError(`${what}: malformed SCALE (${input.length} bytes): ${reason}`, what, cause);
  }
  if (result.end > input.length) {
    throw new ScaleDecodeError(
      `${what}: input truncated: needs ${result.end} bytes, got ${input.length}`,
      what,
    );
  }
  if (result.end < input.length) {
    throw new ScaleDecodeError(
      `${what}: ${input.length - result.end} trailing byte(s) after offset ${result.end}`,
      what,
    );
  }
  return result.value;
}

/**
 * A struct codec equivalent to scale-ts's `Struct` (same bytes, same decoded objects) without its
 * intermediate tuple arrays: runtime storage decodes account structs on every balance access.
 */
export function StructCodec<T extends object>(
  fields: readonly (readonly [string, Codec<unknown>])[],
): Codec<T> {
  const names = fields.map(([name]) => name);
  const encoders = fields.map(([, codec]) => codec[0]);
  const decoders = fields.map(([, codec]) => codec[1]);
  const count = fields.length;
  const encode = (value: T): Uint8Array => {
    const parts: Uint8Array[] = new Array<Uint8Array>(count);
    let length = 0;
    for (let i = 0; i < count; i++) {
      const part = (encoders[i] as (v: unknown) => Uint8Array)(
        (value as Record<string, unknown>)[names[i] as string],
      );
      parts[i] = part;
      length += part.length;
    }
    const out = new Uint8Array(length);
    let offset = 0;
    for (const part of parts) {
      out.set(part, offset);
      offset += part.length;
    }
    return out;
  };
  const decode = createDecoder((cursor): T => {
    const out: Record<string, unknown> = {};
    for (let i = 0; i < count; i++) out[names[i] as string] = (decoders[i] as Decoder<unknown>)(cursor);
    return out as T;
  });
  return createCodec(encode, decode);
}
