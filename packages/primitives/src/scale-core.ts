// Strict SCALE primitives on top of scale-ts. scale-ts is fast and small but lenient: encoders silently
// wrap out-of-range integers (u8.enc(300) → 0x2c), decoders read past the end or accept non-canonical
// compacts. A chain must reject exactly what parity-scale-codec rejects, so the integer, compact and bool
// codecs here check ranges on encode and bounds/canonical form on decode, throwing typed errors.
import { createCodec, createDecoder, u16 as u16ts, u32 as u32ts, u64 as u64ts, u8 as u8ts } from 'scale-ts';
import {
  i128 as i128ts,
  i16 as i16ts,
  i32 as i32ts,
  i64 as i64ts,
  i8 as i8ts,
  u128 as u128ts,
} from 'scale-ts';
import type { Codec, Decoder, Encoder } from 'scale-ts';
import { TaoError, describeValue } from './errors.js';

export class ScaleDecodeError extends TaoError {
  constructor(message: string, what: string | undefined, cause?: unknown) {
    super('SCALE_DECODE', message, cause === undefined ? { field: what } : { field: what, cause });
  }
}

export class ScaleEncodeError extends TaoError {
  constructor(message: string, what: string | undefined) {
    super('SCALE_ENCODE', message, { field: what });
  }
}

/**
 * scale-ts decodes through an internal Uint8Array subclass carrying the read offset `i` and a DataView `v`
 * over the *whole* underlying ArrayBuffer (it ignores byteOffset: pass fresh arrays, see decodeExact).
 * Decoders made with `cursorDecoder` share that cursor with scale-ts's Struct/Tuple.
 */
export interface Cursor extends Uint8Array {
  i: number;
  readonly v: DataView;
}

export function cursorDecoder<T>(fn: (c: Cursor) => T): Decoder<T> {
  return createDecoder((bytes) => fn(bytes as Cursor));
}

/** Throws ScaleDecodeError unless `n` more bytes are available at the cursor. */
export function need(c: Cursor, n: number, what: string): void {
  if (c.i + n > c.length) {
    throw new ScaleDecodeError(
      `${what}: input truncated: needs ${n} byte(s) at offset ${c.i}, ${Math.max(0, c.length - c.i)} left`,
      what,
    );
  }
}

// Encoders write bytes directly: scale-ts allocates an ArrayBuffer and a DataView per integer, which made
// Vec<u16> encoding ~10× slower than decoding.
function numberCodec(
  name: string,
  nBytes: number,
  min: number,
  max: number,
  base: Codec<number>,
): Codec<number> {
  const enc: Encoder<number> = (value) => {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      throw new ScaleEncodeError(
        `${name}: value out of range [${min}, ${max}]: ${describeValue(value)}`,
        name,
      );
    }
    const out = new Uint8Array(nBytes);
    // `& 0xff` and `>>` work on the 32-bit two's complement, which is exactly the wire form.
    for (let k = 0, v = value; k < nBytes; k++, v >>= 8) out[k] = v & 0xff;
    return out;
  };
  const dec = cursorDecoder((c) => {
    need(c, nBytes, name);
    return base.dec(c);
  });
  return createCodec(enc, dec);
}

function bigintCodec(
  name: string,
  nBytes: number,
  min: bigint,
  max: bigint,
  base: Codec<bigint>,
): Codec<bigint> {
  const bits = nBytes * 8;
  const enc: Encoder<bigint> = (value) => {
    if (typeof value !== 'bigint' || value < min || value > max) {
      throw new ScaleEncodeError(
        `${name}: value out of range [${min}, ${max}]: ${describeValue(value)}`,
        name,
      );
    }
    const out = new Uint8Array(nBytes);
    let rest = BigInt.asUintN(bits, value); // two's complement for the signed types
    for (let k = 0; k < nBytes; k += 4, rest >>= 32n) {
      const word = Number(rest & 0xffff_ffffn);
      out[k] = word & 0xff;
      out[k + 1] = (word >>> 8) & 0xff;
      out[k + 2] = (word >>> 16) & 0xff;
      out[k + 3] = word >>> 24;
    }
    return out;
  };
  const dec = cursorDecoder((c) => {
    need(c, nBytes, name);
    return base.dec(c);
  });
  return createCodec(enc, dec);
}

export const u8 = numberCodec('u8', 1, 0, 0xff, u8ts);
export const u16 = numberCodec('u16', 2, 0, 0xffff, u16ts);
export const u32 = numberCodec('u32', 4, 0, 0xffff_ffff, u32ts);
export const u64 = bigintCodec('u64', 8, 0n, 2n ** 64n - 1n, u64ts);
export const u128 = bigintCodec('u128', 16, 0n, 2n ** 128n - 1n, u128ts);
export const i8 = numberCodec('i8', 1, -0x80, 0x7f, i8ts);
export const i16 = numberCodec('i16', 2, -0x8000, 0x7fff, i16ts);
export const i32 = numberCodec('i32', 4, -0x8000_0000, 0x7fff_ffff, i32ts);
export const i64 = bigintCodec('i64', 8, -(2n ** 63n), 2n ** 63n - 1n, i64ts);
export const i128 = bigintCodec('i128', 16, -(2n ** 127n), 2n ** 127n - 1n, i128ts);

