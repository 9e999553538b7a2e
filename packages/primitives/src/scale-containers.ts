// Strict SCALE containers. Same shapes as scale-ts (Vector, Bytes, str, Option, Result, Enum) so code reads
// the same, but decoders check lengths before allocating or looping (a 5-byte input claiming 2^30 elements
// must fail at once, not hang), reject unknown tags, and encoders refuse values they would mangle.
import { createCodec } from 'scale-ts';
import type { Codec, Decoder, Encoder, ResultPayload } from 'scale-ts';
import { concatBytes } from './bytes.js';
import { describeValue } from './errors.js';
import {
  ScaleDecodeError,
  ScaleEncodeError,
  cursorDecoder,
  decodeCompact,
  encodeCompact,
  need,
} from './scale-core.js';
import type { Cursor } from './scale-core.js';

const MAX_LEN = 0xffff_ffff; // lengths are Compact<u32>

function decodeLength(c: Cursor, what: string): number {
  return Number(decodeCompact(c, 32, `${what} length`));
}

/** `Bytes(n)`: exactly n raw bytes ([u8; n]). `Bytes()`: Vec<u8> with a compact length prefix. */
export function Bytes(size?: number): Codec<Uint8Array> {
  const name = size === undefined ? 'Vec<u8>' : `[u8; ${size}]`;
  const enc: Encoder<Uint8Array> = (value) => {
    if (!(value instanceof Uint8Array)) {
      throw new ScaleEncodeError(`${name}: expected a Uint8Array, got ${describeValue(value)}`, name);
    }
    if (size === undefined) return concatBytes(encodeCompact(value.length), value);
    if (value.length !== size) {
      throw new ScaleEncodeError(`${name}: expected ${size} bytes, got ${value.length}`, name);
    }
    return value.slice();
  };
  const dec = cursorDecoder((c) => {
    const len = size ?? decodeLength(c, name);
    need(c, len, name);
    // Copy out of the shared buffer; c.slice() would construct scale-ts's cursor subclass and fail.
    const out = new Uint8Array(c.buffer.slice(c.i, c.i + len));
    c.i += len;
    return out;
  });
  return createCodec(enc, dec);
}

const utf8Decoder = new TextDecoder('utf-8', { fatal: true });
const utf8Encoder = new TextEncoder();

/** String: Vec<u8> holding UTF-8. Invalid UTF-8 is a decode error, as in Rust's `String::decode`. */
export const str: Codec<string> = createCodec(
  (value: string) => {
    if (typeof value !== 'string') {
      throw new ScaleEncodeError(`String: expected a string, got ${describeValue(value)}`, 'String');
    }
    const bytes = utf8Encoder.encode(value);
    return concatBytes(encodeCompact(bytes.length), bytes);
  },
  cursorDecoder((c) => {
    const len = decodeLength(c, 'String');
    need(c, len, 'String');
    let text: string;
    try {
      text = utf8Decoder.decode(new Uint8Array(c.buffer, c.i, len));
    } catch (cause) {
      throw new ScaleDecodeError(`String: invalid UTF-8 at offset ${c.i}`, 'String', cause);
    }
    c.i += len;
    return text;
  }),
);

/**
 * `Vector(inner)`: Vec<T> with a Compact<u32> length. `Vector(inner, n)`: fixed [T; n] without a prefix.
 * A dynamic length larger than the bytes left is rejected up front, which assumes every element takes at
 * least one byte: Vec<()> and other zero-sized elements are not supported (nothing in subtensor uses them).
 */
export function Vector<T>(inner: Codec<T>, size?: number): Codec<T[]> {
  const name = size === undefined ? 'Vec' : `[T; ${size}]`;
  const [encodeItem, decodeItem] = inner;
  const enc: Encoder<T[]> = (values) => {
    if (!Array.isArray(values)) {
      throw new ScaleEncodeError(`${name}: expected an array, got ${describeValue(values)}`, name);
    }
    if (size !== undefined && values.length !== size) {
      throw new ScaleEncodeError(`${name}: expected ${size} elements, got ${values.length}`, name);
    }
    if (values.length > MAX_LEN) throw new ScaleEncodeError(`${name}: too many elements`, name);
    const parts = values.map((v) => encodeItem(v));
    return size === undefined ? concatBytes(encodeCompact(values.length), ...parts) : concatBytes(...parts);
  };
  const dec = cursorDecoder((c) => {
    const n = size ?? decodeLength(c, name);
    if (size === undefined && n > c.length - c.i) {
      throw new ScaleDecodeError(
        `${name}: length ${n} at offset ${c.i} exceeds the ${c.length - c.i} byte(s) left`,
        name,
      );
    }
    const out = new Array<T>(n);
    for (let k = 0; k < n; k++) {
      out[k] = decodeItem(c);
      // Inner decoders that over-read (e.g. a foreign codec) must not keep the loop going.
      if (c.i > c.length) {
        throw new ScaleDecodeError(`${name}: element ${k} was read past the end of the input`, name);
      }
    }
    return out;
  });
  return createCodec(enc, dec);
}

