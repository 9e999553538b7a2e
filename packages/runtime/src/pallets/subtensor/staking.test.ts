import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { U64F64 } from '@tao-ts/primitives';
import { DispatchError } from '../../frame/dispatch.js';
import type { ApplyResult } from '../../frame/executive.js';
import type { InvalidTransaction } from '../../frame/dispatch.js';
import type { ReadableStorage } from '../../storage/kv.js';
import { errorName, type TestChain } from '../../testing/chain.js';
import type { AccountId } from '../../types/substrate.js';
import { BalancesStorage, EXISTENTIAL_DEPOSIT, freeBalance } from '../balances.js';
import {
  DEFAULT_MIN_STAKE,
  LastColdkeyHotkeyStakeBlock,
  alphaStake,
  doRemoveStake,
  increaseStakeForHotkeyAndColdkeyOnSubnet,
  increaseStakeForHotkeyOnSubnet,
  stakeWeightOf,
  totalHotkeyAlpha,
} from './staking.js';
import { S } from './storage.js';
import {
  ALICE,
  BOB,
  CHARLIE,
  DAVE,
  addSubnet,
  contextFor,
  key,
  newChain,
  registerNeuron,
} from './weights-test-support.js';

const NET = 2;
const TAO = 1_000_000_000n;
const HK = key(1);
const HK2 = key(2);

function setup(): TestChain {
  const chain = newChain();
  // Stop the dev subnet's emission (as before start_call) so TotalStake and issuance move only
  // with the stake these tests add and remove.
  S.FirstEmissionBlockNumber.remove(chain.storage, 1);
  addSubnet(chain.storage, NET);
  registerNeuron(chain.storage, NET, HK, ALICE);
  registerNeuron(chain.storage, NET, HK2, DAVE);
  return chain;
}

type Result = ApplyResult | InvalidTransaction;

const addStake = (
  chain: TestChain,
  coldkey: AccountId,
  hotkey: AccountId,
  amount: bigint,
  netuid = NET,
): Result =>
  chain.exec(coldkey, chain.call('SubtensorModule', 'add_stake', { hotkey, netuid, amount_staked: amount }));

const removeStake = (
  chain: TestChain,
  coldkey: AccountId,
  hotkey: AccountId,
  amount: bigint,
  netuid = NET,
): Result =>
  chain.exec(
    coldkey,
    chain.call('SubtensorModule', 'remove_stake', { hotkey, netuid, amount_unstaked: amount }),
  );

const setTake = (
  chain: TestChain,
  name: 'decrease_take' | 'increase_take',
  coldkey: AccountId,
  hotkey: AccountId,
  take: number,
): Result => chain.exec(coldkey, chain.call('SubtensorModule', name, { hotkey, take }));

function subtensorEvents(result: Result, name: string): unknown[] {
  assert.ok('events' in result, 'the extrinsic was applied');
  return result.events
    .filter((e) => e.event.tag === 'SubtensorModule' && e.event.value.tag === name)
    .map((e) => e.event.value.value);
}

const fee = (result: Result): bigint => ('fee' in result ? result.fee : 0n);

/** TAO is conserved: all TAO in existence is on balances or staked (plus subnet locks). */
function conservationGap(storage: ReadableStorage): bigint {
  let locks = 0n;
  for (const [, locked] of S.SubnetLocked.entries(storage)) locks += locked;
  return (
    S.TotalIssuance.get(storage) -
    (BalancesStorage.TotalIssuance.get(storage) + S.TotalStake.get(storage) + locks)
  );
}

