/**
 * The coinbase (run_coinbase.rs): each block, the block emission (halving with issuance) is
 * shared among subnets that have started; each subnet's share becomes TAO in its pool and alpha
 * owed to its participants (owner cut, then miners and validators half each), accumulated until
 * the subnet's epoch; due epochs (at most MaxEpochsPerBlock per block) run Yuma Consensus and pay
 * incentive to miners and dividends to validators, as stake.
 *
 * This runtime swaps TAO and alpha 1:1 (the dynamic-TAO pools, price-weighted shares and root
 * dividends arrive with a later milestone): alpha out equals the subnet's TAO share and the root
 * proportion is zero.
 */
import { U96F32 } from '@tao-ts/primitives';
import { blockEmissionForIssuance, epoch, isEpochDue } from '@tao-ts/yuma';
import type { Context } from '../../frame/pallet.js';
import { probe } from '../../frame/probe.js';
import type { ReadableStorage, WritableStorage } from '../../storage/kv.js';
import type { AccountId } from '../../types/substrate.js';
import { equalShares, splitAlphaOut } from './emission-split.js';
import { buildEpochInput, hotkeys, persistEpochOutput } from './epoch-io.js';
import { ROOT_NETUID, emit, sameAccount } from './module.js';
import { increaseStakeForHotkeyAndColdkeyOnSubnet, increaseStakeForHotkeyOnSubnet } from './staking.js';
import { S } from './storage.js';

interface Pending {
  readonly server: bigint;
  readonly validator: bigint;
  readonly root: bigint;
  readonly ownerCut: bigint;
}

/** Subnet netuids in storage order (Identity-hashed u16 keys: subtensor's iteration order). */
export function allSubnets(storage: ReadableStorage): number[] {
  const out: number[] = [];
  for (const [[netuid], added] of S.NetworksAdded.entries(storage)) if (added) out.push(netuid as number);
  return out;
}

function emitsTo(storage: ReadableStorage, netuid: number): boolean {
  return (
    netuid !== ROOT_NETUID &&
    S.FirstEmissionBlockNumber.exists(storage, netuid) &&
    S.SubtokenEnabled.get(storage, netuid) &&
    S.NetworkRegistrationAllowed.get(storage, netuid) &&
    S.SubnetEmissionEnabled.get(storage, netuid)
  );
}

const add = (
  item: typeof S.PendingServerEmission,
  storage: WritableStorage,
  netuid: number,
  amount: bigint,
): void => {
  if (amount !== 0n) item.update(storage, [netuid], (v) => v + amount);
};

/** Mint this block's emission into the subnets that emit, as pending participant alpha. */
function emitToSubnets(ctx: Context, subnets: readonly number[]): void {
  const { storage } = ctx;
  const emission = blockEmissionForIssuance(S.TotalIssuance.get(storage));
  S.BlockEmission.set(storage, emission);
  const emitting = subnets.filter((netuid) => emitsTo(storage, netuid));
  const share = equalShares(emission, emitting.length);
  const ownerCut = S.SubnetOwnerCut.get(storage);
  for (const netuid of subnets) S.SubnetEmission.set(storage, emitting.includes(netuid) ? share : 0n, netuid);
  if (share === 0n) return;
  for (const netuid of emitting) {
    // The TAO enters the subnet's pool; with 1:1 pools the same amount of alpha is minted out.
    S.SubnetTAO.update(storage, [netuid], (v) => v + share);
    S.TotalStake.update(storage, [], (v) => v + share);
    S.TotalIssuance.update(storage, [], (v) => v + share);
    S.SubnetAlphaOut.update(storage, [netuid], (v) => v + share);
    const split = splitAlphaOut(share, ownerCut, S.OwnerCutEnabled.get(storage, netuid), 0n);
    add(S.PendingOwnerCut, storage, netuid, split.ownerCut);
    add(S.PendingServerEmission, storage, netuid, split.server);
    add(S.PendingValidatorEmission, storage, netuid, split.validator);
    add(S.PendingRootAlphaDivs, storage, netuid, split.rootAlpha);
  }
}

