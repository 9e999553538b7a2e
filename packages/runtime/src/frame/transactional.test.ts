/**
 * The executive's transaction rules, observed through the exact set of storage keys each
 * extrinsic changes: nested dispatch (Sudo) is transactional, invalid nonces change nothing,
 * Pays::No calls need no account or fee, and failures report subtensor's named module errors.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { devAccount, devSpec } from '../genesis.js';
import { BalancesStorage } from '../pallets/balances.js';
import { SUBTENSOR_ERRORS } from '../pallets/subtensor/errors.js';
import { S } from '../pallets/subtensor/storage.js';
import { TestChain, errorName } from '../testing/chain.js';
import { changedItems, recordedBlock, type RecordedExtrinsic } from '../testing/recorded-block.js';
import type { AccountId, DispatchErrorValue } from '../types/substrate.js';
import { InvalidTransaction } from './dispatch.js';
import { describeDispatchError, type ApplyResult } from './executive.js';
import type { RuntimeCallValue } from './pallet.js';
import { account } from './system.js';

const SPEC = devSpec();
const ALICE = devAccount('Alice');
const BOB = devAccount('Bob');
const TAO = 1_000_000_000n;
/** A key nobody funded. */
const HOTKEY = Uint8Array.from({ length: 32 }, (_, i) => (i === 0 ? 0xcc : 7));

const fresh = (): TestChain => new TestChain(SPEC);

interface Signed {
  readonly signer: AccountId;
  readonly call: RuntimeCallValue;
  readonly tip?: bigint;
  readonly nonceSkew?: number;
}

function applyOne(chain: TestChain, xt: Signed): RecordedExtrinsic {
  const [recorded] = recordedBlock(chain, [xt]).extrinsics;
  assert.ok(recorded);
  return recorded;
}

function applied(recorded: RecordedExtrinsic): ApplyResult {
  if (recorded.result instanceof InvalidTransaction) assert.fail(recorded.result.message);
  return recorded.result;
}

const eventNames = (result: ApplyResult): string[] =>
  result.events.map((e) => `${e.event.tag}.${e.event.value.tag}`);

function identity(name: string): Record<string, Uint8Array> {
  const empty = new Uint8Array(0);
  return {
    subnet_name: new TextEncoder().encode(name),
    github_repo: empty,
    subnet_contact: empty,
    subnet_url: empty,
    discord: empty,
    description: empty,
    logo_url: empty,
    additional: empty,
  };
}

/** register_network_with_identity: with a 300-byte name it fails only after creating the subnet. */
const registerWithIdentity = (chain: TestChain, name: string): RuntimeCallValue =>
  chain.call('SubtensorModule', 'register_network_with_identity', {
    hotkey: HOTKEY,
    identity: identity(name),
  });

function sudoResult(result: ApplyResult, variant: 'Sudid' | 'SudoAsDone'): string {
  const record = result.events.find((e) => e.event.tag === 'Sudo' && e.event.value.tag === variant);
  assert.ok(record, `${variant} deposited`);
  const { sudo_result } = record.event.value.value as { sudo_result: { tag: string; value?: unknown } };
  return sudo_result.tag === 'Ok'
    ? 'Ok'
    : describeDispatchError(fresh().runtime, sudo_result.value as DispatchErrorValue);
}

test('a call that fails after writing keeps only nonce and fee', () => {
  const chain = fresh();
  const long = 'x'.repeat(300);
  const recorded = applyOne(chain, { signer: BOB, call: registerWithIdentity(chain, long) });
  const result = applied(recorded);
  assert.equal(errorName(result), 'SubtensorModule.InvalidIdentity');
  assert.deepEqual(eventNames(result), ['System.ExtrinsicFailed']);
  assert.deepEqual(changedItems(chain.runtime, recorded.changes), [
    'System.Account', // Bob: nonce and fee
    'System.Account', // Alice, the author: the fee
    'System.ExtrinsicCount',
  ]);
  assert.equal(S.NetworksAdded.get(chain.storage, 2), false);
  assert.equal(account(chain.storage, BOB).data.free, 1_000_000n * TAO - result.fee);
});