test('add_stake moves TAO from the coldkey into the subnet and credits alpha 1:1', () => {
  const chain = setup();
  const before = freeBalance(chain.storage, BOB);
  const issuance = S.TotalIssuance.get(chain.storage);
  const balancesIssuance = BalancesStorage.TotalIssuance.get(chain.storage);
  const amount = 10n * TAO;
  const r = addStake(chain, BOB, HK, amount);
  assert.equal(errorName(r), undefined);
  assert.equal(freeBalance(chain.storage, BOB), before - amount - fee(r));
  assert.equal(BalancesStorage.TotalIssuance.get(chain.storage), balancesIssuance - amount);
  assert.equal(S.TotalIssuance.get(chain.storage), issuance);
  assert.equal(S.SubnetTAO.get(chain.storage, NET), amount);
  assert.equal(S.TotalStake.get(chain.storage), amount);
  assert.equal(S.SubnetAlphaOut.get(chain.storage, NET), amount);
  assert.equal(S.SubnetAlphaIn.get(chain.storage, NET), 0n);
  assert.equal(totalHotkeyAlpha(chain.storage, HK, NET), amount);
  assert.equal(stakeWeightOf(chain.storage, HK, NET), amount);
  assert.equal(alphaStake(chain.storage, HK, BOB, NET), amount);
  assert.equal(S.Alpha.get(chain.storage, HK, BOB, NET), U64F64.fromInt(amount));
  assert.equal(S.TotalHotkeyShares.get(chain.storage, HK, NET), U64F64.fromInt(amount));
  assert.deepEqual(S.StakingHotkeys.get(chain.storage, BOB), [HK]);
  assert.equal(LastColdkeyHotkeyStakeBlock.tryGet(chain.storage, BOB, HK), chain.number);
  assert.deepEqual(subtensorEvents(r, 'StakeAdded'), [[BOB, HK, amount, amount, NET, 0n]]);
  assert.equal(conservationGap(chain.storage), 0n);
  // A second stake on another hotkey extends StakingHotkeys once.
  addStake(chain, BOB, HK2, 3n * TAO);
  addStake(chain, BOB, HK2, 3n * TAO);
  assert.deepEqual(S.StakingHotkeys.get(chain.storage, BOB), [HK, HK2]);
});

test('add_stake errors, in subtensor order', () => {
  const chain = setup();
  // SubnetNotExists comes before every other check (the subtoken flag is not even consulted).
  assert.equal(errorName(addStake(chain, BOB, key(99), 1n, 77)), 'SubtensorModule.SubnetNotExists');
  S.SubtokenEnabled.set(chain.storage, false, NET);
  assert.equal(errorName(addStake(chain, BOB, key(99), 1n)), 'SubtensorModule.SubtokenDisabled');
  S.SubtokenEnabled.set(chain.storage, true, NET);
  assert.equal(
    errorName(addStake(chain, BOB, key(99), DEFAULT_MIN_STAKE - 1n)),
    'SubtensorModule.AmountTooLow',
  );
  const tooMuch = freeBalance(chain.storage, BOB) + 1n;
  assert.equal(errorName(addStake(chain, BOB, key(99), tooMuch)), 'SubtensorModule.NotEnoughBalanceToStake');
  assert.equal(
    errorName(addStake(chain, BOB, key(99), DEFAULT_MIN_STAKE)),
    'SubtensorModule.HotKeyAccountNotExists',
  );
  assert.equal(errorName(addStake(chain, BOB, HK, DEFAULT_MIN_STAKE)), undefined);
  assert.equal(S.SubnetTAO.get(chain.storage, NET), DEFAULT_MIN_STAKE);
  assert.equal(conservationGap(chain.storage), 0n);
});

test('add_stake of the whole balance keeps the existential deposit on the coldkey', () => {
  const chain = setup();
  // Charlie's fee is charged before the call: stake what remains after it.
  const probe = addStake(chain, CHARLIE, HK, 2n * TAO);
  const all = freeBalance(chain.storage, CHARLIE) - fee(probe);
  const r = addStake(chain, CHARLIE, HK, all);
  assert.equal(errorName(r), undefined);
  assert.equal(freeBalance(chain.storage, CHARLIE), EXISTENTIAL_DEPOSIT);
  const staked = all - EXISTENTIAL_DEPOSIT;
  assert.deepEqual(subtensorEvents(r, 'StakeAdded'), [[CHARLIE, HK, staked, staked, NET, 0n]]);
  assert.equal(alphaStake(chain.storage, HK, CHARLIE, NET), 2n * TAO + staked);
  assert.equal(conservationGap(chain.storage), 0n);
});

