/**
 * Proof-of-work seals for `register` (legacy subtensor's create_seal_hash and
 * hash_meets_difficulty). Pure functions so miners (SDK, CLI, tests) can build the same seal.
 */
import { concatBytes, keccak256, sha256 } from '@tao-ts/primitives';
import { SystemStorage } from '../../frame/system.js';
import type { ReadableStorage } from '../../storage/kv.js';
import type { AccountId } from '../../types/substrate.js';

const TWO_256 = 1n << 256n;

/** How many blocks old a work block may be (strictly fewer than this). */
export const POW_WORK_MAX_AGE = 3n;

function u64Le(value: bigint): Uint8Array {
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, value, true);
  return out;
}

/** seal = keccak256(sha256(nonce_u64_le ‖ keccak256(block_hash ‖ hotkey))). */
export function sealFromBlockHash(blockHash: Uint8Array, nonce: bigint, hotkey: AccountId): Uint8Array {
  const blockAndHotkey = keccak256(concatBytes(blockHash, hotkey.subarray(0, 32)));
  return keccak256(sha256(concatBytes(u64Le(nonce), blockAndHotkey)));
}

/**
 * The hash of a past block as System.BlockHash keeps it (zero for the block being built and for
 * blocks the map never saw, as frame_system's block_hash returns).
 */
export function blockHashOf(storage: ReadableStorage, blockNumber: bigint): Uint8Array {
  if (blockNumber < 0n || blockNumber > 0xffff_ffffn) return new Uint8Array(32);
  return SystemStorage.BlockHash.get(storage, Number(blockNumber));
}

/** create_seal_hash against the chain's stored block hash. */
export function createSealHash(
  storage: ReadableStorage,
  blockNumber: bigint,
  nonce: bigint,
  hotkey: AccountId,
): Uint8Array {
  return sealFromBlockHash(blockHashOf(storage, blockNumber), nonce, hotkey);
}

/** The seal read as a little-endian 256-bit integer (U256::from_little_endian). */
function leToBigInt(bytes: Uint8Array): bigint {
  let value = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) value = (value << 8n) | BigInt(bytes[i] as number);
  return value;
}

/** The work passes when seal × difficulty does not overflow 256 bits. */
export function hashMeetsDifficulty(seal: Uint8Array, difficulty: bigint): boolean {
  return leToBigInt(seal) * difficulty < TWO_256;
}
