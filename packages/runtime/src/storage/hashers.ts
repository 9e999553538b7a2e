/** Substrate storage hashers, on hex strings. */
import { blake2b128, blake2b256, twox128, twox256, twox64 } from '@tao-ts/primitives';

export type Hasher =
  'Blake2_128' | 'Blake2_256' | 'Blake2_128Concat' | 'Twox128' | 'Twox256' | 'Twox64Concat' | 'Identity';

const BYTE_HEX = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));

/** Lowercase hex without 0x; a table walk beats Buffer's for the short keys storage hashes. */
export function hex(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i++) out += BYTE_HEX[bytes[i] as number] as string;
  return out;
}

function nibble(text: string, at: number): number {
  const c = text.charCodeAt(at);
  if (c >= 48 && c <= 57) return c - 48; // 0-9
  if (c >= 97 && c <= 102) return c - 87; // a-f
  throw new Error(`storage key: not lowercase hex at ${at}: ${text}`);
}

/** Bytes of a lowercase hex string (storage keys are produced by `hex`, so always well formed). */
export function hexToBytes(text: string): Uint8Array {
  const out = new Uint8Array(text.length >> 1);
  for (let i = 0; i < out.length; i++) out[i] = (nibble(text, 2 * i) << 4) | nibble(text, 2 * i + 1);
  return out;
}

/**
 * blake2_128_concat of a short key, memoised: account keys are hashed on every balance, stake and
 * neuron access, and a hash costs several times the lookup. Bounded, cleared when full.
 */
const blakeConcatMemo = new Map<string, string>();
const MEMO_LIMIT = 1 << 17;

function blake2_128ConcatHex(data: Uint8Array): string {
  const raw = hex(data);
  let hashed = blakeConcatMemo.get(raw);
  if (hashed === undefined) {
    if (blakeConcatMemo.size >= MEMO_LIMIT) blakeConcatMemo.clear();
    hashed = hex(blake2b128(data)) + raw;
    blakeConcatMemo.set(raw, hashed);
  }
  return hashed;
}

/** Hex of hasher(data), and how many hex characters precede the raw key (for Concat/Identity). */
export function hashKey(hasher: Hasher, data: Uint8Array): string {
  switch (hasher) {
    case 'Blake2_128':
      return hex(blake2b128(data));
    case 'Blake2_256':
      return hex(blake2b256(data));
    case 'Blake2_128Concat':
      return data.length <= 64 ? blake2_128ConcatHex(data) : hex(blake2b128(data)) + hex(data);
    case 'Twox128':
      return hex(twox128(data));
    case 'Twox256':
      return hex(twox256(data));
    case 'Twox64Concat':
      return hex(twox64(data)) + hex(data);
    case 'Identity':
      return hex(data);
  }
}

/** Length in hex characters of the hash part before a transparent key, or null if opaque. */
export function transparentOffset(hasher: Hasher): number | null {
  switch (hasher) {
    case 'Blake2_128Concat':
      return 32;
    case 'Twox64Concat':
      return 16;
    case 'Identity':
      return 0;
    default:
      return null;
  }
}

/** twox128(pallet) ‖ twox128(item) */
export function itemPrefix(pallet: string, item: string): string {
  const enc = new TextEncoder();
  return hex(twox128(enc.encode(pallet))) + hex(twox128(enc.encode(item)));
}
