/**
 * SubtensorModule: neuron registration. `burned_register` pays the subnet's burn price;
 * `register` proves work instead (legacy subtensor's PoW path, kept so that a chain without
 * balances can bootstrap). Prices move in on_initialize: the per-block burn decay of current
 * subtensor, plus, on subnets open to PoW, legacy subtensor's interval adjustment of burn and
 * difficulty.
 */
import { adjustTowardsTarget, bumpBurn, decayBurn } from '@tao-ts/yuma';
import { ensureSigned } from '../../frame/dispatch.js';
import { call, type AnyCallDef, type Context } from '../../frame/pallet.js';
import type { StorageItemMeta } from '../../storage/items.js';
import type { WritableStorage } from '../../storage/kv.js';
import { AccountId32, type AccountId } from '../../types/substrate.js';
import { bytes, u64 } from '../../types/type.js';
import { EXISTENTIAL_DEPOSIT, burnFrom, freeBalance } from '../balances.js';
import { ROOT_NETUID, emit, ensure, fail, sameAccount } from './module.js';
import {
  coldkeyOwnsHotkey,
  createAccountIfNonExistent,
  hasRoomForNeuron,
  isHotkeyRegisteredOnNetwork,
  registerNeuron,
} from './neurons.js';
import { POW_WORK_MAX_AGE, createSealHash, hashMeetsDifficulty } from './pow.js';
import { S } from './storage.js';
import { subnetExists } from './subnets.js';
import { NetUid } from './types.js';

export {
  appendNeuron,
  createAccountIfNonExistent,
  isHotkeyRegisteredOnNetwork,
  neuronToPrune,
  replaceNeuron,
  uidOf,
} from './neurons.js';

const U16_MAX = 0xffff;
const inc = (n: number): number => Math.min(n + 1, U16_MAX);

/**
 * transfer_tao_to_subnet's amount: the coldkey keeps its existential deposit, so a balance
 * just covering the price pays slightly less (as on subtensor). The TAO leaves the balances
 * ledger; returns what actually left.
 */
export function withdrawKeepingAlive(ctx: Context, coldkey: AccountId, amount: bigint): bigint {
  if (amount === 0n) return 0n;
  const free = freeBalance(ctx.storage, coldkey);
  const reducible = free > EXISTENTIAL_DEPOSIT ? free - EXISTENTIAL_DEPOSIT : 0n;
  const actual = amount < reducible ? amount : reducible;
  ensure(actual > 0n, 'InsufficientBalance');
  burnFrom(ctx, coldkey, actual, fail('InsufficientBalance'), 'Preserve');
  return actual;
}

function checkCommon(ctx: Context, netuid: number, registrationAllowed: boolean): void {
  ensure(netuid !== ROOT_NETUID, 'RegistrationNotPermittedOnRootSubnet');
  ensure(subnetExists(ctx.storage, netuid), 'SubnetNotExists');
  ensure(registrationAllowed, 'SubNetRegistrationDisabled');
  // Legacy per-block cap: current subtensor dropped it, but it bounds the registration work a
  // single block can carry.
  ensure(
    S.RegistrationsThisBlock.get(ctx.storage, netuid) < S.MaxRegistrationsPerBlock.get(ctx.storage, netuid),
    'TooManyRegistrationsThisBlock',
  );
}

function ensureOwnedAndRoom(ctx: Context, netuid: number, coldkey: AccountId, hotkey: AccountId): void {
  createAccountIfNonExistent(ctx.storage, coldkey, hotkey);
  ensure(coldkeyOwnsHotkey(ctx.storage, coldkey, hotkey), 'NonAssociatedColdKey');
  ensure(hasRoomForNeuron(ctx.storage, netuid, ctx.blockNumber), 'NoNeuronIdAvailable');
}

/** do_register (burned_register): pay the burn, take a uid, raise the price for the next one. */
export function doBurnedRegistration(
  ctx: Context,
  coldkey: AccountId,
  netuid: number,
  hotkey: AccountId,
): number {
  const { storage } = ctx;
  checkCommon(ctx, netuid, S.NetworkRegistrationAllowed.get(storage, netuid));
  ensure(!isHotkeyRegisteredOnNetwork(storage, netuid, hotkey), 'HotKeyAlreadyRegisteredInSubNet');
  const cost = S.Burn.get(storage, netuid);
  ensure(cost <= freeBalance(storage, coldkey), 'NotEnoughBalanceToStake');
  ensureOwnedAndRoom(ctx, netuid, coldkey, hotkey);
  // subtensor swaps the burn into the subnet pool and burns the alpha it buys (raising the
  // alpha price); with no pool swap in this runtime yet, the TAO is recycled outright.
  const burned = withdrawKeepingAlive(ctx, coldkey, cost);
  S.TotalIssuance.update(storage, [], (t) => (t > burned ? t - burned : 0n));
  const uid = registerNeuron(storage, netuid, hotkey, ctx.blockNumber);
  S.Burn.set(storage, bumpBurnFor(storage, netuid), netuid);
  S.RegistrationsThisBlock.update(storage, [netuid], inc);
  S.RegistrationsThisInterval.update(storage, [netuid], inc);
  S.BurnRegistrationsThisInterval.update(storage, [netuid], inc);
  S.RAORecycledForRegistration.update(storage, [netuid], (r) => r + cost);
  emit(ctx, 'NeuronRegistered', [netuid, uid, hotkey]);
  return uid;
}