function readTag(c: Cursor, what: string): number {
  need(c, 1, what);
  const tag = c[c.i] ?? 0;
  c.i += 1;
  return tag;
}

/** Option<T>: 0x00 = None (undefined), 0x01 ‖ T = Some. Any other tag byte is an error. */
export function Option<T>(inner: Codec<T>): Codec<T | undefined> {
  const [encodeItem, decodeItem] = inner;
  return createCodec(
    (value: T | undefined) =>
      value === undefined ? Uint8Array.of(0) : concatBytes(Uint8Array.of(1), encodeItem(value)),
    cursorDecoder((c) => {
      const tag = readTag(c, 'Option');
      if (tag === 0) return undefined;
      if (tag === 1) return decodeItem(c);
      throw new ScaleDecodeError(`Option: invalid tag ${tag} at offset ${c.i - 1}`, 'Option');
    }),
  );
}

/** parity-scale-codec special-cases Option<bool> as one byte: 0 = None, 1 = Some(true), 2 = Some(false). */
export const OptionBool: Codec<boolean | undefined> = createCodec(
  (value: boolean | undefined) => Uint8Array.of(value === undefined ? 0 : value ? 1 : 2),
  cursorDecoder((c) => {
    const tag = readTag(c, 'Option<bool>');
    if (tag === 0) return undefined;
    if (tag === 1 || tag === 2) return tag === 1;
    throw new ScaleDecodeError(`Option<bool>: invalid byte ${tag} at offset ${c.i - 1}`, 'Option<bool>');
  }),
);

/** Result<OK, KO>: 0x00 ‖ OK or 0x01 ‖ KO, as `{ success, value }` like scale-ts. */
export function Result<OK, KO>(ok: Codec<OK>, ko: Codec<KO>): Codec<ResultPayload<OK, KO>> {
  return createCodec(
    (r: ResultPayload<OK, KO>) =>
      r.success
        ? concatBytes(Uint8Array.of(0), ok.enc(r.value))
        : concatBytes(Uint8Array.of(1), ko.enc(r.value)),
    cursorDecoder((c): ResultPayload<OK, KO> => {
      const tag = readTag(c, 'Result');
      if (tag === 0) return { success: true, value: ok.dec(c) };
      if (tag === 1) return { success: false, value: ko.dec(c) };
      throw new ScaleDecodeError(`Result: invalid tag ${tag} at offset ${c.i - 1}`, 'Result');
    }),
  );
}

/** Any codec, for use as a constraint (Encoder is contravariant, so `never` accepts every encoder). */
export type AnyCodec = readonly [Encoder<never>, Decoder<unknown>];
export type CodecValue<C> = C extends readonly [Encoder<infer V>, Decoder<unknown>] ? V : never;
export type EnumValue<O extends Record<string, AnyCodec>> = {
  [K in keyof O & string]: { tag: K; value: CodecValue<O[K]> };
}[keyof O & string];

/**
 * Rust enum: a u8 tag then the variant's payload. Tags default to declaration order; pass `indexes` for
 * `#[codec(index = …)]`. `name` appears in error messages.
 */
export function Enum<O extends Record<string, AnyCodec>>(
  variants: O,
  indexes?: readonly number[],
  name = 'Enum',
): Codec<EnumValue<O>> {
  const names = Object.keys(variants);
  const tags = indexes ?? names.map((_, k) => k);
  const badTag = tags.some((t) => !Number.isInteger(t) || t < 0 || t > 255);
  if (tags.length !== names.length || new Set(tags).size !== tags.length || badTag) {
    throw new ScaleEncodeError(`${name}: indexes must be distinct u8 values, one per variant`, name);
  }
  const tagOf = new Map<string, number>();
  const variantOf = new Map<number, { name: string; codec: Codec<unknown> }>();
  names.forEach((variant, k) => {
    const tag = tags[k] ?? k;
    tagOf.set(variant, tag);
    // Safe: each variant's encoder is only ever called with that variant's value (checked by tag).
    variantOf.set(tag, { name: variant, codec: variants[variant] as unknown as Codec<unknown> });
  });
  const enc: Encoder<EnumValue<O>> = (value) => {
    const tag = typeof value === 'object' && value !== null ? tagOf.get(value.tag) : undefined;
    const variant = tag === undefined ? undefined : variantOf.get(tag);
    if (tag === undefined || variant === undefined) {
      throw new ScaleEncodeError(`${name}: unknown variant ${describeValue(value)}`, name);
    }
    return concatBytes(Uint8Array.of(tag), variant.codec[0](value.value));
  };
  const dec = cursorDecoder((c) => {
    const tag = readTag(c, name);
    const variant = variantOf.get(tag);
    if (variant === undefined) {
      throw new ScaleDecodeError(`${name}: invalid variant index ${tag} at offset ${c.i - 1}`, name);
    }
    return { tag: variant.name, value: variant.codec[1](c) } as EnumValue<O>;
  });
  return createCodec(enc, dec);
}