test('remove_stake returns the TAO: a round trip costs only the fees', () => {
  const chain = setup();
  const before = freeBalance(chain.storage, BOB);
  const a = addStake(chain, BOB, HK, 7n * TAO);
  const b = removeStake(chain, BOB, HK, 3n * TAO);
  assert.equal(errorName(b), undefined);
  assert.deepEqual(subtensorEvents(b, 'StakeRemoved'), [[BOB, HK, 3n * TAO, 3n * TAO, NET, 0n]]);
  assert.equal(alphaStake(chain.storage, HK, BOB, NET), 4n * TAO);
  // Asking for more than is held unstakes everything held.
  const c = removeStake(chain, BOB, HK, 100n * TAO);
  assert.equal(errorName(c), undefined);
  assert.deepEqual(subtensorEvents(c, 'StakeRemoved'), [[BOB, HK, 4n * TAO, 4n * TAO, NET, 0n]]);
  assert.equal(freeBalance(chain.storage, BOB), before - fee(a) - fee(b) - fee(c));
  assert.equal(S.SubnetTAO.get(chain.storage, NET), 0n);
  assert.equal(S.TotalStake.get(chain.storage), 0n);
  assert.equal(S.SubnetAlphaOut.get(chain.storage, NET), 0n);
  assert.equal(S.Alpha.exists(chain.storage, HK, BOB, NET), false);
  assert.equal(S.TotalHotkeyShares.exists(chain.storage, HK, NET), false);
  assert.equal(S.TotalHotkeyAlpha.exists(chain.storage, HK, NET), false);
  // subtensor keeps the hotkey in StakingHotkeys after a full unstake.
  assert.deepEqual(S.StakingHotkeys.get(chain.storage, BOB), [HK]);
  assert.equal(conservationGap(chain.storage), 0n);
});

test('remove_stake_full_limit takes everything held at dispatch, or nothing above the price', () => {
  const chain = setup();
  const full = (limit_price: bigint | undefined): Result =>
    chain.exec(
      BOB,
      chain.call('SubtensorModule', 'remove_stake_full_limit', { hotkey: HK, netuid: NET, limit_price }),
    );
  addStake(chain, BOB, HK, 5n * TAO);
  const before = freeBalance(chain.storage, BOB);
  // A price above the 1:1 swap refuses the whole call.
  const refused = full(TAO + 1n);
  assert.equal(errorName(refused), 'SubtensorModule.SlippageTooHigh');
  assert.equal(alphaStake(chain.storage, HK, BOB, NET), 5n * TAO);
  assert.equal(freeBalance(chain.storage, BOB), before - fee(refused));
  const taken = full(TAO);
  assert.equal(errorName(taken), undefined);
  assert.deepEqual(subtensorEvents(taken, 'StakeRemoved'), [[BOB, HK, 5n * TAO, 5n * TAO, NET, 0n]]);
  assert.equal(alphaStake(chain.storage, HK, BOB, NET), 0n);
  // Nothing left: nothing to unstake, with or without a limit.
  assert.equal(errorName(full(undefined)), 'SubtensorModule.AmountTooLow');
  assert.equal(errorName(full(TAO * 2n)), 'SubtensorModule.AmountTooLow');
  addStake(chain, BOB, HK, 2n * TAO);
  assert.equal(errorName(full(undefined)), undefined);
  assert.equal(alphaStake(chain.storage, HK, BOB, NET), 0n);
  assert.equal(conservationGap(chain.storage), 0n);
});