/** bool: exactly 0x00 or 0x01 (parity-scale-codec rejects any other byte). */
export const bool: Codec<boolean> = createCodec(
  (value: boolean) => {
    if (typeof value !== 'boolean') {
      throw new ScaleEncodeError(`bool: expected a boolean, got ${describeValue(value)}`, 'bool');
    }
    return Uint8Array.of(value ? 1 : 0);
  },
  cursorDecoder((c) => {
    need(c, 1, 'bool');
    const b = c[c.i];
    c.i += 1;
    if (b === 0) return false;
    if (b === 1) return true;
    throw new ScaleDecodeError(`bool: invalid byte 0x${(b ?? 0).toString(16)} at offset ${c.i - 1}`, 'bool');
  }),
);

// ---- Compact<uN> ----

const MODE_1_MIN = 1 << 6;
const MODE_2_MIN = 1 << 14;
const MODE_3_MIN = 1 << 30;

/** Canonical compact encoding of a non-negative integer (range is checked by the callers). */
export function encodeCompact(value: number | bigint): Uint8Array {
  if (value < MODE_1_MIN) return Uint8Array.of(Number(value) << 2);
  if (value < MODE_2_MIN) {
    const v = (Number(value) << 2) | 1;
    return Uint8Array.of(v & 0xff, v >>> 8);
  }
  if (value < MODE_3_MIN) {
    const v = ((Number(value) << 2) | 2) >>> 0;
    return Uint8Array.of(v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, v >>> 24);
  }
  let rest = BigInt(value);
  const bytes: number[] = [];
  while (rest > 0n) {
    bytes.push(Number(rest & 0xffn));
    rest >>= 8n;
  }
  return Uint8Array.of(((bytes.length - 4) << 2) | 3, ...bytes);
}

/**
 * Decodes a canonical compact of at most `bits` bits. Modes 0-2 return a number, mode 3 a bigint.
 * Rejects what parity-scale-codec rejects: values encoded in a longer mode than needed, big-integer mode
 * with a zero top byte, and values that do not fit the target type ("compact overflow").
 */
export function decodeCompact(c: Cursor, bits: number, what: string): number | bigint {
  need(c, 1, what);
  const start = c.i;
  const prefix = c[start] ?? 0;
  const mode = prefix & 3;
  let value: number | bigint;
  if (mode === 0) {
    value = prefix >>> 2;
    c.i += 1;
  } else if (mode === 1) {
    need(c, 2, what);
    value = c.v.getUint16(c.i, true) >>> 2;
    if (value < MODE_1_MIN) throw nonCanonical(start, what);
    c.i += 2;
  } else if (mode === 2) {
    need(c, 4, what);
    value = c.v.getUint32(c.i, true) >>> 2;
    if (value < MODE_2_MIN) throw nonCanonical(start, what);
    c.i += 4;
  } else {
    const n = (prefix >>> 2) + 4;
    if (n > Math.ceil(bits / 8)) throw overflow(start, what, bits);
    need(c, 1 + n, what);
    let big = 0n;
    for (let k = n; k >= 1; k--) big = (big << 8n) | BigInt(c[c.i + k] ?? 0);
    const minimum = n === 4 ? BigInt(MODE_3_MIN) : 1n << BigInt(8 * (n - 1));
    if (big < minimum) throw nonCanonical(start, what);
    c.i += 1 + n;
    value = big;
  }
  const tooBig = typeof value === 'number' ? bits < 32 && value >= 2 ** bits : value >= 1n << BigInt(bits);
  if (tooBig) throw overflow(start, what, bits);
  return value;
}

function nonCanonical(offset: number, what: string): ScaleDecodeError {
  return new ScaleDecodeError(`${what}: non-canonical compact encoding at offset ${offset}`, what);
}

function overflow(offset: number, what: string, bits: number): ScaleDecodeError {
  return new ScaleDecodeError(`${what}: compact value at offset ${offset} does not fit in u${bits}`, what);
}

function compactNumber(bits: number): Codec<number> {
  const name = `Compact<u${bits}>`;
  const max = 2 ** bits - 1;
  return createCodec(
    (value: number) => {
      if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > max) {
        throw new ScaleEncodeError(`${name}: value out of range [0, ${max}]: ${describeValue(value)}`, name);
      }
      return encodeCompact(value);
    },
    cursorDecoder((c) => Number(decodeCompact(c, bits, name))),
  );
}

function compactBigint(bits: number): Codec<bigint> {
  const name = `Compact<u${bits}>`;
  const max = (1n << BigInt(bits)) - 1n;
  return createCodec(
    (value: bigint) => {
      if (typeof value !== 'bigint' || value < 0n || value > max) {
        throw new ScaleEncodeError(`${name}: value out of range [0, ${max}]: ${describeValue(value)}`, name);
      }
      return encodeCompact(value);
    },
    cursorDecoder((c) => BigInt(decodeCompact(c, bits, name))),
  );
}

export const compactU8 = compactNumber(8);
export const compactU16 = compactNumber(16);
export const compactU32 = compactNumber(32);
export const compactU64 = compactBigint(64);
export const compactU128 = compactBigint(128);
