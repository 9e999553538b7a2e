/**
 * SubtensorModule: the neuron registry of a subnet (uids, hotkeys and the per-uid vectors), as
 * subtensor's subnets/uids.rs and the pruning part of subnets/registration.rs keep it. Calls in
 * registration.ts and subnets.ts, and genesis, register neurons through these helpers.
 */
import { storageDoubleMap } from '../../storage/items.js';
import type { ReadableStorage, WritableStorage } from '../../storage/kv.js';
import { AccountId32, type AccountId } from '../../types/substrate.js';
import { bytes, struct, u8 } from '../../types/type.js';
import { MAX_SUBNETS, fail, sameAccount, storageIndex } from './module.js';
import { S } from './storage.js';
import { NetUid } from './types.js';

export interface NeuronCertificate {
  public_key: Uint8Array;
  algorithm: number;
}

export const NeuronCertificateType = struct<NeuronCertificate>(
  ['pallet_subtensor', 'pallet', 'NeuronCertificate'],
  [
    ['public_key', bytes, 'BoundedVec<u8, ConstU32<64>>', ['The neuron TLS public key.']],
    ['algorithm', u8, 'u8', ['The algorithm used to generate the public key.']],
  ],
);

/**
 * TLS certificates served with serve_axon_tls. Declared here rather than in serving.ts because
 * replacing a neuron clears it; serving.ts lists it among its storage items.
 */
export const NeuronCertificates = storageDoubleMap(
  'SubtensorModule',
  'NeuronCertificates',
  { hasher: 'Identity', type: NetUid },
  { hasher: 'Blake2_128Concat', type: AccountId32 },
  NeuronCertificateType,
  { docs: ['--- MAP ( netuid, hotkey ) --> certificate'] },
);

const U16_MAX = 0xffff;

export function isHotkeyRegisteredOnNetwork(
  storage: ReadableStorage,
  netuid: number,
  hotkey: AccountId,
): boolean {
  return S.Uids.exists(storage, netuid, hotkey);
}

/** The uid a hotkey holds on a subnet, if any. */
export function uidOf(storage: ReadableStorage, netuid: number, hotkey: AccountId): number | undefined {
  return S.Uids.tryGet(storage, netuid, hotkey);
}

export function hotkeyAccountExists(storage: ReadableStorage, hotkey: AccountId): boolean {
  return S.Owner.exists(storage, hotkey);
}

export function coldkeyOwnsHotkey(storage: ReadableStorage, coldkey: AccountId, hotkey: AccountId): boolean {
  const owner = S.Owner.tryGet(storage, hotkey);
  return owner !== undefined && sameAccount(owner, coldkey);
}

function pushUnique(list: AccountId[], key: AccountId): AccountId[] | undefined {
  return list.some((k) => sameAccount(k, key)) ? undefined : [...list, key];
}

/**
 * create_account_if_non_existent: a hotkey nobody owns yet becomes the coldkey's (Owner,
 * OwnedHotkeys, StakingHotkeys). An owned hotkey is left alone, whoever owns it.
 */
export function createAccountIfNonExistent(
  storage: WritableStorage,
  coldkey: AccountId,
  hotkey: AccountId,
): void {
  if (hotkeyAccountExists(storage, hotkey)) return;
  S.Owner.set(storage, coldkey, hotkey);
  const owned = pushUnique(S.OwnedHotkeys.get(storage, coldkey), hotkey);
  if (owned) S.OwnedHotkeys.set(storage, owned, coldkey);
  const staking = pushUnique(S.StakingHotkeys.get(storage, coldkey), hotkey);
  if (staking) S.StakingHotkeys.set(storage, staking, coldkey);
}

/** Storage indices of every mechanism of the subnet (one per mechanism id). */
export function mechanismIndices(storage: ReadableStorage, netuid: number): number[] {
  const count = S.MechanismCountCurrent.get(storage, netuid);
  const out: number[] = [];
  for (let mecid = 0; mecid < count; mecid++) out.push(storageIndex(netuid, mecid));
  return out;
}

/**
 * set_last_update_for_uid on a mechanism storage index: LastUpdate is first padded with zeros to
 * SubnetworkN (subtensor's get_last_update does so), which is how a freshly appended uid gets its
 * slot.
 */
export function setLastUpdateForUid(
  storage: WritableStorage,
  index: number,
  uid: number,
  block: bigint,
): void {
  const values = S.LastUpdate.get(storage, index);
  const n = S.SubnetworkN.get(storage, index % MAX_SUBNETS);
  while (values.length < n) values.push(0n);
  if (uid >= values.length) return;
  values[uid] = block;
  S.LastUpdate.set(storage, values, index);
}

/** The subnet owner hotkey's uid, when that hotkey is registered (get_owner_uid). */
export function ownerUid(storage: ReadableStorage, netuid: number): number | undefined {
  const owner = S.SubnetOwnerHotkey.tryGet(storage, netuid);
  return owner === undefined ? undefined : uidOf(storage, netuid, owner);
}