test('remove_stake errors, in subtensor order', () => {
  const chain = setup();
  S.SubtokenEnabled.set(chain.storage, false, NET);
  assert.equal(errorName(removeStake(chain, BOB, HK, TAO)), 'SubtensorModule.SubtokenDisabled');
  // The subtoken check comes first: an unknown subnet reports SubtokenDisabled too.
  assert.equal(errorName(removeStake(chain, BOB, HK, TAO, 77)), 'SubtensorModule.SubtokenDisabled');
  S.SubtokenEnabled.set(chain.storage, true, 77);
  assert.equal(errorName(removeStake(chain, BOB, HK, TAO, 77)), 'SubtensorModule.SubnetNotExists');
  S.SubtokenEnabled.set(chain.storage, true, NET);
  // Nothing staked: the request is capped to 0.
  assert.equal(errorName(removeStake(chain, BOB, HK, TAO)), 'SubtensorModule.AmountTooLow');
  addStake(chain, BOB, HK, 5n * TAO);
  assert.equal(errorName(removeStake(chain, BOB, HK, 0n)), 'SubtensorModule.AmountTooLow');
  // A partial unstake below the minimum is refused...
  assert.equal(
    errorName(removeStake(chain, BOB, HK, DEFAULT_MIN_STAKE - 1n)),
    'SubtensorModule.AmountTooLow',
  );
  assert.equal(errorName(removeStake(chain, BOB, HK, 5n * TAO - DEFAULT_MIN_STAKE / 2n)), undefined);
  // ...but taking out everything is always allowed, however little.
  assert.equal(errorName(removeStake(chain, BOB, HK, DEFAULT_MIN_STAKE / 2n)), undefined);
  assert.equal(alphaStake(chain.storage, HK, BOB, NET), 0n);
  // Stake on a hotkey nobody owns (credited directly, as emission could).
  increaseStakeForHotkeyAndColdkeyOnSubnet(chain.storage, key(77), BOB, NET, TAO);
  S.SubnetTAO.update(chain.storage, [NET], (v) => v + TAO);
  assert.equal(errorName(removeStake(chain, BOB, key(77), TAO)), 'SubtensorModule.HotKeyAccountNotExists');
});

test('remove_stake to a coldkey that cannot hold the payout fails with BelowMinimum and changes nothing', () => {
  const chain = setup();
  const poor = key(500);
  increaseStakeForHotkeyAndColdkeyOnSubnet(chain.storage, HK, poor, NET, 100n);
  const ctx = contextFor(chain);
  assert.throws(
    () => doRemoveStake(ctx, poor, HK, NET, 100n),
    (e: unknown) => e instanceof DispatchError && e.errorName === 'Token.BelowMinimum',
  );
  assert.equal(alphaStake(chain.storage, HK, poor, NET), 100n);
});

test('dividends paid into a hotkey pool raise every nominator pro rata', () => {
  const chain = setup();
  addStake(chain, BOB, HK, 3n * TAO);
  addStake(chain, CHARLIE, HK, TAO);
  // The coinbase pays dividends as pool value backed by subnet TAO.
  increaseStakeForHotkeyOnSubnet(chain.storage, HK, NET, 4n * TAO);
  S.SubnetTAO.update(chain.storage, [NET], (v) => v + 4n * TAO);
  S.TotalStake.update(chain.storage, [], (v) => v + 4n * TAO);
  S.SubnetAlphaOut.update(chain.storage, [NET], (v) => v + 4n * TAO);
  S.TotalIssuance.update(chain.storage, [], (v) => v + 4n * TAO);
  assert.equal(alphaStake(chain.storage, HK, BOB, NET), 6n * TAO);
  assert.equal(alphaStake(chain.storage, HK, CHARLIE, NET), 2n * TAO);
  assert.equal(totalHotkeyAlpha(chain.storage, HK, NET), 8n * TAO);
  // A later staker buys in at the new price and gets exactly what it paid.
  addStake(chain, DAVE, HK, 2n * TAO);
  assert.equal(alphaStake(chain.storage, HK, DAVE, NET), 2n * TAO);
  assert.equal(alphaStake(chain.storage, HK, BOB, NET), 6n * TAO);
  const r = removeStake(chain, CHARLIE, HK, 2n * TAO);
  assert.deepEqual(subtensorEvents(r, 'StakeRemoved'), [[CHARLIE, HK, 2n * TAO, 2n * TAO, NET, 0n]]);
  // Minting shares for the owner's take credits exactly that alpha.
  assert.equal(increaseStakeForHotkeyAndColdkeyOnSubnet(chain.storage, HK, ALICE, NET, 5n), 5n);
  assert.ok(S.StakingHotkeys.get(chain.storage, ALICE).some((h) => Buffer.from(h).equals(HK)));
  assert.equal(conservationGap(chain.storage), 0n);
});

