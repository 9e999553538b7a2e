// Commit-reveal v2 weight hash as bittensor's generate_weight_hash computes it for commit_weights:
// blake2b-256 over SCALE(account, netuid u16, uids, values, salt, version_key u64). The encoding itself
// is shared with the chain (@tao-ts/primitives commitHashV2); this adds the SS58 and range checks.
import { randomBytes } from 'node:crypto';
import { commitHashV2, decodeAddress, toHex } from '@tao-ts/primitives';
import { LengthMismatchError, ValueRangeError } from './errors.js';
import { U16_MAX } from './weights.js';

export interface WeightHashInput {
  /** The committing hotkey, SS58. */
  readonly address: string;
  readonly netuid: number;
  readonly uids: readonly number[];
  /** u16 weights, as convertWeightsAndUidsForEmit returns them. */
  readonly values: readonly number[];
  readonly salt: readonly number[];
  readonly versionKey: number | bigint;
  /** Sub-subnet mechanism; the hashed netuid index is mechanismId * 4096 + netuid. Default 0. */
  readonly mechanismId?: number;
}

function checkU16s(values: readonly number[], field: string): void {
  values.forEach((v, i) => {
    if (!Number.isInteger(v) || v < 0 || v > U16_MAX) {
      throw new ValueRangeError(`${field}[${i}]`, v, `an integer in [0, ${U16_MAX}]`);
    }
  });
}

/** The commit preimage and its hash (`0x` + 64 hex digits, as bittensor returns it). */
export function weightCommitHash(input: WeightHashInput): { preimage: Uint8Array; hash: string } {
  if (input.uids.length !== input.values.length) {
    throw new LengthMismatchError('uids', 'values', input.uids.length, input.values.length);
  }
  checkU16s(input.uids, 'uids');
  checkU16s(input.values, 'values');
  checkU16s(input.salt, 'salt');
  const mechanismId = input.mechanismId ?? 0;
  const netuidIndex = mechanismId * 4096 + input.netuid;
  if (!Number.isInteger(input.netuid) || input.netuid < 0 || netuidIndex > U16_MAX) {
    throw new ValueRangeError('netuid', input.netuid, 'a netuid whose index fits in u16');
  }
  const versionKey = BigInt(input.versionKey);
  if (versionKey < 0n || versionKey >= 1n << 64n) {
    throw new ValueRangeError('versionKey', input.versionKey, 'a u64');
  }
  const { preimage, hash } = commitHashV2({
    hotkey: decodeAddress(input.address, 'address'),
    netuidIndex,
    uids: input.uids,
    values: input.values,
    salt: input.salt,
    versionKey,
  });
  return { preimage, hash: toHex(hash) };
}

/** A fresh random salt of u16 words (bittensor commits with an 8-word salt). */
export function randomSalt(length = 8): number[] {
  const bytes = randomBytes(length * 2);
  return Array.from({ length }, (_, i) => bytes.readUInt16LE(i * 2));
}
