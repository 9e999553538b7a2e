/** Test helpers for AdminUtils: root calls through Sudo, signed calls, event names. */
import assert from 'node:assert/strict';
import { InvalidTransaction } from '../../frame/dispatch.js';
import { describeDispatchError, type ApplyResult } from '../../frame/executive.js';
import type { RuntimeCallValue } from '../../frame/pallet.js';
import { devAccount, devSpec } from '../../genesis.js';
import { TestChain, errorName } from '../../testing/chain.js';
import type { AccountId, DispatchErrorValue } from '../../types/substrate.js';
import { S } from '../subtensor/storage.js';

export type Chain = TestChain;

/** Alice holds the sudo key and owns subnet 1 on the dev chain. */
export const ALICE = devAccount('Alice');
export const BOB = devAccount('Bob');

/** Deriving the dev keys is slow (sr25519): one spec serves every test chain. */
const DEV_SPEC = devSpec();

/** Far enough ahead that no epoch falls due during a test: setters are tested, not epochs. */
const NO_EPOCH = 1_000_000n;

/**
 * The dev chain with the admin freeze window off (its subnet 1 has tempo 10, so the default
 * 10-block window would refuse nearly every block) and no epoch due, so the states tests set up
 * (e.g. SubnetworkN without neurons) never reach the epoch.
 */
export function freshChain(): Chain {
  const chain = new TestChain(DEV_SPEC);
  S.AdminFreezeWindow.set(chain.storage, 0);
  for (const netuid of [0, 1]) S.LastEpochBlock.set(chain.storage, NO_EPOCH, netuid);
  return chain;
}

/** Put subnet `netuid` in its freeze window: the next block is 9 blocks before its next epoch. */
export function freeze(chain: Chain, netuid: number): void {
  S.AdminFreezeWindow.set(chain.storage, 10);
  S.LastEpochBlock.set(chain.storage, chain.number, netuid);
}

/** Leave the freeze window again, with no epoch due. */
export function thaw(chain: Chain, netuid: number): void {
  S.AdminFreezeWindow.set(chain.storage, 0);
  S.LastEpochBlock.set(chain.storage, NO_EPOCH, netuid);
}

function applied(result: ApplyResult | InvalidTransaction): ApplyResult {
  if (result instanceof InvalidTransaction) throw result;
  return result;
}

/** A call as root (Alice's Sudo.sudo): the inner error's name from the Sudid event, if any. */
export function sudo(
  chain: Chain,
  inner: RuntimeCallValue,
): { error: string | undefined; result: ApplyResult } {
  const result = applied(chain.exec(ALICE, chain.call('Sudo', 'sudo', { call: inner })));
  assert.equal(errorName(result), undefined, 'the sudo extrinsic itself succeeds');
  const [sudid] = chain.eventsNamed(result.events, 'Sudo', 'Sudid') as {
    sudo_result: { tag: 'Ok' | 'Err'; value: DispatchErrorValue | undefined };
  }[];
  assert.ok(sudid, 'Sudid deposited');
  const { tag, value } = sudid.sudo_result;
  const error = tag === 'Ok' || value === undefined ? undefined : describeDispatchError(chain.runtime, value);
  return { error, result };
}

/** A signed call in its own block: its error name, undefined on success. */
export function signedAs(chain: Chain, who: AccountId, call: RuntimeCallValue): string | undefined {
  return errorName(applied(chain.exec(who, call)));
}

/** 'Pallet.Event' names of an extrinsic's events. */
export function events(result: ApplyResult): string[] {
  return result.events.map((e) => `${e.event.tag}.${e.event.value.tag}`);
}