test('a nominator left below NominatorMinRequiredStake is unstaked entirely; the owner is not', () => {
  const chain = setup();
  // Per million of DefaultMinStake: 5 × 0.002 TAO = 0.01 TAO.
  S.NominatorMinRequiredStake.set(chain.storage, 5_000_000n);
  addStake(chain, CHARLIE, HK, 12_000_000n);
  const r = removeStake(chain, CHARLIE, HK, 2_500_000n);
  assert.equal(errorName(r), undefined);
  assert.deepEqual(subtensorEvents(r, 'StakeRemoved'), [
    [CHARLIE, HK, 2_500_000n, 2_500_000n, NET, 0n],
    [CHARLIE, HK, 9_500_000n, 9_500_000n, NET, 0n],
  ]);
  assert.equal(alphaStake(chain.storage, HK, CHARLIE, NET), 0n);
  addStake(chain, ALICE, HK, 12_000_000n);
  removeStake(chain, ALICE, HK, 2_500_000n);
  assert.equal(alphaStake(chain.storage, HK, ALICE, NET), 9_500_000n);
  assert.equal(conservationGap(chain.storage), 0n);
});

test('decrease_take and increase_take: bounds, ownership, strict direction and the rate limit', () => {
  const chain = setup();
  S.MinDelegateTake.set(chain.storage, 100);
  assert.equal(
    errorName(setTake(chain, 'decrease_take', ALICE, HK, 50)),
    'SubtensorModule.DelegateTakeTooLow',
  );
  assert.equal(
    errorName(setTake(chain, 'increase_take', ALICE, HK, 20_000)),
    'SubtensorModule.DelegateTakeTooHigh',
  );
  assert.equal(
    errorName(setTake(chain, 'decrease_take', ALICE, key(99), 1000)),
    'SubtensorModule.HotKeyAccountNotExists',
  );
  assert.equal(
    errorName(setTake(chain, 'decrease_take', BOB, HK, 1000)),
    'SubtensorModule.NonAssociatedColdKey',
  );
  assert.equal(
    errorName(setTake(chain, 'increase_take', BOB, HK, 1000)),
    'SubtensorModule.NonAssociatedColdKey',
  );

  const r = setTake(chain, 'decrease_take', ALICE, HK, 1000);
  assert.equal(errorName(r), undefined);
  assert.equal(fee(r), 0n);
  assert.deepEqual(subtensorEvents(r, 'TakeDecreased'), [[ALICE, HK, 1000]]);
  assert.equal(S.Delegates.get(chain.storage, HK), 1000);
  const changed = chain.number;
  assert.equal(S.LastTxBlockDelegateTake.get(chain.storage, HK), changed);
  // Decreases must strictly decrease, increases strictly increase.
  assert.equal(
    errorName(setTake(chain, 'decrease_take', ALICE, HK, 1000)),
    'SubtensorModule.DelegateTakeTooLow',
  );
  assert.equal(
    errorName(setTake(chain, 'increase_take', ALICE, HK, 1000)),
    'SubtensorModule.DelegateTakeTooLow',
  );
  // The decrease started the increase rate limit (216_000 blocks by default).
  assert.equal(
    errorName(setTake(chain, 'increase_take', ALICE, HK, 2000)),
    'SubtensorModule.DelegateTxRateLimitExceeded',
  );
  S.TxDelegateTakeRateLimit.set(chain.storage, 5n);
  while (chain.number < changed + 4n) chain.block();
  // Still within the limit when elapsed == limit.
  assert.equal(
    errorName(setTake(chain, 'increase_take', ALICE, HK, 2000)),
    'SubtensorModule.DelegateTxRateLimitExceeded',
  );
  assert.equal(chain.number, changed + 5n);
  const up = setTake(chain, 'increase_take', ALICE, HK, 2000);
  assert.equal(errorName(up), undefined);
  assert.deepEqual(subtensorEvents(up, 'TakeIncreased'), [[ALICE, HK, 2000]]);
  assert.equal(S.Delegates.get(chain.storage, HK), 2000);
  // A hotkey whose take was never stored has no direction constraint and no rate limit yet.
  S.MaxDelegateTake.set(chain.storage, 12_000);
  assert.equal(errorName(setTake(chain, 'increase_take', DAVE, HK2, 12_000)), undefined);
  assert.equal(errorName(setTake(chain, 'decrease_take', DAVE, HK2, 11_000)), undefined);
});

