/** Substrate storage hashers, on hex strings. */
import { blake2b128, blake2b256, toHex, twox128, twox256, twox64 } from '@tao-ts/primitives';

export type Hasher =
  'Blake2_128' | 'Blake2_256' | 'Blake2_128Concat' | 'Twox128' | 'Twox256' | 'Twox64Concat' | 'Identity';

const hex = (bytes: Uint8Array): string => toHex(bytes).slice(2);

/** Hex of hasher(data), and how many hex characters precede the raw key (for Concat/Identity). */
export function hashKey(hasher: Hasher, data: Uint8Array): string {
  switch (hasher) {
    case 'Blake2_128':
      return hex(blake2b128(data));
    case 'Blake2_256':
      return hex(blake2b256(data));
    case 'Blake2_128Concat':
      return hex(blake2b128(data)) + hex(data);
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