function bumpBurnFor(storage: WritableStorage, netuid: number): bigint {
  return bumpBurn(S.Burn.get(storage, netuid), S.BurnIncreaseMult.get(storage, netuid), {
    minBurn: S.MinBurn.get(storage, netuid),
    maxBurn: S.MaxBurn.get(storage, netuid),
  });
}

export interface PowRegistration {
  readonly netuid: number;
  readonly block_number: bigint;
  readonly nonce: bigint;
  readonly work: Uint8Array;
  readonly hotkey: AccountId;
  readonly coldkey: AccountId;
}

/** Legacy do_registration: the hotkey proves work on a recent block hash; no TAO is paid. */
export function doPowRegistration(ctx: Context, signer: AccountId, args: PowRegistration): number {
  const { storage, blockNumber: now } = ctx;
  const { netuid, block_number, nonce, work, hotkey, coldkey } = args;
  ensure(sameAccount(signer, hotkey), 'TransactorAccountShouldBeHotKey');
  checkCommon(ctx, netuid, S.NetworkPowRegistrationAllowed.get(storage, netuid));
  ensure(
    S.RegistrationsThisInterval.get(storage, netuid) <
      Math.min(S.TargetRegistrationsPerInterval.get(storage, netuid) * 3, U16_MAX),
    'TooManyRegistrationsThisInterval',
  );
  ensure(!isHotkeyRegisteredOnNetwork(storage, netuid, hotkey), 'HotKeyAlreadyRegisteredInSubNet');
  // Legacy subtensor also took the block being built, whose hash reads as zero while it runs:
  // work on that constant could be computed ahead for any future block, so only blocks whose
  // hash is known count.
  ensure(block_number < now, 'InvalidWorkBlock');
  ensure(now - block_number < POW_WORK_MAX_AGE, 'InvalidWorkBlock');
  // subtensor would panic on a work vector that is not 32 bytes; it is simply not a seal.
  ensure(work.length === 32, 'InvalidSeal');
  ensure(hashMeetsDifficulty(work, S.Difficulty.get(storage, netuid)), 'InvalidDifficulty');
  const seal = createSealHash(storage, block_number, nonce, hotkey);
  ensure(sameAccount(seal, work), 'InvalidSeal');
  // Legacy subtensor recorded used seals without ever reading them back, so a seal could be
  // spent again on another subnet within its three blocks; here a spent seal is refused.
  ensure(!S.UsedWork.exists(storage, work), 'InvalidSeal');
  S.UsedWork.set(storage, now, work);
  ensureOwnedAndRoom(ctx, netuid, coldkey, hotkey);
  const uid = registerNeuron(storage, netuid, hotkey, now);
  S.POWRegistrationsThisInterval.update(storage, [netuid], inc);
  S.RegistrationsThisInterval.update(storage, [netuid], inc);
  S.RegistrationsThisBlock.update(storage, [netuid], inc);
  emit(ctx, 'NeuronRegistered', [netuid, uid, hotkey]);
  return uid;
}

/**
 * Legacy adjust_registration_terms_for_networks, one subnet: when the interval is over, move
 * burn and/or difficulty by (regs + target) / (2 · target). Above target the mechanism most used
 * gets dearer; at or below target the *other* mechanism gets cheaper (cases A–F in subtensor's
 * block_step.rs: the ≤ target branch adjusts the burn when PoW dominated and vice versa).
 *
 * Only subnets open to PoW run it. On the others it would stack a second burn controller on
 * current subtensor's bump-and-decay (halving an idle subnet's burn every interval), so their
 * burn follows current subtensor exactly; their interval counters still roll over.
 */
function adjustRegistrationTerms(ctx: Context, netuid: number): void {
  const { storage, blockNumber: now } = ctx;
  const last = S.LastAdjustmentBlock.get(storage, netuid);
  const interval = BigInt(S.AdjustmentInterval.get(storage, netuid));
  if ((now > last ? now - last : 0n) < interval) return;
  if (S.NetworkPowRegistrationAllowed.get(storage, netuid)) adjustBurnAndDifficulty(ctx, netuid);
  S.LastAdjustmentBlock.set(storage, now, netuid);
  S.RegistrationsThisInterval.set(storage, 0, netuid);
  S.POWRegistrationsThisInterval.set(storage, 0, netuid);
  S.BurnRegistrationsThisInterval.set(storage, 0, netuid);
}