type StakeOp = { add: boolean; who: number; hot: number; amount: bigint };

test('property: random add/remove sequences conserve TAO, keep shares consistent and never over-withdraw', () => {
  const coldkeys = [BOB, CHARLIE, DAVE];
  const hotkeys = [HK, HK2];
  const ops = fc.array(
    fc.record({
      add: fc.boolean(),
      who: fc.integer({ min: 0, max: 2 }),
      hot: fc.integer({ min: 0, max: 1 }),
      amount: fc.oneof(fc.bigInt({ min: 0n, max: 5_000_000n }), fc.bigInt({ min: 0n, max: 50n * TAO })),
    }),
    { minLength: 1, maxLength: 8 },
  );
  fc.assert(
    fc.property(ops, fc.boolean(), (sequence: StakeOp[], dividends) => {
      const chain = setup();
      for (const { add, who, hot, amount } of sequence) {
        const coldkey = coldkeys[who] as AccountId;
        const hotkey = hotkeys[hot] as AccountId;
        const held = alphaStake(chain.storage, hotkey, coldkey, NET);
        const r = add
          ? addStake(chain, coldkey, hotkey, amount)
          : removeStake(chain, coldkey, hotkey, amount);
        if (!add && errorName(r) === undefined) {
          const [[, , tao, alpha]] = subtensorEvents(r, 'StakeRemoved') as [
            [unknown, unknown, bigint, bigint],
          ];
          assert.ok(alpha <= held && tao <= held, `withdrew ${alpha} with ${held} held`);
          assert.equal(alphaStake(chain.storage, hotkey, coldkey, NET), held - alpha);
        }
        if (dividends) {
          increaseStakeForHotkeyOnSubnet(chain.storage, hotkey, NET, 1_234_567n);
          S.SubnetTAO.update(chain.storage, [NET], (v) => v + 1_234_567n);
          S.TotalStake.update(chain.storage, [], (v) => v + 1_234_567n);
          S.SubnetAlphaOut.update(chain.storage, [NET], (v) => v + 1_234_567n);
          S.TotalIssuance.update(chain.storage, [], (v) => v + 1_234_567n);
        }
        assert.equal(conservationGap(chain.storage), 0n);
        let staked = 0n;
        for (const h of hotkeys) {
          let shares = 0n;
          let values = 0n;
          for (const c of coldkeys) {
            const s = S.Alpha.get(chain.storage, h, c, NET);
            assert.ok(s >= 0n);
            shares += s;
            values += alphaStake(chain.storage, h, c, NET);
          }
          assert.equal(shares, S.TotalHotkeyShares.get(chain.storage, h, NET));
          assert.ok(values <= totalHotkeyAlpha(chain.storage, h, NET));
          staked += totalHotkeyAlpha(chain.storage, h, NET);
        }
        assert.ok(staked <= S.SubnetAlphaOut.get(chain.storage, NET));
        assert.equal(S.SubnetAlphaOut.get(chain.storage, NET), S.SubnetTAO.get(chain.storage, NET));
      }
    }),
    { numRuns: 25 },
  );
});
