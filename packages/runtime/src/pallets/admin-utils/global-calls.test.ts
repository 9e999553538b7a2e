/**
 * AdminUtils' chain-wide setters (root only, no freeze window), its deprecated stubs, the
 * precompile switch, the call surface against subtensor's, and listHyperparameters.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { StorageItem } from '../../storage/items.js';
import { S } from '../subtensor/storage.js';
import { adminUtils, listHyperparameters } from '../admin-utils.js';
import { devAccount } from '../../genesis.js';
import type { AccountId } from '../../types/substrate.js';
import { freeBalance } from '../balances.js';
import { alphaStake } from '../subtensor/staking.js';
import { AdminUtilsStorage } from './defs.js';
import { ALICE, BOB, events, freeze, freshChain, signedAs, sudo } from './test-helpers.js';

interface GlobalCase {
  readonly call: string;
  readonly arg: string;
  readonly value: number | bigint;
  readonly item: StorageItem<[], number> | StorageItem<[], bigint>;
  readonly event?: string;
  readonly invalid?: readonly { value: number | bigint; error: string }[];
}

const TAO = 1_000_000_000n;

const GLOBAL_CASES: readonly GlobalCase[] = [
  {
    call: 'sudo_set_default_take',
    arg: 'default_take',
    value: 5000,
    item: S.MaxDelegateTake,
    event: 'MaxDelegateTakeSet',
  },
  {
    call: 'sudo_set_tx_rate_limit',
    arg: 'tx_rate_limit',
    value: 11n,
    item: S.TxRateLimit,
    event: 'TxRateLimitSet',
  },
  {
    call: 'sudo_set_subnet_owner_cut',
    arg: 'subnet_owner_cut',
    value: 1234,
    item: S.SubnetOwnerCut,
    event: 'SubnetOwnerCutSet',
  },
  {
    call: 'sudo_set_network_rate_limit',
    arg: 'rate_limit',
    value: 99n,
    item: S.NetworkRateLimit,
    event: 'NetworkRateLimitSet',
  },
  {
    call: 'sudo_set_network_immunity_period',
    arg: 'immunity_period',
    value: 555n,
    item: S.NetworkImmunityPeriod,
    event: 'NetworkImmunityPeriodSet',
  },
  {
    call: 'sudo_set_network_min_lock_cost',
    arg: 'lock_cost',
    value: 7n * TAO,
    item: S.NetworkMinLockCost,
    event: 'NetworkMinLockCostSet',
  },
  {
    call: 'sudo_set_subnet_limit',
    arg: 'max_subnets',
    value: 12,
    item: S.SubnetLimit,
    event: 'SubnetLimitSet',
  },
  {
    call: 'sudo_set_lock_reduction_interval',
    arg: 'interval',
    value: 1000n,
    item: S.NetworkLockReductionInterval,
    event: 'NetworkLockCostReductionIntervalSet',
  },
  {
    call: 'sudo_set_stake_threshold',
    arg: 'min_stake',
    value: 10n,
    item: S.StakeThreshold,
    event: 'StakeThresholdSet',
  },
  {
    call: 'sudo_set_nominator_min_required_stake',
    arg: 'min_stake',
    value: 10n,
    item: S.NominatorMinRequiredStake,
  },
  {
    call: 'sudo_set_tx_delegate_take_rate_limit',
    arg: 'tx_rate_limit',
    value: 3n,
    item: S.TxDelegateTakeRateLimit,
    event: 'TxDelegateTakeRateLimitSet',
  },
  {
    call: 'sudo_set_min_delegate_take',
    arg: 'take',
    value: 100,
    item: S.MinDelegateTake,
    event: 'MinDelegateTakeSet',
  },
  {
    call: 'sudo_set_commit_reveal_version',
    arg: 'version',
    value: 5,
    item: S.CommitRevealWeightsVersion,
    event: 'CommitRevealVersionSet',
  },
  {
    call: 'sudo_set_admin_freeze_window',
    arg: 'window',
    value: 3,
    item: S.AdminFreezeWindow,
    event: 'AdminFreezeWindowSet',
  },
  {
    call: 'sudo_set_owner_hparam_rate_limit',
    arg: 'epochs',
    value: 7,
    item: S.OwnerHyperparamRateLimit,
    event: 'OwnerHyperparamRateLimitSet',
  },
  {
    call: 'sudo_set_start_call_delay',
    arg: 'delay',
    value: 42n,
    item: S.StartCallDelay,
    event: 'StartCallDelaySet',
  },
  {
    call: 'sudo_set_max_epochs_per_block',
    arg: 'max_epochs_per_block',
    value: 5,
    item: S.MaxEpochsPerBlock,
    event: 'MaxEpochsPerBlockSet',
    invalid: [{ value: 0, error: 'AdminUtils.ValueNotInBounds' }],
  },
];

for (const c of GLOBAL_CASES) {
  test(`${c.call} is root only, ignores the freeze window and emits its event`, () => {
    const chain = freshChain();
    const at = (value: number | bigint) => chain.call('AdminUtils', c.call, { [c.arg]: value });
    const initial = c.item.get(chain.storage);
    // The subnet owner is no root for chain-wide parameters.
    assert.equal(signedAs(chain, BOB, at(c.value)), 'BadOrigin');
    assert.equal(signedAs(chain, ALICE, at(c.value)), 'BadOrigin');
    for (const bad of c.invalid ?? []) assert.equal(sudo(chain, at(bad.value)).error, bad.error);
    assert.equal(c.item.get(chain.storage), initial);
    freeze(chain, 1);
    const done = sudo(chain, at(c.value));
    assert.equal(done.error, undefined);
    // Setting the freeze window itself is what the value reads back as; everything else is exact.
    assert.equal(c.item.get(chain.storage), c.value);
    if (c.event !== undefined) assert.ok(events(done.result).includes(`SubtensorModule.${c.event}`));
  });
}

test('raising the nominator minimum unstakes the nominations below it, back to their coldkeys', () => {
  const chain = freshChain();
  const [charlie, dave] = [devAccount('Charlie'), devAccount('Dave')];
  const st = (name: string, args: object) => chain.call('SubtensorModule', name, args);
  assert.equal(signedAs(chain, BOB, st('burned_register', { netuid: 1, hotkey: BOB })), undefined);
  const stake = (who: AccountId, amount: bigint) =>
    signedAs(chain, who, st('add_stake', { hotkey: BOB, netuid: 1, amount_staked: amount }));
  assert.equal(stake(BOB, TAO / 2n), undefined);
  assert.equal(stake(charlie, TAO), undefined);
  assert.equal(stake(dave, 10n * TAO), undefined);
  const held = (who: AccountId) => alphaStake(chain.storage, BOB, who, 1);
  const charlieFree = freeBalance(chain.storage, charlie);
  const at = (min_stake: bigint) =>
    chain.call('AdminUtils', 'sudo_set_nominator_min_required_stake', { min_stake });
  // Per million of DefaultMinStake (0.002 TAO): 1e9 → 2 TAO.
  assert.equal(sudo(chain, at(1_000_000_000n)).error, undefined);
  assert.equal(held(charlie), 0n, 'the 1 TAO nomination is cleared');
  assert.equal(freeBalance(chain.storage, charlie), charlieFree + TAO, 'and paid back');
  assert.equal(held(dave), 10n * TAO);
  assert.equal(held(BOB), TAO / 2n, "the hotkey owner's own stake stays");
  // Lowering it (or setting the same value) clears nothing.
  assert.equal(stake(charlie, TAO), undefined);
  assert.equal(sudo(chain, at(1_000_000_000n)).error, undefined);
  assert.equal(sudo(chain, at(1n)).error, undefined);
  assert.equal(held(charlie), TAO);
});

test('sudo_set_total_issuance is deprecated for everyone', () => {
  const chain = freshChain();
  const inner = chain.call('AdminUtils', 'sudo_set_total_issuance', { total_issuance: 1n });
  assert.equal(sudo(chain, inner).error, 'AdminUtils.Deprecated');
  assert.equal(signedAs(chain, BOB, inner), 'AdminUtils.Deprecated');
});

test('sudo_toggle_evm_precompile writes and announces changes only', () => {
  const chain = freshChain();
  const staking = { tag: 'Staking', value: undefined } as const;
  const at = (enabled: boolean) =>
    chain.call('AdminUtils', 'sudo_toggle_evm_precompile', { precompile_id: staking, enabled });
  assert.equal(signedAs(chain, BOB, at(false)), 'BadOrigin');
  const off = sudo(chain, at(false));
  assert.ok(events(off.result).includes('AdminUtils.PrecompileUpdated'));
  assert.equal(AdminUtilsStorage.PrecompileEnable.get(chain.storage, staking), false);
  const again = sudo(chain, at(false));
  assert.equal(again.error, undefined);
  assert.ok(!events(again.result).includes('AdminUtils.PrecompileUpdated'));
  assert.equal(
    AdminUtilsStorage.PrecompileEnable.get(chain.storage, { tag: 'Alpha', value: undefined }),
    true,
  );
});

/** subtensor's admin-utils calls at HEAD that tao-ts implements: [index, name, argument names]. */
const SURFACE: readonly (readonly [number, string, readonly string[]])[] = [
  [1, 'sudo_set_default_take', ['default_take']],
  [2, 'sudo_set_tx_rate_limit', ['tx_rate_limit']],
  [3, 'sudo_set_serving_rate_limit', ['netuid', 'serving_rate_limit']],
  [4, 'sudo_set_min_difficulty', ['netuid', 'min_difficulty']],
  [5, 'sudo_set_max_difficulty', ['netuid', 'max_difficulty']],
  [6, 'sudo_set_weights_version_key', ['netuid', 'weights_version_key']],
  [7, 'sudo_set_weights_set_rate_limit', ['netuid', 'weights_set_rate_limit']],
  [8, 'sudo_set_adjustment_interval', ['netuid', 'adjustment_interval']],
  [9, 'sudo_set_adjustment_alpha', ['netuid', 'adjustment_alpha']],
  [13, 'sudo_set_immunity_period', ['netuid', 'immunity_period']],
  [14, 'sudo_set_min_allowed_weights', ['netuid', 'min_allowed_weights']],
  [15, 'sudo_set_max_allowed_uids', ['netuid', 'max_allowed_uids']],
  [16, 'sudo_set_kappa', ['netuid', 'kappa']],
  [17, 'sudo_set_rho', ['netuid', 'rho']],
  [18, 'sudo_set_activity_cutoff', ['netuid', 'activity_cutoff']],
  [19, 'sudo_set_network_registration_allowed', ['netuid', 'registration_allowed']],
  [20, 'sudo_set_network_pow_registration_allowed', ['netuid', 'registration_allowed']],
  [21, 'sudo_set_target_registrations_per_interval', ['netuid', 'target_registrations_per_interval']],
  [22, 'sudo_set_min_burn', ['netuid', 'min_burn']],
  [23, 'sudo_set_max_burn', ['netuid', 'max_burn']],
  [24, 'sudo_set_difficulty', ['netuid', 'difficulty']],
  [25, 'sudo_set_max_allowed_validators', ['netuid', 'max_allowed_validators']],
  [26, 'sudo_set_bonds_moving_average', ['netuid', 'bonds_moving_average']],
  [27, 'sudo_set_max_registrations_per_block', ['netuid', 'max_registrations_per_block']],
  [28, 'sudo_set_subnet_owner_cut', ['subnet_owner_cut']],
  [29, 'sudo_set_network_rate_limit', ['rate_limit']],
  [30, 'sudo_set_tempo', ['netuid', 'tempo']],
  [33, 'sudo_set_total_issuance', ['total_issuance']],
  [35, 'sudo_set_network_immunity_period', ['immunity_period']],
  [36, 'sudo_set_network_min_lock_cost', ['lock_cost']],
  [37, 'sudo_set_subnet_limit', ['max_subnets']],
  [38, 'sudo_set_lock_reduction_interval', ['interval']],
  [39, 'sudo_set_rao_recycled', ['netuid', 'rao_recycled']],
  [42, 'sudo_set_stake_threshold', ['min_stake']],
  [43, 'sudo_set_nominator_min_required_stake', ['min_stake']],
  [45, 'sudo_set_tx_delegate_take_rate_limit', ['tx_rate_limit']],
  [46, 'sudo_set_min_delegate_take', ['take']],
  [49, 'sudo_set_commit_reveal_weights_enabled', ['netuid', 'enabled']],
  [50, 'sudo_set_liquid_alpha_enabled', ['netuid', 'enabled']],
  [51, 'sudo_set_alpha_values', ['netuid', 'alpha_low', 'alpha_high']],
  [57, 'sudo_set_commit_reveal_weights_interval', ['netuid', 'interval']],
  [60, 'sudo_set_bonds_penalty', ['netuid', 'bonds_penalty']],
  [61, 'sudo_set_toggle_transfer', ['netuid', 'toggle']],
  [62, 'sudo_toggle_evm_precompile', ['precompile_id', 'enabled']],
  [66, 'sudo_set_subtoken_enabled', ['netuid', 'subtoken_enabled']],
  [68, 'sudo_set_alpha_sigmoid_steepness', ['netuid', 'steepness']],
  [69, 'sudo_set_yuma3_enabled', ['netuid', 'enabled']],
  [70, 'sudo_set_bonds_reset_enabled', ['netuid', 'enabled']],
  [71, 'sudo_set_commit_reveal_version', ['version']],
  [72, 'sudo_set_owner_immune_neuron_limit', ['netuid', 'immune_neurons']],
  [74, 'sudo_set_admin_freeze_window', ['window']],
  [75, 'sudo_set_owner_hparam_rate_limit', ['epochs']],
  [79, 'sudo_set_min_allowed_uids', ['netuid', 'min_allowed_uids']],
  [84, 'sudo_set_min_non_immune_uids', ['netuid', 'min']],
  [85, 'sudo_set_start_call_delay', ['delay']],
  [89, 'sudo_set_burn_half_life', ['netuid', 'burn_half_life']],
  [90, 'sudo_set_burn_increase_mult', ['netuid', 'burn_increase_mult']],
  [92, 'sudo_set_owner_cut_enabled', ['netuid', 'enabled']],
  [94, 'sudo_set_subnet_emission_enabled', ['netuid', 'enabled']],
  [95, 'sudo_set_owner_cut_auto_lock_enabled', ['netuid', 'enabled']],
  [96, 'sudo_set_max_epochs_per_block', ['max_epochs_per_block']],
];

