/**
 * Chain-wide invariants, checked after every block in the property and scenario tests:
 * TAO is conserved across balances and subnets, issuance stays under the cap, no balance is
 * negative or dust, alpha claims are backed, share pools add up, and the neuron registry is
 * consistent.
 *
 * TAO that is recycled (registration burns, the protocol's part of a dissolved subnet) or
 * destroyed (dust of a reaped account, a fee nobody could receive) leaves
 * SubtensorModule.TotalIssuance together with the balance or pool it left, so the conservation
 * identity below holds without a separate recycled term.
 */
import { blake2b256, concatBytes, fromHex, TOTAL_SUPPLY } from '@tao-ts/primitives';
import { SystemStorage } from '../frame/system.js';
import { hex } from '../storage/hashers.js';
import type { ReadableStorage } from '../storage/kv.js';
import { BalancesStorage, EXISTENTIAL_DEPOSIT } from '../pallets/balances.js';
import { S } from '../pallets/subtensor/storage.js';
import { SharePool } from '../pallets/subtensor/share-pool.js';

export function invariantViolations(storage: ReadableStorage): string[] {
  const problems: string[] = [];
  const netuids = [...S.NetworksAdded.entries(storage)]
    .filter(([, added]) => added)
    .map(([[netuid]]) => netuid as number);
  issuanceProblems(storage, netuids, problems);
  accountProblems(storage, problems);
  subnetProblems(storage, netuids, problems);
  poolProblems(storage, new Set(netuids), problems);
  registryProblems(storage, new Set(netuids), problems);
  return problems;
}

/**
 * Balances.TotalIssuance = Σ free + reserved; SubtensorModule.TotalIssuance = that + the TAO held
 * by subnet pools (SubnetTAO, which is what TotalStake counts); ≤ 21M TAO. (Emission stops at the
 * cap; only root, with Balances.force_set_balance, could mint past it, as on subtensor.)
 */
function issuanceProblems(storage: ReadableStorage, netuids: readonly number[], problems: string[]): void {
  let balances = 0n;
  for (const [, info] of SystemStorage.Account.entries(storage))
    balances += info.data.free + info.data.reserved;
  const balancesIssuance = BalancesStorage.TotalIssuance.get(storage);
  if (balances !== balancesIssuance)
    problems.push(`Σ balances ${balances} ≠ Balances.TotalIssuance ${balancesIssuance}`);

  let subnetTao = 0n;
  for (const netuid of netuids) subnetTao += S.SubnetTAO.get(storage, netuid);
  const issuance = S.TotalIssuance.get(storage);
  if (issuance !== balancesIssuance + subnetTao) {
    problems.push(`TotalIssuance ${issuance} ≠ balances ${balancesIssuance} + subnet TAO ${subnetTao}`);
  }
  if (issuance > TOTAL_SUPPLY) problems.push(`TotalIssuance ${issuance} exceeds 21M TAO`);
  const totalStake = S.TotalStake.get(storage);
  if (totalStake !== subnetTao) problems.push(`TotalStake ${totalStake} ≠ Σ SubnetTAO ${subnetTao}`);
  // A pool left behind by a removed subnet would hold TAO no one can reach.
  for (const [[netuid], tao] of S.SubnetTAO.entries(storage)) {
    if (tao !== 0n && !netuids.includes(netuid as number))
      problems.push(`SubnetTAO ${tao} on removed subnet ${String(netuid)}`);
  }
}

/**
 * No balance below zero, no dust (an account under the existential deposit is reaped), a live
 * balance always has a provider, and frozen funds never exceed what the account holds.
 */
function accountProblems(storage: ReadableStorage, problems: string[]): void {
  for (const [[who], { providers, data }] of SystemStorage.Account.entries(storage)) {
    const name = hex(who as Uint8Array);
    const { free, reserved, frozen } = data;
    if (free < 0n || reserved < 0n || frozen < 0n)
      problems.push(
        `account ${name}: negative balance (free ${free}, reserved ${reserved}, frozen ${frozen})`,
      );
    if (reserved === 0n && free > 0n && free < EXISTENTIAL_DEPOSIT)
      problems.push(`account ${name}: free ${free} is dust below the existential deposit`);
    if ((free >= EXISTENTIAL_DEPOSIT || reserved > 0n) && providers === 0)
      problems.push(`account ${name}: holds ${free + reserved} without a provider`);
    if (frozen > free + reserved) problems.push(`account ${name}: frozen ${frozen} exceeds its balance`);
  }
}

/** Per subnet: alpha claims are backed, the pool's alpha by its TAO (1:1 pools), and uid bounds. */
function subnetProblems(storage: ReadableStorage, netuids: readonly number[], problems: string[]): void {
  const hotkeyAlpha = new Map<number, bigint>();
  for (const [[, netuid], alpha] of S.TotalHotkeyAlpha.entries(storage)) {
    hotkeyAlpha.set(netuid as number, (hotkeyAlpha.get(netuid as number) ?? 0n) + alpha);
  }
  for (const netuid of netuids) {
    const pending =
      S.PendingServerEmission.get(storage, netuid) +
      S.PendingValidatorEmission.get(storage, netuid) +
      S.PendingRootAlphaDivs.get(storage, netuid) +
      S.PendingOwnerCut.get(storage, netuid);
    const claims = (hotkeyAlpha.get(netuid) ?? 0n) + pending;
    const alphaOut = S.SubnetAlphaOut.get(storage, netuid);
    if (claims > alphaOut)
      problems.push(`subnet ${netuid}: staked + pending alpha ${claims} > SubnetAlphaOut ${alphaOut}`);
    const backing = S.SubnetTAO.get(storage, netuid);
    const alpha = S.SubnetAlphaIn.get(storage, netuid) + alphaOut;
    if (alpha > backing) problems.push(`subnet ${netuid}: alpha ${alpha} exceeds its TAO ${backing}`);
    const n = S.SubnetworkN.get(storage, netuid);
    if (netuid !== 0 && n > S.MaxAllowedUids.get(storage, netuid))
      problems.push(`subnet ${netuid}: ${n} uids > MaxAllowedUids`);
  }
  const count = S.TotalNetworks.get(storage);
  if (count !== netuids.length) problems.push(`TotalNetworks ${count} ≠ ${netuids.length} subnets added`);
}