/** Advance every subnet's schedule; take the pending emission of those whose epoch runs now. */
function drainPending(ctx: Context, subnets: readonly number[]): Map<number, Pending> {
  const { storage, blockNumber: block } = ctx;
  const drained = new Map<number, Pending>();
  const cap = S.MaxEpochsPerBlock.get(storage);
  let run = 0;
  for (const netuid of subnets) {
    S.BlocksSinceLastStep.update(storage, [netuid], (v) => v + 1n);
    const due = isEpochDue({
      tempo: S.Tempo.get(storage, netuid),
      block,
      lastEpochBlock: S.LastEpochBlock.get(storage, netuid),
      blocksSinceLastStep: S.BlocksSinceLastStep.get(storage, netuid),
      pendingEpochAt: S.PendingEpochAt.get(storage, netuid),
    });
    if (!due) continue;
    if (run >= cap) {
      S.PendingEpochAt.set(storage, block + 1n, netuid);
      emit(ctx, 'EpochDeferred', { netuid, from_block: block, to_block: block + 1n });
      continue;
    }
    if (uniqueHotkeys(storage, netuid)) {
      S.BlocksSinceLastStep.set(storage, 0n, netuid);
      drained.set(netuid, {
        server: take(S.PendingServerEmission, storage, netuid),
        validator: take(S.PendingValidatorEmission, storage, netuid),
        root: take(S.PendingRootAlphaDivs, storage, netuid),
        ownerCut: take(S.PendingOwnerCut, storage, netuid),
      });
      run += 1;
    } else {
      emit(ctx, 'EpochSkipped', { netuid, block });
    }
    // The slot is consumed whether or not the epoch ran.
    S.LastEpochBlock.set(storage, block, netuid);
    S.PendingEpochAt.set(storage, 0n, netuid);
    S.SubnetEpochIndex.update(storage, [netuid], (v) => v + 1n);
  }
  return drained;
}

function take(item: typeof S.PendingServerEmission, storage: WritableStorage, netuid: number): bigint {
  const value = item.get(storage, netuid);
  item.set(storage, 0n, netuid);
  return value;
}

/** is_epoch_input_state_consistent: no hotkey holds two uids. */
function uniqueHotkeys(storage: ReadableStorage, netuid: number): boolean {
  const seen = new Set<string>();
  for (const hotkey of hotkeys(storage, netuid, S.SubnetworkN.get(storage, netuid))) {
    const key = Buffer.from(hotkey).toString('hex');
    if (seen.has(key)) return false;
    seen.add(key);
  }
  return true;
}

/** The subnet owner's hotkeys that hold uids (owner first): their incentive is withheld. */
function ownerHotkeys(storage: ReadableStorage, netuid: number): AccountId[] {
  const owner = S.SubnetOwner.get(storage, netuid);
  const registered = S.OwnedHotkeys.get(storage, owner)
    .map((hotkey) => ({ hotkey, uid: S.Uids.tryGet(storage, netuid, hotkey) }))
    .filter((x): x is { hotkey: AccountId; uid: number } => x.uid !== undefined)
    .map((x) => ({ ...x, block: S.BlockAtRegistration.get(storage, netuid, x.uid) }))
    .sort((a, b) => (a.block === b.block ? a.uid - b.uid : a.block > b.block ? -1 : 1))
    .map((x) => x.hotkey);
  if (S.SubnetOwnerHotkey.exists(storage, netuid)) {
    const ownerHotkey = S.SubnetOwnerHotkey.get(storage, netuid);
    if (S.Uids.exists(storage, netuid, ownerHotkey) && !registered.some((h) => sameAccount(h, ownerHotkey))) {
      registered.unshift(ownerHotkey);
    }
  }
  return registered;
}

const U16_MAX = U96F32.saturatingFromInt(65_535n);