test('Sudo.sudo_as: an inner call that fails after writing leaves neither writes nor events', () => {
  const chain = fresh();
  const sudoAs = (name: string): RuntimeCallValue =>
    chain.call('Sudo', 'sudo_as', {
      who: { tag: 'Id', value: BOB },
      call: registerWithIdentity(chain, name),
    });

  const failed = applyOne(chain, { signer: ALICE, call: sudoAs('x'.repeat(300)) });
  const result = applied(failed);
  assert.equal(result.ok, true, 'the sudo call itself succeeds');
  assert.equal(result.fee, 0n, 'sudo is Pays::No');
  assert.equal(sudoResult(result, 'SudoAsDone'), 'SubtensorModule.InvalidIdentity');
  assert.deepEqual(eventNames(result), ['Sudo.SudoAsDone', 'System.ExtrinsicSuccess']);
  // Only Alice's nonce: no subnet, no lock taken from Bob, no owner for the hotkey.
  assert.deepEqual(changedItems(chain.runtime, failed.changes), ['System.Account', 'System.ExtrinsicCount']);
  assert.equal(account(chain.storage, ALICE).nonce, 1);
  assert.equal(account(chain.storage, BOB).data.free, 1_000_000n * TAO);
  assert.equal(S.Owner.exists(chain.storage, HOTKEY), false);

  // The same inner call with a valid identity commits its writes and events.
  const ok = applied(applyOne(chain, { signer: ALICE, call: sudoAs('subnet two') }));
  assert.equal(sudoResult(ok, 'SudoAsDone'), 'Ok');
  assert.ok(eventNames(ok).includes('SubtensorModule.NetworkAdded'));
  assert.equal(S.NetworksAdded.get(chain.storage, 2), true);
  assert.ok(account(chain.storage, BOB).data.free < 1_000_000n * TAO, 'Bob paid the lock');
});

test('Sudo.sudo: a failing root call reports its module error and changes nothing but the nonce', () => {
  const chain = fresh();
  const inner = chain.call('AdminUtils', 'sudo_set_max_epochs_per_block', { max_epochs_per_block: 0 });
  const recorded = applyOne(chain, { signer: ALICE, call: chain.call('Sudo', 'sudo', { call: inner }) });
  const result = applied(recorded);
  assert.equal(sudoResult(result, 'Sudid'), 'AdminUtils.ValueNotInBounds');
  assert.deepEqual(changedItems(chain.runtime, recorded.changes), [
    'System.Account',
    'System.ExtrinsicCount',
  ]);

  // Someone other than the sudo key: the sudo call fails, Pays::No, so only the nonce moves.
  const denied = applyOne(chain, { signer: BOB, call: chain.call('Sudo', 'sudo', { call: inner }) });
  assert.equal(errorName(denied.result), 'Sudo.RequireSudo');
  assert.equal(applied(denied).fee, 0n);
  assert.deepEqual(changedItems(chain.runtime, denied.changes), ['System.Account', 'System.ExtrinsicCount']);
  assert.equal(account(chain.storage, BOB).data.free, 1_000_000n * TAO);
});

test('stale and future nonces are invalid and change nothing at all', () => {
  const chain = fresh();
  const remark = chain.call('System', 'remark', { remark: Uint8Array.of(1) });
  const stake = chain.call('SubtensorModule', 'add_stake', {
    hotkey: ALICE,
    netuid: 1,
    amount_staked: 10n ** 16n,
  });
  const block = recordedBlock(chain, [
    { signer: BOB, call: stake }, // fails, but is included: nonce 0 is used up
    { signer: BOB, call: remark, nonceSkew: -1 },
    { signer: BOB, call: remark, nonceSkew: 1 },
    { signer: BOB, call: remark, nonceSkew: 5 },
    { signer: BOB, call: remark },
  ]);
  const [failed, stale, future, farFuture, next] = block.extrinsics as RecordedExtrinsic[];
  assert.equal(errorName(failed!.result), 'SubtensorModule.NotEnoughBalanceToStake');
  for (const [recorded, reason] of [
    [stale, 'Stale'],
    [future, 'Future'],
    [farFuture, 'Future'],
  ] as const) {
    assert.ok(recorded!.result instanceof InvalidTransaction);
    assert.equal(recorded!.result.reason, reason);
    assert.equal(recorded!.changes.size, 0, `${reason}: nothing changes`);
  }
  assert.equal(next!.nonce, 1);
  assert.equal(errorName(next!.result), undefined);
  // Invalid transactions are not part of the block: two extrinsics besides the timestamp.
  assert.equal(block.events.filter((e) => e.event.tag === 'System').length, 3);
  assert.equal(account(chain.storage, BOB).nonce, 2);
});