/**
 * Each (hotkey, subnet) share pool: its holders' shares add up to TotalHotkeyShares exactly, and
 * what they are worth (each floored) to no more than TotalHotkeyAlpha. Stake only lives on
 * existing subnets.
 */
function poolProblems(storage: ReadableStorage, netuids: ReadonlySet<number>, problems: string[]): void {
  const pools = new Map<string, { hotkey: Uint8Array; netuid: number; shares: bigint[] }>();
  const poolOf = (hotkey: Uint8Array, netuid: number) => {
    const id = `${hex(hotkey)}/${netuid}`;
    let pool = pools.get(id);
    if (pool === undefined) pools.set(id, (pool = { hotkey, netuid, shares: [] }));
    return pool;
  };
  for (const [[hotkey, , netuid], shares] of S.Alpha.entries(storage))
    poolOf(hotkey as Uint8Array, netuid as number).shares.push(shares);
  for (const [[hotkey, netuid]] of S.TotalHotkeyShares.entries(storage))
    poolOf(hotkey as Uint8Array, netuid as number);
  for (const [[hotkey, netuid]] of S.TotalHotkeyAlpha.entries(storage))
    poolOf(hotkey as Uint8Array, netuid as number);

  for (const { hotkey, netuid, shares } of pools.values()) {
    const where = `pool ${hex(hotkey)} on subnet ${netuid}`;
    if (!netuids.has(netuid)) problems.push(`${where}: stake on a subnet that does not exist`);
    const denominator = S.TotalHotkeyShares.get(storage, hotkey, netuid);
    const sum = shares.reduce((a, b) => a + b, 0n);
    if (sum !== denominator)
      problems.push(`${where}: Σ Alpha shares ${sum} ≠ TotalHotkeyShares ${denominator}`);
    const total = S.TotalHotkeyAlpha.get(storage, hotkey, netuid);
    const pool = new SharePool<number>({
      sharedValue: () => total,
      share: (i) => shares[i],
      denominator: () => denominator,
      setSharedValue: readOnly,
      setShare: readOnly,
      setDenominator: readOnly,
    });
    const value = shares.reduce((acc, _, i) => acc + pool.value(i), 0n);
    if (value > total) problems.push(`${where}: holders' alpha ${value} > TotalHotkeyAlpha ${total}`);
  }
}

function readOnly(): never {
  throw new Error('invariants only read share pools');
}

/**
 * Uids and Keys are inverse maps over 0..SubnetworkN on existing subnets, no hotkey holds two
 * uids, and every registered hotkey has an owning coldkey (emission is paid to it).
 */
function registryProblems(storage: ReadableStorage, netuids: ReadonlySet<number>, problems: string[]): void {
  for (const netuid of netuids) {
    const n = S.SubnetworkN.get(storage, netuid);
    const seen = new Set<string>();
    for (let uid = 0; uid < n; uid++) {
      const hotkey = S.Keys.get(storage, netuid, uid);
      const back = S.Uids.tryGet(storage, netuid, hotkey);
      if (back !== uid) problems.push(`subnet ${netuid}: Keys[${uid}] maps back to uid ${String(back)}`);
      if (seen.has(hex(hotkey))) problems.push(`subnet ${netuid}: hotkey ${hex(hotkey)} holds two uids`);
      seen.add(hex(hotkey));
      if (!S.Owner.exists(storage, hotkey))
        problems.push(`subnet ${netuid}: hotkey ${hex(hotkey)} has no owner`);
    }
  }
  for (const [[netuid, hotkey], uid] of S.Uids.entries(storage)) {
    const where = `subnet ${String(netuid)}: Uids[${hex(hotkey as Uint8Array)}] = ${uid}`;
    if (!netuids.has(netuid as number)) problems.push(`${where} on a subnet that does not exist`);
    else if (uid >= S.SubnetworkN.get(storage, netuid as number)) problems.push(`${where} ≥ SubnetworkN`);
  }
  for (const [[netuid, uid]] of S.Keys.entries(storage)) {
    if (!netuids.has(netuid as number) || (uid as number) >= S.SubnetworkN.get(storage, netuid as number))
      problems.push(`subnet ${String(netuid)}: Keys[${String(uid)}] outside the subnet's uids`);
  }
}

/** A digest of the whole key-value state (tests compare replays with it). */
export function stateDigest(storage: ReadableStorage): string {
  const parts: Uint8Array[] = [];
  for (const [key, value] of storage.scan('')) parts.push(fromHex(key), value);
  return hex(blake2b256(concatBytes(...parts)));
}