/** Run the epoch on the drained emission and pay it out as stake (distribute_emission). */
function distributeEmission(ctx: Context, netuid: number, pending: Pending): void {
  const { storage } = ctx;
  const total = pending.server + pending.validator + pending.root;
  const output = epoch(buildEpochInput(storage, netuid, ctx.blockNumber, total));
  persistEpochOutput(ctx, netuid, output);
  const keys = hotkeys(storage, netuid, output.emission.length);
  const incentiveSum = output.serverEmission.reduce((a, b) => a + b, 0n);
  // With no incentive at all, validators receive the miners' half too.
  const validatorPool = incentiveSum !== 0n ? pending.validator : pending.validator + pending.server;

  // Owner cut, as stake on the owner's hotkey.
  if (
    S.SubnetOwner.exists(storage, netuid) &&
    S.SubnetOwnerHotkey.exists(storage, netuid) &&
    pending.ownerCut > 0n
  ) {
    increaseStakeForHotkeyAndColdkeyOnSubnet(
      storage,
      S.SubnetOwnerHotkey.get(storage, netuid),
      S.SubnetOwner.get(storage, netuid),
      netuid,
      pending.ownerCut,
    );
  }

  // Incentive to miners' coldkeys; the owner's own hotkeys' incentive is burned.
  const withheld = ownerHotkeys(storage, netuid);
  keys.forEach((hotkey, uid) => {
    const incentive = output.serverEmission[uid] ?? 0n;
    if (incentive === 0n) return;
    if (withheld.some((h) => sameAccount(h, hotkey))) {
      S.SubnetAlphaOut.update(storage, [netuid], (v) => (v > incentive ? v - incentive : 0n));
      return;
    }
    increaseStakeForHotkeyAndColdkeyOnSubnet(
      storage,
      hotkey,
      S.Owner.get(storage, hotkey),
      netuid,
      incentive,
    );
  });

  // Dividends: each validator's share of the validator pool (calculate_dividend_distribution
  // with no root stake), its take as its own stake, the rest spread over its nominators.
  const dividends = keys.map((_, uid) => U96F32.saturatingFromInt(output.validatorEmission[uid] ?? 0n));
  const totalDividends = dividends.reduce((a, b) => U96F32.saturatingAdd(a, b), 0n);
  S.AlphaDividendsPerSubnet.removePrefix(storage, netuid);
  const pool = U96F32.saturatingFromInt(validatorPool);
  keys.forEach((hotkey, uid) => {
    const dividend = dividends[uid] as bigint;
    if (dividend === 0n) return;
    const share = U96F32.checkedDiv(dividend, totalDividends) ?? 0n;
    let alpha = U96F32.saturatingMul(pool, share);
    const take = U96F32.saturatingMul(
      U96F32.safeDiv(U96F32.saturatingFromInt(BigInt(S.Delegates.get(storage, hotkey))), U16_MAX),
      alpha,
    );
    alpha = U96F32.saturatingSub(alpha, take);
    increaseStakeForHotkeyAndColdkeyOnSubnet(
      storage,
      hotkey,
      S.Owner.get(storage, hotkey),
      netuid,
      U96F32.saturatingToU64(take),
    );
    const rest = U96F32.saturatingToU64(alpha);
    increaseStakeForHotkeyOnSubnet(storage, hotkey, netuid, rest);
    S.AlphaDividendsPerSubnet.update(storage, [netuid, hotkey], (v) => v + rest);
  });
}

/** block_step's emission part: emit, drain due subnets, run their epochs and distribute. */
export function runCoinbase(ctx: Context): void {
  const subnets = allSubnets(ctx.storage).filter((netuid) => netuid !== ROOT_NETUID);
  emitToSubnets(ctx, subnets);
  // Distribution goes in netuid order, as subtensor's BTreeMap of drained subnets.
  const drained = [...drainPending(ctx, subnets)].sort(([a], [b]) => a - b);
  for (const [netuid, pending] of drained) {
    probe().epoch(netuid, () => distributeEmission(ctx, netuid, pending));
    S.LastMechansimStepBlock.set(ctx.storage, ctx.blockNumber, netuid);
  }
}
