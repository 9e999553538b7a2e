/**
 * Dissolving a subnet (subtensor's do_dissolve_network), used when register_network recycles the
 * weakest subnet at the subnet limit: stakers are paid out of the pool's TAO pro rata to the
 * value of their alpha, the pool's own alpha share is recycled, and the subnet's storage goes.
 */
import { U64F64 } from '@tao-ts/primitives';
import type { Context } from '../../frame/pallet.js';
import type { WritableStorage } from '../../storage/kv.js';
import type { AccountId } from '../../types/substrate.js';
import { mint } from '../balances.js';
import { ROOT_NETUID, emit, ensure } from './module.js';
import { NeuronCertificates, mechanismIndices } from './neurons.js';
import { S } from './storage.js';

type NetworkRemovedListener = (storage: WritableStorage, netuid: number) => void;
const removedListeners: NetworkRemovedListener[] = [];

/**
 * Modules that keep per-subnet storage of their own (declared outside storage.ts) register here
 * to have it removed with the subnet; listeners run in registration order.
 */
export function onNetworkRemoved(listener: NetworkRemovedListener): void {
  removedListeners.push(listener);
}

/** SharePool::get_value on the hotkey's alpha pool: the alpha a coldkey's shares are worth. */
function shareValue(totalAlpha: bigint, shares: bigint, totalShares: bigint): bigint {
  const shared = U64F64.saturatingFromInt(totalAlpha);
  const perShare = U64F64.checkedDiv(shared, totalShares);
  const value =
    perShare !== undefined
      ? U64F64.saturatingMul(perShare, shares)
      : (U64F64.checkedDiv(U64F64.saturatingMul(shared, shares), totalShares) ?? 0n);
  return U64F64.saturatingToU64(value);
}

interface Portion {
  readonly coldkey: AccountId | undefined;
  share: bigint;
  readonly remainder: bigint;
}

/**
 * destroy_alpha_in_out_stakes: split SubnetTAO over every stake position and the pool's own
 * alpha (the protocol's part) by alpha value, floor each, hand the leftover rao out by largest
 * remainder, pay the positions and recycle the rest. The owner's lock is not refunded (subtensor
 * refunds only subnets registered before NetworkRegistrationStartBlock, which is 0 here).
 */
function destroyStakes(ctx: Context, netuid: number): void {
  const { storage } = ctx;
  const hotkeys: AccountId[] = [];
  for (const [[hotkey, n]] of S.TotalHotkeyAlpha.entries(storage)) {
    if (n === netuid) hotkeys.push(hotkey as AccountId);
  }
  const positions: { hotkey: AccountId; coldkey: AccountId; value: bigint }[] = [];
  const doomed: [AccountId, AccountId][] = [];
  for (const hotkey of hotkeys) {
    const totalAlpha = S.TotalHotkeyAlpha.get(storage, hotkey, netuid);
    const totalShares = S.TotalHotkeyShares.get(storage, hotkey, netuid);
    for (const [[coldkey, n], shares] of S.Alpha.entries(storage, hotkey)) {
      if (n !== netuid) continue;
      doomed.push([hotkey, coldkey as AccountId]);
      // A position whose pool reads as worthless falls back to its raw share count, as upstream.
      const pooled = shareValue(totalAlpha, shares, totalShares);
      const value = pooled > 0n ? pooled : U64F64.saturatingToU64(shares);
      if (value > 0n) positions.push({ hotkey, coldkey: coldkey as AccountId, value });
    }
  }
  const protocolAlpha = S.SubnetAlphaIn.get(storage, netuid);
  const totalValue = positions.reduce((sum, p) => sum + p.value, protocolAlpha);
  const pot = S.SubnetTAO.get(storage, netuid);
  if (pot > 0n) {
    S.SubnetTAO.remove(storage, netuid);
    S.TotalStake.update(storage, [], (t) => (t > pot ? t - pot : 0n));
  }
  let paid = 0n;
  if (pot > 0n && totalValue > 0n) {
    const portions: Portion[] = positions.map((p) => ({
      coldkey: p.coldkey,
      share: (pot * p.value) / totalValue,
      remainder: (pot * p.value) % totalValue,
    }));
    if (protocolAlpha > 0n) {
      portions.push({
        coldkey: undefined,
        share: (pot * protocolAlpha) / totalValue,
        remainder: (pot * protocolAlpha) % totalValue,
      });
    }
    const distributed = portions.reduce((sum, p) => sum + p.share, 0n);
    let leftover = pot - distributed;
    // Stable sort: equal remainders keep position order, as Rust's sort_by does.
    for (const portion of [...portions].sort((a, b) =>
      a.remainder < b.remainder ? 1 : a.remainder > b.remainder ? -1 : 0,
    )) {
      if (leftover === 0n) break;
      portion.share += 1n;
      leftover -= 1n;
    }
    for (const portion of portions) {
      if (portion.coldkey === undefined || portion.share === 0n) continue;
      mint(storage, portion.coldkey, portion.share, ctx);
      paid += portion.share;
    }
  }
  // What the stakers did not receive (the protocol's part) leaves existence.
  const recycled = pot - paid;
  if (recycled > 0n) S.TotalIssuance.update(storage, [], (t) => (t > recycled ? t - recycled : 0n));
  for (const [hotkey, coldkey] of doomed) S.Alpha.remove(storage, hotkey, coldkey, netuid);
  for (const hotkey of hotkeys) {
    S.TotalHotkeyAlpha.remove(storage, hotkey, netuid);
    S.TotalHotkeyShares.remove(storage, hotkey, netuid);
  }
  S.SubnetAlphaIn.remove(storage, netuid);
  S.SubnetAlphaOut.remove(storage, netuid);
  S.SubnetLocked.set(storage, 0n, netuid);
}