test('the call surface matches subtensor: indices, names, argument names', () => {
  const calls = (adminUtils.spec.calls ?? []).map(
    (c) => [c.index, c.name, c.args.map(([name]) => name)] as const,
  );
  assert.deepEqual(calls, SURFACE);
  const operational = (adminUtils.spec.calls ?? [])
    .filter((c) => c.dispatchClass === 'Operational')
    .map((c) => c.index);
  assert.deepEqual(operational, [89, 90, 92, 95]);
  assert.ok((adminUtils.spec.calls ?? []).every((c) => (c.pays ?? 'Yes') === 'Yes'));
});

test('listHyperparameters reports every subnet hyperparameter under subtensor names', () => {
  const chain = freshChain();
  assert.equal(
    sudo(chain, chain.call('AdminUtils', 'sudo_set_kappa', { netuid: 1, kappa: 12_345 })).error,
    undefined,
  );
  const list = listHyperparameters(chain.storage, 1);
  const byName = new Map(list.map((e) => [e.name, e]));
  assert.equal(byName.size, list.length, 'names are unique');
  assert.equal(byName.get('kappa')?.value, 12_345);
  assert.equal(byName.get('tempo')?.value, 10);
  assert.equal(byName.get('yuma_version')?.value, 3);
  assert.equal(byName.get('max_weights_limit')?.value, 65_535);
  // U64F64::from_num(1.26) of the f64 1.26, as subtensor's default.
  assert.equal(byName.get('burn_increase_mult')?.value, 23_242_897_532_874_035_200n);
  // 13_889‰ of a 10-block tempo.
  assert.equal(byName.get('activity_cutoff')?.value, 138n);
  assert.deepEqual(byName.get('max_validators')?.setter, {
    pallet: 'AdminUtils',
    call: 'sudo_set_max_allowed_validators',
    arg: 'max_allowed_validators',
    owner: false,
  });
  // Every AdminUtils setter named in the list exists with that argument.
  for (const { setter } of list) {
    if (setter?.pallet !== 'AdminUtils') continue;
    const def = adminUtils.callNamed(setter.call);
    assert.ok(def, setter.call);
    assert.ok(
      def.args.some(([name]) => name === setter.arg),
      `${setter.call}(${setter.arg})`,
    );
  }
});
