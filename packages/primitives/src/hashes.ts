// Hash functions with Substrate's names and output layouts. All take bytes; use `utf8()` for text so that
// hashing a string is always an explicit choice of encoding.
import { blake2b as nobleBlake2b } from '@noble/hashes/blake2.js';
import { blake2b as wasmBlake2b, isReady as wasmReady } from '@polkadot/wasm-crypto';
import { sha256 as nobleSha256 } from '@noble/hashes/sha2.js';
import { keccak_256, sha3_256 as nobleSha3 } from '@noble/hashes/sha3.js';
import { concatBytes, utf8 } from './bytes.js';
import { TaoError, describeValue } from './errors.js';
import { xxhash64Into } from './xxhash64.js';

export class InvalidHashParamError extends TaoError {
  constructor(message: string, field: string) {
    super('INVALID_HASH_PARAM', message, { field });
  }
}

const NO_KEY = new Uint8Array(0);

// BLAKE2b is on the hot path (block and extrinsic hashes, trie nodes): once `cryptoReady()` has loaded
// the WASM module it is ~5× faster than @noble/hashes on short inputs. Both give identical bytes (tested),
// so which one runs never changes a result.
function blake2(data: Uint8Array, outLen: number): Uint8Array {
  return wasmReady() ? wasmBlake2b(data, NO_KEY, outLen) : nobleBlake2b(data, { dkLen: outLen });
}

/** BLAKE2b with an output of `outLenBytes` (1..64), unkeyed, as Substrate's `blake2_*`. */
export function blake2b(data: Uint8Array, outLenBytes: number): Uint8Array {
  if (!Number.isInteger(outLenBytes) || outLenBytes < 1 || outLenBytes > 64) {
    throw new InvalidHashParamError(
      `outLenBytes: BLAKE2b output must be 1..64 bytes, got ${describeValue(outLenBytes)}`,
      'outLenBytes',
    );
  }
  return blake2(data, outLenBytes);
}

export const blake2b128 = (data: Uint8Array): Uint8Array => blake2(data, 16);
export const blake2b256 = (data: Uint8Array): Uint8Array => blake2(data, 32);
export const blake2b512 = (data: Uint8Array): Uint8Array => blake2(data, 64);

/** Substrate `twox_{64·rounds}`: XXH64 with seeds 0..rounds-1, each written little-endian. */
export function twox(data: Uint8Array, rounds: number): Uint8Array {
  if (!Number.isInteger(rounds) || rounds < 1 || rounds > 64) {
    throw new InvalidHashParamError(`rounds: expected 1..64, got ${describeValue(rounds)}`, 'rounds');
  }
  const out = new Uint8Array(rounds * 8);
  for (let seed = 0; seed < rounds; seed++) xxhash64Into(data, seed, out, seed * 8);
  return out;
}

export const twox64 = (data: Uint8Array): Uint8Array => twox(data, 1);
export const twox128 = (data: Uint8Array): Uint8Array => twox(data, 2);
export const twox256 = (data: Uint8Array): Uint8Array => twox(data, 4);

export const keccak256 = (data: Uint8Array): Uint8Array => keccak_256(data);
export const sha256 = (data: Uint8Array): Uint8Array => nobleSha256(data);
export const sha3_256 = (data: Uint8Array): Uint8Array => nobleSha3(data);

// Storage-map key hashers (frame_support::StorageHasher). The *Concat variants append the key itself so
// that keys can be recovered when iterating a map.

export const blake2_128Concat = (data: Uint8Array): Uint8Array => concatBytes(blake2b128(data), data);
export const twox64Concat = (data: Uint8Array): Uint8Array => concatBytes(twox64(data), data);
export const identity = (data: Uint8Array): Uint8Array => data.slice();

export type StorageHasher =
  'Blake2_128' | 'Blake2_256' | 'Blake2_128Concat' | 'Twox128' | 'Twox256' | 'Twox64Concat' | 'Identity';

export const storageHashers: Readonly<Record<StorageHasher, (data: Uint8Array) => Uint8Array>> = {
  Blake2_128: blake2b128,
  Blake2_256: blake2b256,
  Blake2_128Concat: blake2_128Concat,
  Twox128: twox128,
  Twox256: twox256,
  Twox64Concat: twox64Concat,
  Identity: identity,
};

// Prefixes are recomputed for every storage access; pallet/item names form a small fixed set, so cache.
const prefixCache = new Map<string, Uint8Array>();

/** `twox128(pallet) ‖ twox128(item)`: the key prefix of a storage item (32 bytes). */
export function storagePrefix(pallet: string, item: string): Uint8Array {
  const cacheKey = `${pallet}\u0000${item}`;
  let prefix = prefixCache.get(cacheKey);
  if (prefix === undefined) {
    prefix = concatBytes(twox128(utf8(pallet)), twox128(utf8(item)));
    if (prefixCache.size < 4096) prefixCache.set(cacheKey, prefix);
  }
  // Callers may append to or mutate the result; never hand out the cached array itself.
  return prefix.slice();
}