const PER_NETUID_ITEMS = [
  S.SubnetOwner,
  S.SubnetworkN,
  S.NetworksAdded,
  S.NetworkRegisteredAt,
  S.Active,
  S.Emission,
  S.Consensus,
  S.Dividends,
  S.ValidatorPermit,
  S.ValidatorTrust,
  S.Tempo,
  S.Kappa,
  S.Difficulty,
  S.MaxAllowedUids,
  S.ImmunityPeriod,
  S.ActivityCutoff,
  S.ActivityCutoffFactorMilli,
  S.LastEpochBlock,
  S.PendingEpochAt,
  S.SubnetEpochIndex,
  S.MinAllowedWeights,
  S.RegistrationsThisInterval,
  S.POWRegistrationsThisInterval,
  S.BurnRegistrationsThisInterval,
  S.SubnetMovingPrice,
  S.SubnetMechanism,
  S.SubnetOwnerHotkey,
  S.NetworkRegistrationAllowed,
  S.NetworkPowRegistrationAllowed,
  S.TransferToggle,
  S.SubnetLocked,
  S.FirstEmissionBlockNumber,
  S.PendingValidatorEmission,
  S.PendingServerEmission,
  S.PendingRootAlphaDivs,
  S.PendingOwnerCut,
  S.BlocksSinceLastStep,
  S.LastMechansimStepBlock,
  S.LastAdjustmentBlock,
  S.ServingRateLimit,
  S.Rho,
  S.AlphaSigmoidSteepness,
  S.MaxAllowedValidators,
  S.BondsMovingAverage,
  S.BondsPenalty,
  S.BondsResetOn,
  S.WeightsSetRateLimit,
  S.TargetRegistrationsPerInterval,
  S.CommitRevealWeightsEnabled,
  S.BurnHalfLife,
  S.BurnIncreaseMult,
  S.Burn,
  S.MinBurn,
  S.MaxBurn,
  S.MinDifficulty,
  S.MaxDifficulty,
  S.RegistrationsThisBlock,
  S.RAORecycledForRegistration,
  S.MaxRegistrationsPerBlock,
  S.WeightsVersionKey,
  S.LiquidAlphaOn,
  S.Yuma3On,
  S.AlphaValues,
  S.SubtokenEnabled,
  S.ImmuneOwnerUidsLimit,
  S.StakeWeight,
  S.RevealPeriodEpochs,
] as const;

const PREFIXED_BY_NETUID = [
  S.BlockAtRegistration,
  S.Axons,
  NeuronCertificates,
  S.Prometheus,
  S.AlphaDividendsPerSubnet,
] as const;

/** remove_network: the subnet's registry, parameters and consensus state go; root stops weighting it. */
export function removeNetwork(ctx: Context, netuid: number): void {
  const { storage } = ctx;
  const hotkeys = [...S.Keys.entries(storage, netuid)].map(([, hotkey]) => hotkey);
  S.Uids.removePrefix(storage, netuid);
  S.Keys.removePrefix(storage, netuid);
  for (const hotkey of hotkeys) S.IsNetworkMember.remove(storage, hotkey, netuid);
  for (const [[uid], row] of [...S.Weights.entries(storage, ROOT_NETUID)]) {
    if (!row.some(([target, w]) => target === netuid && w !== 0)) continue;
    const zeroed = row.map(([target, w]): [number, number] => [target, target === netuid ? 0 : w]);
    S.Weights.set(storage, zeroed, ROOT_NETUID, uid as number);
  }
  for (const index of mechanismIndices(storage, netuid)) {
    S.LastUpdate.remove(storage, index);
    S.Incentive.remove(storage, index);
    S.WeightCommits.removePrefix(storage, index);
    S.Bonds.removePrefix(storage, index);
    S.Weights.removePrefix(storage, index);
  }
  S.MechanismCountCurrent.remove(storage, netuid);
  for (const item of PER_NETUID_ITEMS) item.remove(storage, netuid);
  for (const item of PREFIXED_BY_NETUID) item.removePrefix(storage, netuid);
  S.TotalNetworks.update(storage, [], (n) => (n > 0 ? n - 1 : 0));
  if (S.SubnetIdentitiesV3.exists(storage, netuid)) {
    S.SubnetIdentitiesV3.remove(storage, netuid);
    emit(ctx, 'SubnetIdentityRemoved', [netuid]);
  }
  for (const listener of removedListeners) listener(storage, netuid);
}

/** do_dissolve_network: pay out the stakes, remove the subnet, NetworkRemoved. */
export function dissolveNetwork(ctx: Context, netuid: number): void {
  ensure(netuid !== ROOT_NETUID && S.NetworksAdded.get(ctx.storage, netuid), 'SubnetNotExists');
  destroyStakes(ctx, netuid);
  removeNetwork(ctx, netuid);
  emit(ctx, 'NetworkRemoved', [netuid]);
}
