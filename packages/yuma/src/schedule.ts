/** Epoch scheduling: the current dynamic-tempo rule and the legacy modulo rule. */
const U64_MAX = 0xffff_ffff_ffff_ffffn;
const U64_MOD = 1n << 64n;

/** Blocks until the next automatic epoch: LastEpochBlock + tempo - block, saturating at 0. */
export function blocksUntilNextAutoEpoch(tempo: number, block: bigint, lastEpochBlock: bigint = 0n): bigint {
  if (tempo === 0) return U64_MAX;
  const due = lastEpochBlock + BigInt(tempo);
  const next = due > U64_MAX ? U64_MAX : due;
  return next > block ? next - block : 0n;
}

export interface EpochDueInputs {
  readonly tempo: number;
  readonly block: bigint;
  readonly lastEpochBlock: bigint;
  readonly blocksSinceLastStep: bigint;
  /** PendingEpochAt: 0 when no owner-triggered epoch is pending. */
  readonly pendingEpochAt: bigint;
}

/** Upper bound on blocks between epochs regardless of tempo (run_coinbase.rs should_run_epoch). */
export const MAX_BLOCKS_WITHOUT_EPOCH = 50_400n;

export function isEpochDue(inputs: EpochDueInputs): boolean {
  if (inputs.tempo === 0) return false;
  if (inputs.pendingEpochAt > 0n && inputs.block >= inputs.pendingEpochAt) return true;
  if (inputs.blocksSinceLastStep > MAX_BLOCKS_WITHOUT_EPOCH) return true;
  const since = inputs.block > inputs.lastEpochBlock ? inputs.block - inputs.lastEpochBlock : 0n;
  return since >= BigInt(inputs.tempo);
}

/** Legacy: tempo - ((block + netuid + 1) mod (tempo + 1)), with u64 wrapping on the sum. */
export function legacyBlocksUntilNextEpoch(netuid: number, tempo: number, block: bigint): bigint {
  if (tempo === 0) return U64_MAX;
  const t = BigInt(tempo);
  const sum = (block + BigInt(netuid) + 1n) % U64_MOD;
  return t - (sum % (t + 1n));
}

/** Legacy: the epoch ran when (block + netuid + 1) mod (tempo + 1) == 0. */
export function legacyIsEpochBlock(netuid: number, tempo: number, block: bigint): boolean {
  return tempo !== 0 && legacyBlocksUntilNextEpoch(netuid, tempo, block) === BigInt(tempo);
}
