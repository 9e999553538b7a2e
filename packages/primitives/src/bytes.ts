// Byte helpers shared by hashes, SCALE and keys. Hex is the wire form of bytes in RPC, keyfiles and vectors,
// so parsing is strict: a silently dropped nibble would produce a different key or storage entry.
import { TaoError, describeValue } from './errors.js';

export class InvalidHexError extends TaoError {
  constructor(message: string, field: string | undefined, cause?: unknown) {
    super('INVALID_HEX', message, cause === undefined ? { field } : { field, cause });
  }
}

const HEX_CHARS = '0123456789abcdef';
const BYTE_TO_HEX: readonly string[] = Array.from(
  { length: 256 },
  (_, i) => `${HEX_CHARS[i >> 4] ?? ''}${HEX_CHARS[i & 15] ?? ''}`,
);

/** Lower-case hex with a `0x` prefix. */
export function toHex(bytes: Uint8Array): string {
  let out = '0x';
  for (const b of bytes) out += BYTE_TO_HEX[b] ?? '';
  return out;
}

function nibble(code: number): number {
  if (code >= 48 && code <= 57) return code - 48; // 0-9
  if (code >= 97 && code <= 102) return code - 87; // a-f
  if (code >= 65 && code <= 70) return code - 55; // A-F
  return -1;
}

/**
 * Parses hex with or without `0x`. Rejects odd length and non-hex characters with InvalidHexError naming
 * `field`. Pass `expectedLength` (bytes) to also reject the wrong size.
 */
export function fromHex(text: string, field = 'hex', expectedLength?: number): Uint8Array {
  if (typeof text !== 'string') {
    throw new InvalidHexError(`${field}: expected a hex string, got ${describeValue(text)}`, field);
  }
  const body = text.startsWith('0x') || text.startsWith('0X') ? text.slice(2) : text;
  if (body.length % 2 !== 0) {
    throw new InvalidHexError(`${field}: hex has an odd number of digits: ${describeValue(text)}`, field);
  }
  const out = new Uint8Array(body.length / 2);
  for (let i = 0; i < out.length; i++) {
    const hi = nibble(body.charCodeAt(2 * i));
    const lo = nibble(body.charCodeAt(2 * i + 1));
    if (hi < 0 || lo < 0) {
      throw new InvalidHexError(`${field}: not a hex string: ${describeValue(text)}`, field);
    }
    out[i] = (hi << 4) | lo;
  }
  if (expectedLength !== undefined && out.length !== expectedLength) {
    throw new InvalidHexError(
      `${field}: expected ${expectedLength} bytes of hex, got ${out.length}: ${describeValue(text)}`,
      field,
    );
  }
  return out;
}

/** Concatenates byte arrays into a fresh array (never a view of an input). */
export function concatBytes(...parts: readonly Uint8Array[]): Uint8Array {
  let total = 0;
  for (const p of parts) total += p.length;
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

const encoder = new TextEncoder();
// fatal: invalid UTF-8 must be an error, not U+FFFD, when bytes come from the network.
const decoder = new TextDecoder('utf-8', { fatal: true });

/** UTF-8 encoding of a string; the explicit way to hash or sign text. */
export function utf8(text: string): Uint8Array {
  return encoder.encode(text);
}

/** Strict UTF-8 decoding; throws TypeError on malformed input. */
export function fromUtf8(bytes: Uint8Array): string {
  return decoder.decode(bytes);
}

/** The unsigned integer of little-endian `bytes`. */
export function bigintFromLe(bytes: Uint8Array): bigint {
  return bytes.length === 0 ? 0n : BigInt(`0x${Buffer.from(bytes).reverse().toString('hex')}`);
}

/** `value` (0 ≤ value < 2^(8·length)) as `length` little-endian bytes. */
export function bigintToLe(value: bigint, length: number): Uint8Array {
  return Uint8Array.from(Buffer.from(value.toString(16).padStart(2 * length, '0'), 'hex').reverse());
}

/** Byte-wise equality (not constant time: do not use to compare secrets or MACs). */
export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
