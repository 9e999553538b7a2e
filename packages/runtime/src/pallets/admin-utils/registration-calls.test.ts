/** AdminUtils' registration, uid, burn and emission setters. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { S } from '../subtensor/storage.js';
import { adminSubtensorStorage as A } from '../subtensor/owner-guards.js';
import { NETUID, NOT_FOUND, callOf, fx, ok, runSubnetCases, simple, type Case } from './subnet-runner.js';
import { BOB, freshChain, signedAs, sudo } from './test-helpers.js';

const CASES: readonly Case[] = [
  simple(
    'sudo_set_serving_rate_limit',
    'serving_rate_limit',
    S.ServingRateLimit,
    'owner',
    { root: 7n, owner: 9n },
    {
      window: true,
      missing: 'ok',
      event: 'SubtensorModule.ServingRateLimitSet',
    },
  ),
  simple(
    'sudo_set_min_difficulty',
    'min_difficulty',
    S.MinDifficulty,
    'root',
    { root: 2_000n },
    {
      ...ok,
      event: 'SubtensorModule.MinDifficultySet',
    },
  ),
  simple(
    'sudo_set_max_difficulty',
    'max_difficulty',
    S.MaxDifficulty,
    'owner',
    { root: 10n ** 12n, owner: 10n ** 13n },
    {
      ...ok,
      event: 'SubtensorModule.MaxDifficultySet',
    },
  ),
  simple(
    'sudo_set_adjustment_interval',
    'adjustment_interval',
    S.AdjustmentInterval,
    'root',
    { root: 77 },
    {
      window: false,
      missing: NOT_FOUND,
      event: 'SubtensorModule.AdjustmentIntervalSet',
    },
  ),
  simple(
    'sudo_set_adjustment_alpha',
    'adjustment_alpha',
    S.AdjustmentAlpha,
    'owner',
    { root: 5n, owner: 6n },
    {
      ...ok,
      event: 'SubtensorModule.AdjustmentAlphaSet',
    },
  ),
  simple(
    'sudo_set_max_allowed_uids',
    'max_allowed_uids',
    S.MaxAllowedUids,
    'owner',
    { root: 128, owner: 200 },
    {
      ...ok,
      event: 'SubtensorModule.MaxAllowedUidsSet',
      invalid: [
        { args: { max_allowed_uids: 63 }, error: 'AdminUtils.MaxAllowedUidsLessThanMinAllowedUids' },
        {
          args: { max_allowed_uids: 257 },
          error: 'AdminUtils.MaxAllowedUidsGreaterThanDefaultMaxAllowedUids',
        },
        {
          args: { max_allowed_uids: 80 },
          error: 'AdminUtils.MaxAllowedUIdsLessThanCurrentUIds',
          setup: (c) => S.SubnetworkN.set(c.storage, 100, NETUID),
        },
        {
          args: { max_allowed_uids: 200 },
          error: 'SubtensorModule.TooManyUIDsPerMechanism',
          setup: (c) => {
            S.SubnetworkN.set(c.storage, 0, NETUID);
            S.MechanismCountCurrent.set(c.storage, 2, NETUID);
          },
        },
      ],
      setup: (c) => S.MechanismCountCurrent.set(c.storage, 1, NETUID),
    },
  ),
  simple(
    'sudo_set_network_registration_allowed',
    'registration_allowed',
    S.NetworkRegistrationAllowed,
    'root',
    { root: false },
    { window: false, missing: 'ok', event: 'SubtensorModule.RegistrationAllowed' },
  ),
  simple(
    'sudo_set_target_registrations_per_interval',
    'target_registrations_per_interval',
    S.TargetRegistrationsPerInterval,
    'root',
    { root: 9 },
    { ...ok, event: 'SubtensorModule.RegistrationPerIntervalSet' },
  ),
  simple(
    'sudo_set_min_burn',
    'min_burn',
    S.MinBurn,
    'owner',
    { root: 1_000_000n, owner: 2_000_000n },
    {
      ...ok,
      event: 'SubtensorModule.MinBurnSet',
      invalid: [
        { args: { min_burn: 1_000_000_000n }, error: 'AdminUtils.ValueNotInBounds' },
        {
          args: { min_burn: 600_000_000n },
          error: 'AdminUtils.ValueNotInBounds',
          setup: (c) => S.MaxBurn.set(c.storage, 500_000_000n, NETUID),
        },
      ],
      setup: (c) => S.MaxBurn.set(c.storage, 100_000_000_000n, NETUID),
    },
  ),
  simple(
    'sudo_set_max_burn',
    'max_burn',
    S.MaxBurn,
    'owner',
    { root: 50_000_000_000n, owner: 60_000_000_000n },
    {
      ...ok,
      event: 'SubtensorModule.MaxBurnSet',
      invalid: [
        { args: { max_burn: 100_000_000n }, error: 'AdminUtils.ValueNotInBounds' },
        {
          args: { max_burn: 200_000_000n },
          error: 'AdminUtils.ValueNotInBounds',
          setup: (c) => S.MinBurn.set(c.storage, 300_000_000n, NETUID),
        },
      ],
      setup: (c) => S.MinBurn.set(c.storage, 500_000n, NETUID),
    },
  ),
  simple(
    'sudo_set_difficulty',
    'difficulty',
    S.Difficulty,
    'root',
    { root: 123_456n },
    {
      ...ok,
      event: 'SubtensorModule.DifficultySet',
    },
  ),
  simple(
    'sudo_set_max_allowed_validators',
    'max_allowed_validators',
    S.MaxAllowedValidators,
    'root',
    { root: 32 },
    {
      ...ok,
      event: 'SubtensorModule.MaxAllowedValidatorsSet',
      invalid: [
        { args: { max_allowed_validators: 257 }, error: 'AdminUtils.MaxValidatorsLargerThanMaxUIds' },
      ],
    },
  ),
  simple(
    'sudo_set_max_registrations_per_block',
    'max_registrations_per_block',
    S.MaxRegistrationsPerBlock,
    'root',
    { root: 5 },
    { ...ok, event: 'SubtensorModule.MaxRegistrationsPerBlockSet' },
  ),
  simple(
    'sudo_set_rao_recycled',
    'rao_recycled',
    S.RAORecycledForRegistration,
    'root',
    { root: 777n },
    {
      window: false,
      missing: NOT_FOUND,
      event: 'SubtensorModule.RAORecycledForRegistrationSet',
    },
  ),
  simple(
    'sudo_set_toggle_transfer',
    'toggle',
    S.TransferToggle,
    'owner',
    { root: false, owner: true },
    {
      window: true,
      missing: 'ok',
      event: 'SubtensorModule.TransferToggle',
    },
  ),
  simple(
    'sudo_set_subtoken_enabled',
    'subtoken_enabled',
    S.SubtokenEnabled,
    'root',
    { root: false },
    {
      window: true,
      missing: 'ok',
    },
  ),
  simple(
    'sudo_set_owner_immune_neuron_limit',
    'immune_neurons',
    S.ImmuneOwnerUidsLimit,
    'owner',
    { root: 10, owner: 3 },
    {
      window: true,
      missing: 'ok',
      invalid: [
        { args: { immune_neurons: 0 }, error: 'SubtensorModule.InvalidValue' },
        { args: { immune_neurons: 11 }, error: 'SubtensorModule.InvalidValue' },
      ],
    },
  ),
  simple(
    'sudo_set_min_allowed_uids',
    'min_allowed_uids',
    A.MinAllowedUids,
    'root',
    { root: 32 },
    {
      ...ok,
      event: 'SubtensorModule.MinAllowedUidsSet',
      invalid: [
        { args: { min_allowed_uids: 256 }, error: 'AdminUtils.MinAllowedUidsGreaterThanMaxAllowedUids' },
        { args: { min_allowed_uids: 100 }, error: 'AdminUtils.MinAllowedUidsGreaterThanCurrentUids' },
      ],
      setup: (c) => S.SubnetworkN.set(c.storage, 100, NETUID),
    },
  ),
  simple(
    'sudo_set_min_non_immune_uids',
    'min',
    S.MinNonImmuneUids,
    'root',
    { root: 3 },
    {
      window: false,
      missing: 'ok',
      event: 'SubtensorModule.MinNonImmuneUidsSet',
    },
  ),
  simple(
    'sudo_set_burn_half_life',
    'burn_half_life',
    S.BurnHalfLife,
    'owner',
    { root: 36_100, owner: 1 },
    {
      ...ok,
      event: 'AdminUtils.BurnHalfLifeSet',
      invalid: [
        { args: { burn_half_life: 0 }, error: 'AdminUtils.InvalidValue' },
        { args: { burn_half_life: 36_101 }, error: 'AdminUtils.InvalidValue' },
        { args: { burn_half_life: 100 }, netuid: 0, error: 'AdminUtils.NotPermittedOnRootSubnet' },
      ],
    },
  ),
  simple(
    'sudo_set_burn_increase_mult',
    'burn_increase_mult',
    S.BurnIncreaseMult,
    'owner',
    { root: fx('3'), owner: fx('1') },
    {
      ...ok,
      event: 'AdminUtils.BurnIncreaseMultSet',
      invalid: [
        { args: { burn_increase_mult: fx('0.999') }, error: 'AdminUtils.InvalidValue' },
        { args: { burn_increase_mult: fx('3.0001') }, error: 'AdminUtils.InvalidValue' },
        { args: { burn_increase_mult: fx('2') }, netuid: 0, error: 'AdminUtils.NotPermittedOnRootSubnet' },
      ],
    },
  ),
  simple(
    'sudo_set_owner_cut_enabled',
    'enabled',
    S.OwnerCutEnabled,
    'owner-unlimited',
    { root: false, owner: true },
    {
      ...ok,
      invalid: [{ args: { enabled: false }, netuid: 0, error: 'AdminUtils.NotPermittedOnRootSubnet' }],
    },
  ),
  simple(
    'sudo_set_subnet_emission_enabled',
    'enabled',
    S.SubnetEmissionEnabled,
    'root',
    { root: false },
    {
      window: false,
      missing: NOT_FOUND,
      event: 'AdminUtils.SubnetEmissionEnabledSet',
      invalid: [{ args: { enabled: false }, netuid: 0, error: 'AdminUtils.NotPermittedOnRootSubnet' }],
    },
  ),
  simple(
    'sudo_set_owner_cut_auto_lock_enabled',
    'enabled',
    A.OwnerCutAutoLockEnabled,
    'owner-unlimited',
    { root: false, owner: true },
    {
      ...ok,
      invalid: [{ args: { enabled: false }, netuid: 0, error: 'AdminUtils.NotPermittedOnRootSubnet' }],
    },
  ),
];

runSubnetCases('AdminUtils registration and economics setters', CASES);

test('sudo_set_network_pow_registration_allowed is disabled for everyone', () => {
  const chain = freshChain();
  const inner = callOf(chain, 'sudo_set_network_pow_registration_allowed', NETUID, {
    registration_allowed: true,
  });
  assert.equal(sudo(chain, inner).error, 'AdminUtils.POWRegistrationDisabled');
  assert.equal(signedAs(chain, BOB, inner), 'AdminUtils.POWRegistrationDisabled');
});