/** Overwrite one element of a stored per-uid vector, if that element exists. */
function setElement<V>(
  item: { get(s: ReadableStorage, k: number): V[]; set(s: WritableStorage, v: V[], k: number): void },
  storage: WritableStorage,
  key: number,
  uid: number,
  value: V,
): void {
  const values = item.get(storage, key);
  if (uid >= values.length) return;
  values[uid] = value;
  item.set(storage, values, key);
}

function push<V>(
  item: { get(s: ReadableStorage, k: number): V[]; set(s: WritableStorage, v: V[], k: number): void },
  storage: WritableStorage,
  key: number,
  value: V,
): void {
  const values = item.get(storage, key);
  values.push(value);
  item.set(storage, values, key);
}

/**
 * append_neuron: the hotkey takes uid = SubnetworkN and every per-uid vector grows by one.
 * StakeWeight is not extended here (subtensor leaves it to the epoch, which rewrites it whole).
 * Returns the new uid.
 */
export function appendNeuron(
  storage: WritableStorage,
  netuid: number,
  hotkey: AccountId,
  block: bigint,
): number {
  const uid = S.SubnetworkN.get(storage, netuid);
  S.SubnetworkN.set(storage, Math.min(uid + 1, U16_MAX), netuid);
  push(S.Active, storage, netuid, true);
  push(S.Emission, storage, netuid, 0n);
  push(S.Consensus, storage, netuid, 0);
  for (const index of mechanismIndices(storage, netuid)) {
    push(S.Incentive, storage, index, 0);
    setLastUpdateForUid(storage, index, uid, block);
  }
  push(S.Dividends, storage, netuid, 0);
  push(S.ValidatorTrust, storage, netuid, 0);
  push(S.ValidatorPermit, storage, netuid, false);
  S.Keys.set(storage, hotkey, netuid, uid);
  S.Uids.set(storage, uid, netuid, hotkey);
  S.BlockAtRegistration.set(storage, block, netuid, uid);
  S.IsNetworkMember.set(storage, true, hotkey, netuid);
  return uid;
}

/**
 * clear_neuron: zero the uid's consensus outputs, drop the bond and weight rows it set, and zero
 * (but keep) the weights others set on it, so the new holder of the uid inherits nothing.
 */
export function clearNeuron(storage: WritableStorage, netuid: number, uid: number): void {
  setElement(S.Emission, storage, netuid, uid, 0n);
  setElement(S.Consensus, storage, netuid, uid, 0);
  for (const index of mechanismIndices(storage, netuid)) {
    setElement(S.Incentive, storage, index, uid, 0);
    S.Bonds.remove(storage, index, uid);
    S.Weights.remove(storage, index, uid);
    const rows = [...S.Weights.entries(storage, index)];
    for (const [[row], weights] of rows) {
      if (!weights.some(([target, w]) => target === uid && w !== 0)) continue;
      const zeroed = weights.map(([target, w]): [number, number] => [target, target === uid ? 0 : w]);
      S.Weights.set(storage, zeroed, index, row as number);
    }
  }
  setElement(S.Dividends, storage, netuid, uid, 0);
  setElement(S.StakeWeight, storage, netuid, uid, 0);
  setElement(S.ValidatorTrust, storage, netuid, uid, 0);
  setElement(S.ValidatorPermit, storage, netuid, uid, false);
}

/**
 * replace_neuron: the new hotkey takes over the uid with a clean slate (registration block and
 * LastUpdate = now). The subnet owner's hotkey is never replaced; returns false in that case.
 */
export function replaceNeuron(
  storage: WritableStorage,
  netuid: number,
  uid: number,
  hotkey: AccountId,
  block: bigint,
): boolean {
  const old = S.Keys.get(storage, netuid, uid);
  const ownerHotkey = S.SubnetOwnerHotkey.tryGet(storage, netuid);
  if (ownerHotkey !== undefined && sameAccount(ownerHotkey, old)) return false;
  S.Uids.remove(storage, netuid, old);
  S.IsNetworkMember.remove(storage, old, netuid);
  S.Keys.remove(storage, netuid, uid);
  setElement(S.Active, storage, netuid, uid, true);
  S.Keys.set(storage, hotkey, netuid, uid);
  S.Uids.set(storage, uid, netuid, hotkey);
  S.BlockAtRegistration.set(storage, block, netuid, uid);
  S.IsNetworkMember.set(storage, true, hotkey, netuid);
  S.Axons.remove(storage, netuid, old);
  NeuronCertificates.remove(storage, netuid, old);
  S.Prometheus.remove(storage, netuid, old);
  clearNeuron(storage, netuid, uid);
  for (const index of mechanismIndices(storage, netuid)) setLastUpdateForUid(storage, index, uid, block);
  return true;
}

export function isNeuronImmune(storage: ReadableStorage, netuid: number, uid: number, now: bigint): boolean {
  const registeredAt = S.BlockAtRegistration.get(storage, netuid, uid);
  const age = now > registeredAt ? now - registeredAt : 0n;
  return age < BigInt(S.ImmunityPeriod.get(storage, netuid));
}

