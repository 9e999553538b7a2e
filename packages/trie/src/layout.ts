// The Substrate trie layouts (sp_trie::LayoutV0 / LayoutV1 over BlakeTwo256) and the constants both share.
import { blake2b256 } from '@tao-ts/primitives';
import { InvalidTrieArgumentError } from './errors.js';

/**
 * `0`: every value is stored inline in its node (LayoutV0). `1`: values of 33 bytes or more are stored as
 * a separate node and referenced by their blake2-256 hash (LayoutV1, `StateVersion::V1`).
 */
export type StateVersion = 0 | 1;

/**
 * sp_core::storage::TRIE_VALUE_NODE_THRESHOLD: under LayoutV1 a value this long or longer is hashed
 * (trie-root compares `value.len() >= threshold`). A 32-byte value therefore stays inline.
 */
export const MAX_INLINE_VALUE = 33;

/** Length of a node hash; encodings shorter than this are embedded in their parent instead. */
export const HASH_LENGTH = 32;

/** The encoding of the empty trie: a single `EMPTY_TRIE` header byte. */
export const EMPTY_NODE: Uint8Array = Uint8Array.of(0);

/** blake2_256([0x00]): the root of a trie without entries, under either layout. */
export const EMPTY_TRIE_ROOT: Uint8Array = blake2b256(EMPTY_NODE);

export const hashNode = (encoded: Uint8Array): Uint8Array => blake2b256(encoded);

// Hex digits are written into one scratch buffer and read back as a single flat string: a key is made
// for every node an update touches, and building it from pieces would allocate a string per byte.
const HEX_DIGITS = Uint8Array.from('0123456789abcdef', (c) => c.charCodeAt(0));
let scratch = Buffer.from('0x');

/** Map key for node stores and proofs: `0x`-prefixed lower-case hex of a hash (as `toHex` writes it). */
export function hashKey(hash: Uint8Array): string {
  const size = 2 + hash.length * 2;
  if (scratch.length < size) {
    scratch = Buffer.alloc(size);
    scratch.write('0x');
  }
  for (let i = 0; i < hash.length; i++) {
    const b = hash[i] as number;
    scratch[2 + 2 * i] = HEX_DIGITS[b >> 4] as number;
    scratch[3 + 2 * i] = HEX_DIGITS[b & 15] as number;
  }
  return scratch.toString('latin1', 0, size);
}

/** Whether `value` is stored as a separate, hashed node under `version`. */
export function isHashedValue(length: number, version: StateVersion): boolean {
  return version === 1 && length >= MAX_INLINE_VALUE;
}

export function checkStateVersion(version: unknown): StateVersion {
  if (version !== 0 && version !== 1) {
    throw new InvalidTrieArgumentError(
      `version: expected state version 0 or 1, got ${String(version)}`,
      'version',
    );
  }
  return version;
}

export function checkRoot(root: Uint8Array): void {
  if (!(root instanceof Uint8Array) || root.length !== HASH_LENGTH) {
    throw new InvalidTrieArgumentError('root: expected a 32-byte blake2-256 hash', 'root');
  }
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Lexicographic byte order, the order of keys in the trie. */
export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const d = (a[i] as number) - (b[i] as number);
    if (d !== 0) return d;
  }
  return a.length - b.length;
}
