/** Substrate storage hashers, on hex strings. */
import { blake2b128, blake2b256, equalBytes, twox128, twox256, twox64 } from '@tao-ts/primitives';

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
 * neuron access, and a hash costs several times the lookup. Entries are found by a 32-bit
 * fingerprint of the raw bytes and confirmed byte for byte, so a hit builds no string at all and
 * hands back the same (flat, hash-cached) key string every time, which the storage maps above
 * then look up cheaply. Bounded, cleared when full.
 */
interface MemoEntry {
  readonly raw: Uint8Array;
  readonly hashed: string;
  readonly next: MemoEntry | undefined;
}

const blakeConcatMemo = new Map<number, MemoEntry>();
let memoEntries = 0;
const MEMO_LIMIT = 1 << 17;

/** FNV-1a over every byte (keys chosen to collide on a prefix still spread). */
function fingerprint(data: Uint8Array): number {
  let h = 0x811c9dc5 ^ data.length;
  for (let i = 0; i < data.length; i++) h = Math.imul(h ^ (data[i] as number), 0x01000193);
  // 30 bits: a small integer to V8 (no heap number per lookup).
  return h & 0x3fff_ffff;
}

function blake2_128ConcatHex(data: Uint8Array): string {
  const print = fingerprint(data);
  const first = blakeConcatMemo.get(print);
  for (let entry = first; entry !== undefined; entry = entry.next) {
    if (equalBytes(entry.raw, data)) return entry.hashed;
  }
  const hashed = hex(blake2b128(data)) + hex(data);
  if (memoEntries >= MEMO_LIMIT) {
    blakeConcatMemo.clear();
    memoEntries = 0;
  }
  blakeConcatMemo.set(print, { raw: data.slice(), hashed, next: memoEntries === 0 ? undefined : first });
  memoEntries += 1;
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