test('Pays::No calls need no account and no fee; a tip is still charged; Pays::Yes needs an account', () => {
  const chain = fresh();
  const serve = chain.call('SubtensorModule', 'serve_axon', {
    netuid: 1,
    version: 1,
    ip: 0x0a00_0001n,
    port: 8091,
    ip_type: 4,
    protocol: 0,
    placeholder1: 0,
    placeholder2: 0,
  });
  // An unfunded, unregistered hotkey: the call is dispatched (and fails) without a fee.
  const free = applyOne(chain, { signer: HOTKEY, call: serve });
  assert.equal(errorName(free.result), 'SubtensorModule.HotKeyNotRegisteredInNetwork');
  assert.equal(applied(free).fee, 0n);
  assert.deepEqual(changedItems(chain.runtime, free.changes), ['System.Account', 'System.ExtrinsicCount']);
  assert.deepEqual(
    { nonce: account(chain.storage, HOTKEY).nonce, free: account(chain.storage, HOTKEY).data.free },
    { nonce: 1, free: 0n },
  );

  // A tip is paid even on Pays::No calls; this account cannot pay one.
  const tipped = applyOne(chain, { signer: HOTKEY, call: serve, tip: 1n });
  assert.ok(tipped.result instanceof InvalidTransaction);
  assert.equal(tipped.result.reason, 'Payment');
  assert.equal(tipped.changes.size, 0);

  // A fee-paying call from an account that does not exist is invalid.
  const stake = chain.call('SubtensorModule', 'add_stake', { hotkey: ALICE, netuid: 1, amount_staked: TAO });
  const paying = applyOne(chain, { signer: HOTKEY, call: stake });
  assert.ok(paying.result instanceof InvalidTransaction);
  assert.equal(paying.result.reason, 'Payment');
  assert.equal(paying.changes.size, 0);

  // A funded signer's tip on a Pays::No call goes to the block author.
  const aliceBefore = account(chain.storage, ALICE).data.free;
  const take = chain.call('SubtensorModule', 'decrease_take', { hotkey: ALICE, take: 1_000 });
  const withTip = applied(applyOne(chain, { signer: BOB, call: take, tip: 1_000n }));
  assert.equal(errorName(withTip), 'SubtensorModule.NonAssociatedColdKey');
  assert.equal(withTip.fee, 1_000n);
  assert.equal(account(chain.storage, BOB).data.free, 1_000_000n * TAO - 1_000n);
  assert.equal(account(chain.storage, ALICE).data.free, aliceBefore + 1_000n);
});

test('a fee the block author cannot receive is destroyed, lowering both issuances', () => {
  const chain = fresh();
  // Root empties the author's account (Alice: sudo key and author), which reaps it.
  const reap = chain.call('Balances', 'force_set_balance', {
    who: { tag: 'Id', value: ALICE },
    new_free: 0n,
  });
  applied(applyOne(chain, { signer: ALICE, call: chain.call('Sudo', 'sudo', { call: reap }) }));
  assert.equal(account(chain.storage, ALICE).data.free, 0n);

  // A tip below the existential deposit cannot open the author's account again.
  const take = chain.call('SubtensorModule', 'decrease_take', { hotkey: ALICE, take: 1_000 });
  const recorded = applyOne(chain, { signer: BOB, call: take, tip: 100n });
  assert.equal(errorName(recorded.result), 'SubtensorModule.NonAssociatedColdKey');
  assert.deepEqual(changedItems(chain.runtime, recorded.changes), [
    'Balances.TotalIssuance',
    'SubtensorModule.TotalIssuance',
    'System.Account',
    'System.ExtrinsicCount',
  ]);
  // The extrinsic's own change to each issuance (the block's emission comes before it).
  for (const item of [BalancesStorage.TotalIssuance, S.TotalIssuance]) {
    const change = recorded.changes.get(item.key());
    const read = (bytes: Uint8Array | undefined): bigint => item.get({ get: () => bytes, scan: () => [] });
    assert.equal(read(change?.after) - read(change?.before), -100n, item.meta.name);
  }
  assert.equal(account(chain.storage, ALICE).data.free, 0n);
});

test('ExtrinsicFailed carries DispatchError::Module { index, error } naming subtensor’s error', () => {
  const chain = fresh();
  const stake = chain.call('SubtensorModule', 'add_stake', {
    hotkey: ALICE,
    netuid: 1,
    amount_staked: 2_000_000n * TAO,
  });
  const result = applied(applyOne(chain, { signer: BOB, call: stake }));
  const index = SUBTENSOR_ERRORS.findIndex((e) => e.name === 'NotEnoughBalanceToStake');
  const expected = { tag: 'Module', value: { index: 7, error: Uint8Array.of(index, 0, 0, 0) } };
  assert.deepEqual(result.error?.value, expected);
  assert.equal(
    describeDispatchError(chain.runtime, expected as DispatchErrorValue),
    'SubtensorModule.NotEnoughBalanceToStake',
  );
  // As stored (SCALE) in System.Events and read back.
  const stored = chain.runtime.events
    .get(chain.storage)
    .find((e) => e.event.tag === 'System' && e.event.value.tag === 'ExtrinsicFailed');
  assert.ok(stored);
  assert.equal(stored.phase.tag, 'ApplyExtrinsic');
  assert.deepEqual((stored.event.value.value as { dispatch_error: unknown }).dispatch_error, expected);
});