function adjustBurnAndDifficulty(ctx: Context, netuid: number): void {
  const { storage } = ctx;
  const regs = S.RegistrationsThisInterval.get(storage, netuid);
  const pow = S.POWRegistrationsThisInterval.get(storage, netuid);
  const burned = S.BurnRegistrationsThisInterval.get(storage, netuid);
  const target = S.TargetRegistrationsPerInterval.get(storage, netuid);
  const alpha = S.AdjustmentAlpha.get(storage, netuid);
  const overTarget = regs > target;
  const adjustBurn = pow === burned || (overTarget ? burned > pow : pow > burned);
  const adjustDifficulty = pow === burned || (overTarget ? pow > burned : burned > pow);
  if (adjustBurn) {
    const next = adjustTowardsTarget(
      S.Burn.get(storage, netuid),
      regs,
      target,
      alpha,
      S.MinBurn.get(storage, netuid),
      S.MaxBurn.get(storage, netuid),
    );
    S.Burn.set(storage, next, netuid);
  }
  if (adjustDifficulty) {
    const next = adjustTowardsTarget(
      S.Difficulty.get(storage, netuid),
      regs,
      target,
      alpha,
      S.MinDifficulty.get(storage, netuid),
      S.MaxDifficulty.get(storage, netuid),
    );
    S.Difficulty.set(storage, next, netuid);
    emit(ctx, 'DifficultySet', [netuid, next]);
  }
}

/** The per-block burn decay toward MinBurn (current subtensor), clamped to [MinBurn, MaxBurn]. */
function decayRegistrationBurn(storage: WritableStorage, netuid: number, now: bigint): void {
  const burn = S.Burn.get(storage, netuid);
  const next = decayBurn(burn, S.BurnHalfLife.get(storage, netuid), now, {
    minBurn: S.MinBurn.get(storage, netuid),
    maxBurn: S.MaxBurn.get(storage, netuid),
  });
  if (next !== burn) S.Burn.set(storage, next, netuid);
}

/** Existing subnets in ascending netuid order. */
export function subnetNetuids(ctx: Pick<Context, 'storage'>): number[] {
  const out: number[] = [];
  for (const [[netuid], added] of S.NetworksAdded.entries(ctx.storage)) if (added) out.push(netuid as number);
  return out.sort((a, b) => a - b);
}

/**
 * on_initialize step 1, for every subnet (root included, as subtensor does): the legacy interval
 * adjustment when due (PoW subnets), then the per-block burn decay, then a fresh per-block
 * registration count.
 */
export function updateRegistrationPrices(ctx: Context): void {
  for (const netuid of subnetNetuids(ctx)) {
    adjustRegistrationTerms(ctx, netuid);
    decayRegistrationBurn(ctx.storage, netuid, ctx.blockNumber);
    S.RegistrationsThisBlock.set(ctx.storage, 0, netuid);
  }
}

// Benchmarked ref-time of subtensor's weights.rs (storage reads/writes not priced, as in the
// other call modules).
const BURNED_REGISTER_WEIGHT = 336_815_000n;
const REGISTER_WEIGHT = 349_872_000n;

export const registrationCalls: AnyCallDef[] = [
  call<PowRegistration>({
    name: 'register',
    index: 6,
    args: [
      ['netuid', NetUid, 'NetUid'],
      ['block_number', u64, 'u64'],
      ['nonce', u64, 'u64'],
      ['work', bytes, 'Vec<u8>'],
      ['hotkey', AccountId32, 'T::AccountId'],
      ['coldkey', AccountId32, 'T::AccountId'],
    ],
    docs: [
      'Register a hotkey on a subnet with proof of work (when the subnet allows it): the seal of a',
      'nonce over one of the last 3 block hashes and the hotkey, meeting the subnet difficulty.',
      'Signed by the hotkey; costs no TAO, so it opens the chain to keys without balance.',
    ],
    weight: () => REGISTER_WEIGHT,
    // Fee-free as on subtensor before burned registration took over: a fresh hotkey has no
    // TAO to pay with, and the work itself is the price.
    pays: 'No',
    dispatch: (ctx, origin, args) => {
      doPowRegistration(ctx, ensureSigned(origin), args);
    },
  }),
  call<{ netuid: number; hotkey: AccountId }>({
    name: 'burned_register',
    index: 7,
    args: [
      ['netuid', NetUid, 'NetUid'],
      ['hotkey', AccountId32, 'T::AccountId'],
    ],
    docs: [
      'Register a hotkey on a subnet by burning the current registration price from the',
      'signing coldkey. When the subnet is full the lowest-emission non-immune neuron is replaced.',
    ],
    weight: () => BURNED_REGISTER_WEIGHT,
    dispatch: (ctx, origin, { netuid, hotkey }) => {
      doBurnedRegistration(ctx, ensureSigned(origin), netuid, hotkey);
    },
  }),
];

/** Storage items declared by this module (besides storage.ts). */
export const registrationStorage: { meta: StorageItemMeta }[] = [];
