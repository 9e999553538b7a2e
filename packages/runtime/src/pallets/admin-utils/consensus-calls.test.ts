/** AdminUtils' consensus setters (Yuma, bonds, weights, commit-reveal, tempo), then the guards. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { S } from '../subtensor/storage.js';
import { NETUID, NOT_FOUND, callOf, ok, runSubnetCases, simple, type Case } from './subnet-runner.js';
import { ALICE, BOB, freshChain, signedAs, sudo } from './test-helpers.js';

const CASES: readonly Case[] = [
  simple(
    'sudo_set_weights_version_key',
    'weights_version_key',
    S.WeightsVersionKey,
    'owner',
    { root: 3n, owner: 4n },
    {
      ...ok,
      limitBlocks: 50,
      event: 'SubtensorModule.WeightsVersionKeySet',
    },
  ),
  simple(
    'sudo_set_weights_set_rate_limit',
    'weights_set_rate_limit',
    S.WeightsSetRateLimit,
    'root',
    { root: 33n },
    {
      window: false,
      missing: NOT_FOUND,
      event: 'SubtensorModule.WeightsSetRateLimitSet',
    },
  ),
  simple(
    'sudo_set_immunity_period',
    'immunity_period',
    S.ImmunityPeriod,
    'owner',
    { root: 100, owner: 200 },
    {
      ...ok,
      event: 'SubtensorModule.ImmunityPeriodSet',
    },
  ),
  simple(
    'sudo_set_min_allowed_weights',
    'min_allowed_weights',
    S.MinAllowedWeights,
    'owner',
    { root: 3, owner: 4 },
    {
      ...ok,
      event: 'SubtensorModule.MinAllowedWeightSet',
    },
  ),
  simple(
    'sudo_set_kappa',
    'kappa',
    S.Kappa,
    'root',
    { root: 40_000 },
    {
      window: false,
      missing: NOT_FOUND,
      event: 'SubtensorModule.KappaSet',
    },
  ),
  simple('sudo_set_rho', 'rho', S.Rho, 'owner', { root: 11, owner: 12 }, ok),
  simple(
    'sudo_set_activity_cutoff',
    'activity_cutoff',
    S.ActivityCutoff,
    'owner',
    { root: 400, owner: 500 },
    {
      ...ok,
      event: 'SubtensorModule.ActivityCutoffSet',
      invalid: [{ args: { activity_cutoff: 359 }, error: 'SubtensorModule.ActivityCutoffTooLow' }],
    },
  ),
  simple(
    'sudo_set_bonds_moving_average',
    'bonds_moving_average',
    S.BondsMovingAverage,
    'owner',
    // Root may go beyond the owner's 975_000 cap.
    { root: 999_000n, owner: 975_000n },
    {
      ...ok,
      event: 'SubtensorModule.BondsMovingAverageSet',
      invalid: [
        {
          args: { bonds_moving_average: 975_001n },
          as: 'owner',
          error: 'AdminUtils.BondsMovingAverageMaxReached',
        },
      ],
    },
  ),
  simple(
    'sudo_set_bonds_penalty',
    'bonds_penalty',
    S.BondsPenalty,
    'owner',
    { root: 100, owner: 200 },
    {
      ...ok,
      event: 'SubtensorModule.BondsPenaltySet',
    },
  ),
  simple(
    'sudo_set_tempo',
    'tempo',
    S.Tempo,
    'root',
    { root: 20 },
    { ...ok, event: 'SubtensorModule.TempoSet' },
  ),
  simple(
    'sudo_set_commit_reveal_weights_enabled',
    'enabled',
    S.CommitRevealWeightsEnabled,
    'owner',
    { root: true, owner: false },
    { ...ok, event: 'SubtensorModule.CommitRevealEnabled' },
  ),
  simple(
    'sudo_set_liquid_alpha_enabled',
    'enabled',
    S.LiquidAlphaOn,
    'owner',
    { root: true, owner: false },
    {
      window: true,
      missing: 'ok',
    },
  ),
  {
    call: 'sudo_set_alpha_values',
    access: 'owner',
    window: true,
    // Liquid alpha is off on a subnet that does not exist.
    missing: 'SubtensorModule.LiquidAlphaDisabled',
    rootArgs: { alpha_low: 30_000, alpha_high: 50_000 },
    ownerArgs: { alpha_low: 2_000, alpha_high: 2_000 },
    read: (storage, netuid) => S.AlphaValues.get(storage, netuid),
    rootExpect: [30_000, 50_000],
    ownerExpect: [2_000, 2_000],
    invalid: [
      {
        args: { alpha_low: 30_000, alpha_high: 50_000 },
        error: 'SubtensorModule.LiquidAlphaDisabled',
        setup: (c) => S.LiquidAlphaOn.set(c.storage, false, NETUID),
      },
      {
        args: { alpha_low: 1_000, alpha_high: 1_637 },
        error: 'SubtensorModule.AlphaHighTooLow',
        setup: (c) => S.LiquidAlphaOn.set(c.storage, true, NETUID),
      },
      { args: { alpha_low: 1_637, alpha_high: 50_000 }, error: 'SubtensorModule.AlphaLowOutOfRange' },
      { args: { alpha_low: 40_000, alpha_high: 30_000 }, error: 'SubtensorModule.AlphaLowOutOfRange' },
    ],
    setup: (c) => S.LiquidAlphaOn.set(c.storage, true, NETUID),
  },
  simple(
    'sudo_set_commit_reveal_weights_interval',
    'interval',
    S.RevealPeriodEpochs,
    'owner',
    { root: 3n, owner: 100n },
    {
      ...ok,
      event: 'SubtensorModule.CommitRevealPeriodsSet',
      invalid: [
        { args: { interval: 0n }, error: 'SubtensorModule.RevealPeriodTooSmall' },
        { args: { interval: 101n }, error: 'SubtensorModule.RevealPeriodTooLarge' },
      ],
    },
  ),
  simple(
    'sudo_set_alpha_sigmoid_steepness',
    'steepness',
    S.AlphaSigmoidSteepness,
    'owner',
    { root: -5, owner: 2000 },
    {
      ...ok,
      invalid: [{ args: { steepness: -1 }, as: 'owner', error: 'AdminUtils.NegativeSigmoidSteepness' }],
    },
  ),
  simple(
    'sudo_set_yuma3_enabled',
    'enabled',
    S.Yuma3On,
    'owner',
    { root: false, owner: true },
    {
      window: true,
      missing: 'ok',
      event: 'AdminUtils.Yuma3EnableToggled',
    },
  ),
  simple(
    'sudo_set_bonds_reset_enabled',
    'enabled',
    S.BondsResetOn,
    'owner',
    { root: true, owner: false },
    {
      window: true,
      missing: 'ok',
      event: 'AdminUtils.BondsResetToggled',
    },
  ),
];

runSubnetCases('AdminUtils consensus setters', CASES);

test('sudo_set_tempo restarts the epoch cycle at the current block', () => {
  const chain = freshChain();
  chain.blocks(3);
  const done = sudo(chain, callOf(chain, 'sudo_set_tempo', NETUID, { tempo: 25 }));
  assert.equal(done.error, undefined);
  assert.equal(S.LastEpochBlock.get(chain.storage, NETUID), chain.number);
});

test('owner rate limits are kept per hyperparameter and per subnet, not per caller', () => {
  const chain = freshChain();
  assert.equal(signedAs(chain, ALICE, callOf(chain, 'sudo_set_rho', NETUID, { rho: 3 })), undefined);
  assert.equal(
    signedAs(chain, ALICE, callOf(chain, 'sudo_set_immunity_period', NETUID, { immunity_period: 9 })),
    undefined,
  );
  // A failed attempt is not recorded: the owner may still make the change.
  assert.equal(
    signedAs(chain, ALICE, callOf(chain, 'sudo_set_activity_cutoff', NETUID, { activity_cutoff: 1 })),
    'SubtensorModule.ActivityCutoffTooLow',
  );
  assert.equal(
    signedAs(chain, ALICE, callOf(chain, 'sudo_set_activity_cutoff', NETUID, { activity_cutoff: 999 })),
    undefined,
  );
  // A new owner inherits the subnet's cool-down.
  S.SubnetOwner.set(chain.storage, BOB, NETUID);
  assert.equal(
    signedAs(chain, BOB, callOf(chain, 'sudo_set_rho', NETUID, { rho: 4 })),
    'SubtensorModule.TxRateLimitExceeded',
  );
  // The limit scales with OwnerHyperparamRateLimit; 0 disables it.
  assert.equal(
    sudo(chain, chain.call('AdminUtils', 'sudo_set_owner_hparam_rate_limit', { epochs: 0 })).error,
    undefined,
  );
  assert.equal(signedAs(chain, BOB, callOf(chain, 'sudo_set_rho', NETUID, { rho: 4 })), undefined);
});

test('the freeze window covers the countdown to an owner-triggered epoch and never a tempo-0 subnet', () => {
  const chain = freshChain();
  S.AdminFreezeWindow.set(chain.storage, 0);
  S.PendingEpochAt.set(chain.storage, chain.number + 5n, NETUID);
  const inner = callOf(chain, 'sudo_set_rho', NETUID, { rho: 9 });
  assert.equal(sudo(chain, inner).error, 'SubtensorModule.AdminActionProhibitedDuringWeightsWindow');
  chain.blocks(4);
  // At PendingEpochAt itself the countdown is over.
  assert.equal(sudo(chain, inner).error, undefined);
  S.PendingEpochAt.set(chain.storage, 0n, NETUID);
  S.LastEpochBlock.set(chain.storage, chain.number, NETUID);
  S.AdminFreezeWindow.set(chain.storage, 1000);
  assert.equal(sudo(chain, inner).error, 'SubtensorModule.AdminActionProhibitedDuringWeightsWindow');
  S.Tempo.set(chain.storage, 0, NETUID);
  assert.equal(sudo(chain, inner).error, undefined);
});
