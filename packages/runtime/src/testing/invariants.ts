/**
 * Chain-wide invariants, checked after every block in the property and scenario tests:
 * TAO is conserved across balances and subnets, issuance stays under the cap, alpha claims are
 * backed, and the neuron registry is consistent.
 */
import { blake2b256, concatBytes, fromHex, TOTAL_SUPPLY } from '@tao-ts/primitives';
import { SystemStorage } from '../frame/system.js';
import type { ReadableStorage } from '../storage/kv.js';
import { BalancesStorage } from '../pallets/balances.js';
import { S } from '../pallets/subtensor/storage.js';

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

export function invariantViolations(storage: ReadableStorage): string[] {
  const problems: string[] = [];
  let balances = 0n;
  for (const [, info] of SystemStorage.Account.entries(storage))
    balances += info.data.free + info.data.reserved;
  const balancesIssuance = BalancesStorage.TotalIssuance.get(storage);
  if (balances !== balancesIssuance)
    problems.push(`Σ balances ${balances} ≠ Balances.TotalIssuance ${balancesIssuance}`);

  const netuids = [...S.NetworksAdded.entries(storage)]
    .filter(([, added]) => added)
    .map(([[netuid]]) => netuid as number);
  let subnetTao = 0n;
  for (const netuid of netuids) subnetTao += S.SubnetTAO.get(storage, netuid);
  const issuance = S.TotalIssuance.get(storage);
  if (issuance !== balancesIssuance + subnetTao) {
    problems.push(`TotalIssuance ${issuance} ≠ balances ${balancesIssuance} + subnet TAO ${subnetTao}`);
  }
  if (issuance > TOTAL_SUPPLY) problems.push(`TotalIssuance ${issuance} exceeds 21M TAO`);

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
    const seen = new Set<string>();
    for (let uid = 0; uid < n; uid++) {
      const hotkey = S.Keys.get(storage, netuid, uid);
      const back = S.Uids.tryGet(storage, netuid, hotkey);
      if (back !== uid) problems.push(`subnet ${netuid}: Keys[${uid}] maps back to uid ${String(back)}`);
      if (seen.has(hex(hotkey))) problems.push(`subnet ${netuid}: hotkey ${hex(hotkey)} holds two uids`);
      seen.add(hex(hotkey));
    }
  }
  return problems;
}

/** A digest of the whole key-value state (tests compare replays with it). */
export function stateDigest(storage: ReadableStorage): string {
  const parts: Uint8Array[] = [];
  for (const [key, value] of storage.scan('')) parts.push(fromHex(key), value);
  return hex(blake2b256(concatBytes(...parts)));
}
