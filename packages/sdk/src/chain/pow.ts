/**
 * subtensor's registration proof of work (create_seal_hash / hash_meets_difficulty):
 *   seal = keccak256(sha256(nonce_u64_le ‖ keccak256(block_hash ‖ hotkey)))
 * and the work passes when U256::from_little_endian(seal) × difficulty does not overflow 2^256.
 */
import { concatBytes, keccak256, sha256 } from '@tao-ts/primitives';

const TWO_256 = 1n << 256n;

/** keccak256(block_hash ‖ hotkey): the per-block part of the seal, computed once per block. */
export function blockAndHotkeyHash(blockHash: Uint8Array, hotkey: Uint8Array): Uint8Array {
  return keccak256(concatBytes(blockHash, hotkey.subarray(0, 32)));
}

/** The seal of `nonce` over a block hash and hotkey. */
export function createSeal(blockHash: Uint8Array, hotkey: Uint8Array, nonce: bigint): Uint8Array {
  const nonceLe = new Uint8Array(8);
  new DataView(nonceLe.buffer).setBigUint64(0, nonce, true);
  return keccak256(sha256(concatBytes(nonceLe, blockAndHotkeyHash(blockHash, hotkey))));
}

/** The seal read as subtensor does: a little-endian 256-bit integer. */
export function sealValue(seal: Uint8Array): bigint {
  let value = 0n;
  for (let i = seal.length - 1; i >= 0; i--) value = (value << 8n) | BigInt(seal[i] as number);
  return value;
}

export function sealMeetsDifficulty(seal: Uint8Array, difficulty: bigint): boolean {
  return sealValue(seal) * difficulty < TWO_256;
}

/** The largest seal value passing `difficulty`: seal × d < 2^256 ⇔ seal ≤ ⌊(2^256 − 1) / d⌋. */
export function sealLimit(difficulty: bigint): bigint {
  if (difficulty <= 0n) return TWO_256 - 1n;
  return (TWO_256 - 1n) / difficulty;
}