/**
 * get_immune_owner_tuples: the owner coldkey's registered hotkeys, earliest registration first
 * (then lowest uid), cut to ImmuneOwnerUidsLimit, with the subnet-owner hotkey put in front.
 */
export function immuneOwnerUids(
  storage: ReadableStorage,
  netuid: number,
  coldkey: AccountId,
): { uid: number; hotkey: AccountId }[] {
  const triples: { block: bigint; uid: number; hotkey: AccountId }[] = [];
  for (const hotkey of S.OwnedHotkeys.get(storage, coldkey)) {
    const uid = S.Uids.tryGet(storage, netuid, hotkey);
    if (uid === undefined) continue;
    triples.push({ block: S.BlockAtRegistration.get(storage, netuid, uid), uid, hotkey });
  }
  triples.sort((a, b) => (a.block === b.block ? a.uid - b.uid : a.block < b.block ? -1 : 1));
  const limit = S.ImmuneOwnerUidsLimit.get(storage, netuid);
  const immune = triples.slice(0, limit).map(({ uid, hotkey }) => ({ uid, hotkey }));
  const ownerHotkey = S.SubnetOwnerHotkey.tryGet(storage, netuid);
  const ownerUid = ownerHotkey === undefined ? undefined : S.Uids.tryGet(storage, netuid, ownerHotkey);
  if (ownerHotkey !== undefined && ownerUid !== undefined) {
    const present = immune.some((t) => t.uid === ownerUid && sameAccount(t.hotkey, ownerHotkey));
    if (!present) {
      immune.unshift({ uid: ownerUid, hotkey: ownerHotkey });
      if (immune.length > limit) immune.length = limit;
    }
  }
  return immune;
}

interface Candidate {
  readonly emission: bigint;
  readonly block: bigint;
  readonly uid: number;
}

function better(a: Candidate, b: Candidate | undefined): boolean {
  if (b === undefined) return true;
  if (a.emission !== b.emission) return a.emission < b.emission;
  if (a.block !== b.block) return a.block < b.block;
  return a.uid < b.uid;
}

/**
 * get_neuron_to_prune: owner-immortal hotkeys are never candidates; among the rest the lowest
 * (Emission, BlockAtRegistration, uid) wins, taken from the non-immune uids while more than
 * MinNonImmuneUids of them remain, else from the immune ones. Undefined when nobody can go.
 */
export function neuronToPrune(storage: ReadableStorage, netuid: number, now: bigint): number | undefined {
  const n = S.SubnetworkN.get(storage, netuid);
  if (n === 0) return undefined;
  const owner = S.SubnetOwner.get(storage, netuid);
  const immortal = immuneOwnerUids(storage, netuid, owner).map((t) => t.hotkey);
  const emissions = S.Emission.get(storage, netuid);
  let free = 0;
  let bestFree: Candidate | undefined;
  let bestImmune: Candidate | undefined;
  for (let uid = 0; uid < n; uid++) {
    const hotkey = S.Keys.tryGet(storage, netuid, uid);
    if (hotkey === undefined || immortal.some((k) => sameAccount(k, hotkey))) continue;
    const candidate = {
      emission: emissions[uid] ?? 0n,
      block: S.BlockAtRegistration.get(storage, netuid, uid),
      uid,
    };
    if (isNeuronImmune(storage, netuid, uid, now)) {
      if (better(candidate, bestImmune)) bestImmune = candidate;
    } else {
      free = Math.min(free + 1, U16_MAX);
      if (better(candidate, bestFree)) bestFree = candidate;
    }
  }
  if (bestFree !== undefined && free > S.MinNonImmuneUids.get(storage, netuid)) return bestFree.uid;
  return bestImmune?.uid;
}

/** Whether a registration on the subnet can find a uid (a free slot or a prune candidate). */
export function hasRoomForNeuron(storage: ReadableStorage, netuid: number, now: bigint): boolean {
  const max = S.MaxAllowedUids.get(storage, netuid);
  if (max === 0) return false;
  return S.SubnetworkN.get(storage, netuid) < max || neuronToPrune(storage, netuid, now) !== undefined;
}

/**
 * register_neuron: append while the subnet has room, else replace the prune candidate.
 * Returns the uid; throws NoNeuronIdAvailable when there is neither. subtensor would report
 * success if the candidate were the owner hotkey (which replace_neuron silently keeps); that
 * needs ImmuneOwnerUidsLimit = 0, and here it fails instead of charging for nothing.
 */
export function registerNeuron(
  storage: WritableStorage,
  netuid: number,
  hotkey: AccountId,
  now: bigint,
): number {
  const n = S.SubnetworkN.get(storage, netuid);
  if (n < S.MaxAllowedUids.get(storage, netuid)) return appendNeuron(storage, netuid, hotkey, now);
  const uid = neuronToPrune(storage, netuid, now);
  if (uid === undefined || !replaceNeuron(storage, netuid, uid, hotkey, now))
    throw fail('NoNeuronIdAvailable');
  return uid;
}
