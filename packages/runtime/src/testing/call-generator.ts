/**
 * Random but realistic call sequences for the runtime's property tests (their vocabulary and
 * translation to extrinsics are in call-builder.ts).
 *
 * Most calls are ones a user would send and that can succeed in some state (registering hotkeys,
 * staking on existing subnets, weights over small uid ranges); a minority are wrong on purpose
 * (amounts above balances or below minimums, unknown netuids, unregistered hotkeys, the wrong
 * signer, a non-sudo key calling sudo). Runs of empty blocks let epochs run on the dev subnet
 * (tempo 10) and on subnets whose tempo a sudo call shortened.
 */
import fc from 'fast-check';
import { DEFAULT_MIN_STAKE } from '../pallets/subtensor/staking.js';
import { S } from '../pallets/subtensor/storage.js';
import type { WritableStorage } from '../storage/kv.js';
import {
  ACCOUNTS,
  ALICE,
  PAYLOADS,
  STRANGER,
  xt,
  type Action,
  type AdminCall,
  type Step,
  type Value,
  type Xt,
} from './call-builder.js';

export { blocksOf, toExtrinsic, type Action, type Step, type Xt } from './call-builder.js';

const TAO = 1_000_000_000n;
const U64_MAX = 0xffff_ffff_ffff_ffffn;

// ---- arbitraries -------------------------------------------------------------------------------

const coldkey = fc.oneof(
  { weight: 12, arbitrary: fc.integer({ min: 0, max: 3 }) },
  // A hotkey or the unfunded account signing a coldkey's call.
  { weight: 1, arbitrary: fc.constantFrom(4, STRANGER) },
);
const hotkey = fc.oneof(
  { weight: 8, arbitrary: fc.integer({ min: 4, max: 7 }) },
  { weight: 2, arbitrary: fc.integer({ min: 0, max: 3 }) },
  { weight: 1, arbitrary: fc.constant(STRANGER) },
);
/** Dev subnet 1 mostly, subnets the sequence may register, and root or a netuid nobody has. */
const netuid = fc.oneof(
  { weight: 6, arbitrary: fc.constant(1) },
  { weight: 3, arbitrary: fc.constantFrom(2, 3) },
  { weight: 1, arbitrary: fc.constantFrom(0, 7) },
);
const anyAccount = fc.integer({ min: 0, max: ACCOUNTS.length - 1 });

/**
 * What the SETUP opening creates, so that calls can refer to it: (coldkey, hotkey) ownership,
 * (hotkey, netuid) registrations and (coldkey, hotkey, netuid) stake positions. Random
 * sequences without the opening create some of them too.
 */
const OWNED: readonly (readonly [number, number])[] = [
  [ALICE, ALICE],
  [1, 4],
  [2, 5],
  [1, 6],
  [3, 7],
];
const REGISTERED: readonly (readonly [number, number])[] = [
  [ALICE, 1],
  [4, 1],
  [5, 1],
  [6, 2],
  [7, 2],
];
const POSITIONS: readonly (readonly [number, number, number])[] = [
  [1, 4, 1],
  [2, 5, 1],
  [3, 4, 1],
  [1, 6, 2],
];
/** Mostly a known tuple, sometimes any combination (which is mostly wrong). */
function known<T extends readonly number[]>(tuples: readonly T[], random: fc.Arbitrary<T>): fc.Arbitrary<T> {
  return fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...tuples) }, { weight: 1, arbitrary: random });
}
const ownedPair = known(OWNED, fc.tuple(coldkey, hotkey));
const registeredPair = known(REGISTERED, fc.tuple(hotkey, netuid));
const position = known(POSITIONS, fc.tuple(coldkey, hotkey, netuid));

const taoAmount = fc.oneof(
  { weight: 6, arbitrary: fc.bigInt({ min: DEFAULT_MIN_STAKE, max: 500n * TAO }) },
  { weight: 1, arbitrary: fc.constantFrom(0n, 1n, DEFAULT_MIN_STAKE - 1n, 10n ** 18n, U64_MAX) },
);
const transferValue = fc.oneof(
  { weight: 6, arbitrary: fc.bigInt({ min: 1n, max: 1_000n * TAO }) },
  // Zero, dust below the existential deposit (500), exactly it, more than anyone holds.
  { weight: 1, arbitrary: fc.constantFrom(0n, 1n, 499n, 500n, 10n ** 18n) },
);
const u16 = fc.integer({ min: 0, max: 65_535 });

interface AdminSetter {
  readonly name: string;
  readonly perSubnet: boolean;
  readonly value: fc.Arbitrary<Value>;
  /** Subnet owners may call it themselves (AdminUtils' owner-or-root setters). */
  readonly owner?: boolean;
}

const small = (min: number, max: number): fc.Arbitrary<Value> => fc.integer({ min, max });
const smallBig = (min: bigint, max: bigint): fc.Arbitrary<Value> => fc.bigInt({ min, max });

/** Setters that change what the other calls see: tempo, rate limits, limits, burn bounds, emission. */
const ADMIN_SETTERS: readonly AdminSetter[] = [
  { name: 'sudo_set_tempo', perSubnet: true, value: small(1, 30) },
  { name: 'sudo_set_commit_reveal_weights_enabled', perSubnet: true, value: fc.boolean(), owner: true },
  { name: 'sudo_set_weights_set_rate_limit', perSubnet: true, value: smallBig(0n, 5n) },
  { name: 'sudo_set_serving_rate_limit', perSubnet: true, value: smallBig(0n, 5n), owner: true },
  // Below MinAllowedUids (64) it is refused; within it, it undoes a crowded subnet's limit.
  { name: 'sudo_set_max_allowed_uids', perSubnet: true, value: fc.oneof(small(1, 8), small(64, 300)) },
  { name: 'sudo_set_immunity_period', perSubnet: true, value: small(0, 20), owner: true },
  { name: 'sudo_set_max_registrations_per_block', perSubnet: true, value: small(0, 3) },
  { name: 'sudo_set_target_registrations_per_interval', perSubnet: true, value: small(1, 4) },
  { name: 'sudo_set_min_burn', perSubnet: true, value: smallBig(0n, 2n * TAO), owner: true },
  { name: 'sudo_set_max_burn', perSubnet: true, value: smallBig(0n, 200n * TAO), owner: true },
  { name: 'sudo_set_subnet_emission_enabled', perSubnet: true, value: fc.boolean() },
  { name: 'sudo_set_subtoken_enabled', perSubnet: true, value: fc.boolean() },
  { name: 'sudo_set_activity_cutoff', perSubnet: true, value: small(0, 5_000), owner: true },
  { name: 'sudo_set_min_allowed_weights', perSubnet: true, value: small(0, 3), owner: true },
  { name: 'sudo_set_max_allowed_validators', perSubnet: true, value: small(0, 8) },
  { name: 'sudo_set_rao_recycled', perSubnet: true, value: smallBig(0n, 10n * TAO) },
  { name: 'sudo_set_network_rate_limit', perSubnet: false, value: smallBig(0n, 5n) },
  { name: 'sudo_set_network_immunity_period', perSubnet: false, value: smallBig(0n, 20n) },
  { name: 'sudo_set_subnet_limit', perSubnet: false, value: small(1, 4) },
  { name: 'sudo_set_stake_threshold', perSubnet: false, value: smallBig(0n, 200n * TAO) },
  { name: 'sudo_set_nominator_min_required_stake', perSubnet: false, value: smallBig(0n, 100_000_000n) },
  { name: 'sudo_set_tx_delegate_take_rate_limit', perSubnet: false, value: smallBig(0n, 5n) },
  { name: 'sudo_set_min_delegate_take', perSubnet: false, value: small(0, 12_000) },
  { name: 'sudo_set_max_epochs_per_block', perSubnet: false, value: small(0, 3) },
  { name: 'sudo_set_subnet_owner_cut', perSubnet: false, value: u16 },
];

function setterArb(setters: readonly AdminSetter[]): fc.Arbitrary<AdminCall> {
  return fc.constantFrom(...setters).chain((s) =>
    fc.record({
      kind: fc.constant('admin' as const),
      name: fc.constant(s.name),
      netuid: s.perSubnet ? netuid : fc.constant(undefined),
      value: s.value,
    }),
  );
}

const rootCall: fc.Arbitrary<AdminCall> = fc.oneof(
  { weight: 8, arbitrary: setterArb(ADMIN_SETTERS) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('force_transfer' as const),
      source: anyAccount,
      dest: anyAccount,
      value: transferValue,
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('force_set_balance' as const),
      who: anyAccount,
      // Root may mint past the 21M supply on subtensor too; sequences stay well under it.
      value: fc.oneof(fc.bigInt({ min: 0n, max: 10_000n * TAO }), fc.constantFrom(0n, 1n, 499n, 500n)),
    }),
  },
);

const weightRow = fc
  .oneof(
    { weight: 4, arbitrary: fc.uniqueArray(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 3 }) },
    // Duplicates, uids beyond the subnet, empty rows.
    { weight: 1, arbitrary: fc.array(fc.integer({ min: 0, max: 5 }), { maxLength: 4 }) },
  )
  .chain((dests) =>
    fc.record({
      dests: fc.constant(dests),
      // Usually one weight per destination; sometimes a ragged row.
      weights: fc.oneof(
        { weight: 9, arbitrary: fc.array(u16, { minLength: dests.length, maxLength: dests.length }) },
        { weight: 1, arbitrary: fc.array(u16, { maxLength: 4 }) },
      ),
    }),
  );

const action: fc.Arbitrary<Action> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('transfer' as const),
      signer: coldkey,
      dest: anyAccount,
      value: transferValue,
      keepAlive: fc.boolean(),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('transfer_all' as const),
      // Alice emptying her account would end sudo and authoring fees for the rest of the run.
      signer: fc.integer({ min: 1, max: ACCOUNTS.length - 1 }),
      dest: anyAccount,
      keepAlive: fc.boolean(),
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({ kind: fc.constant('burned_register' as const), signer: coldkey, netuid, hotkey }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('register_network' as const), signer: coldkey, hotkey }),
  },
  {
    weight: 5,
    arbitrary: fc.tuple(position, taoAmount).map(([[signer, hotkey, netuid], amount]) => ({
      kind: 'add_stake' as const,
      signer,
      hotkey,
      netuid,
      amount,
    })),
  },
  {
    weight: 3,
    arbitrary: fc
      .tuple(position, fc.oneof(taoAmount, fc.constant(U64_MAX)))
      .map(([[signer, hotkey, netuid], amount]) => ({
        kind: 'remove_stake' as const,
        signer,
        hotkey,
        netuid,
        amount,
      })),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(position, fc.option(fc.constantFrom(0n, 1_000_000_000n, 1_000_000_001n), { nil: undefined }))
      .map(([[signer, hotkey, netuid], limitPrice]) => ({
        kind: 'remove_stake_full_limit' as const,
        signer,
        hotkey,
        netuid,
        limitPrice,
      })),
  },
  {
    weight: 3,
    arbitrary: fc
      .record({ at: registeredPair, row: weightRow, version: fc.constantFrom(0n, 0n, 0n, 7n) })
      .map(({ at: [signer, n], row, version }) => ({
        kind: 'set_weights' as const,
        signer,
        netuid: n,
        dests: row.dests,
        weights: row.weights,
        version,
      })),
  },
  {
    weight: 2,
    arbitrary: fc
      .tuple(registeredPair, fc.integer({ min: 0, max: PAYLOADS.length - 1 }))
      .map(([[signer, n], payload]) => ({ kind: 'commit_weights' as const, signer, netuid: n, payload })),
  },
  {
    weight: 2,
    arbitrary: fc
      .tuple(registeredPair, fc.integer({ min: 0, max: PAYLOADS.length - 1 }))
      .map(([[signer, n], payload]) => ({ kind: 'reveal_weights' as const, signer, netuid: n, payload })),
  },
  {
    weight: 2,
    arbitrary: fc
      .record({
        kind: fc.constant('serve_axon' as const),
        at: registeredPair,
        ip: fc.oneof(fc.bigInt({ min: 1n, max: 0xffff_fffen }), fc.constantFrom(0n, 0x7f00_0001n)),
        port: fc.oneof({ weight: 9, arbitrary: fc.integer({ min: 1, max: 65_535 }) }, fc.constant(0)),
        ipType: fc.oneof({ weight: 9, arbitrary: fc.constant(4) }, fc.constantFrom(6, 5)),
      })
      .map(({ at: [signer, n], ...rest }) => ({ ...rest, signer, netuid: n })),
  },
  {
    weight: 2,
    arbitrary: fc
      .record({
        pair: ownedPair,
        take: fc.oneof({ weight: 8, arbitrary: fc.integer({ min: 0, max: 11_796 }) }, fc.constant(65_535)),
        increase: fc.boolean(),
      })
      .map(({ pair: [signer, hotkey], take, increase }) => ({
        kind: 'take' as const,
        signer,
        hotkey,
        take,
        increase,
      })),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('start_call' as const), signer: coldkey, netuid }) },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('sudo' as const),
      // Mostly the sudo key; sometimes another account tries.
      signer: fc.oneof({ weight: 6, arbitrary: fc.constant(ALICE) }, { weight: 1, arbitrary: coldkey }),
      inner: rootCall,
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('owner_set' as const),
      // Alice owns subnet 1 and Dave (3) the subnet the opening registers.
      signer: fc.oneof(
        { weight: 3, arbitrary: fc.constantFrom(ALICE, 3) },
        { weight: 1, arbitrary: coldkey },
      ),
      inner: setterArb(ADMIN_SETTERS.filter((s) => s.owner === true)),
    }),
  },
);

export interface SequenceOptions {
  readonly maxSteps: number;
  readonly maxPerBlock: number;
  /** Sometimes sign with a stale or future nonce (drivers that assign nonces themselves). */
  readonly nonceSkew?: boolean;
}

export function xtArb(options: Pick<SequenceOptions, 'nonceSkew'> = {}): fc.Arbitrary<Xt> {
  return fc.record({
    action,
    // Mostly none; small tips reach an author whose account cannot exist with them.
    tip: fc.oneof(
      { weight: 18, arbitrary: fc.constant(0n) },
      { weight: 1, arbitrary: fc.bigInt(1n, 499n) },
      { weight: 1, arbitrary: fc.bigInt(1n, TAO) },
    ),
    nonceSkew: options.nonceSkew
      ? fc.oneof({ weight: 12, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.constantFrom(-1, 1) })
      : fc.constant(0),
  });
}

export function stepsArb(options: SequenceOptions): fc.Arbitrary<Step[]> {
  const step: fc.Arbitrary<Step> = fc.oneof(
    {
      weight: 3,
      arbitrary: fc
        .array(xtArb(options), { minLength: 1, maxLength: options.maxPerBlock })
        .map((xts) => ({ kind: 'block' as const, xts })),
    },
    {
      weight: 1,
      arbitrary: fc.integer({ min: 1, max: 12 }).map((blocks) => ({ kind: 'idle' as const, blocks })),
    },
    {
      weight: 1,
      arbitrary: fc
        .record({
          // Subnet 2 of the opening has commit-reveal on.
          at: fc.oneof(
            { weight: 3, arbitrary: fc.constantFrom(...REGISTERED.filter(([, n]) => n === 2)) },
            { weight: 1, arbitrary: registeredPair },
          ),
          payload: fc.integer({ min: 0, max: PAYLOADS.length - 1 }),
          wait: fc.integer({ min: 0, max: 16 }),
        })
        .map(({ at: [signer, n], payload, wait }) => ({
          kind: 'commit_reveal' as const,
          signer,
          netuid: n,
          payload,
          wait,
        })),
    },
  );
  return fc.array(step, { minLength: 1, maxLength: options.maxSteps });
}

/**
 * A deterministic opening some sequences start with, so random calls meet registered hotkeys,
 * stake and a second (started, emitting, short-tempo) subnet rather than a bare genesis.
 */
export const SETUP: readonly Step[] = [
  {
    kind: 'block',
    xts: [
      xt({ kind: 'burned_register', signer: 1, netuid: 1, hotkey: 4 }),
      xt({ kind: 'register_network', signer: 3, hotkey: 7 }),
    ],
  },
  {
    kind: 'block',
    xts: [
      xt({ kind: 'burned_register', signer: 2, netuid: 1, hotkey: 5 }),
      xt({ kind: 'add_stake', signer: 1, hotkey: 4, netuid: 1, amount: 100n * TAO }),
      xt({ kind: 'start_call', signer: 3, netuid: 2 }),
      xt({ kind: 'sudo', signer: ALICE, inner: admin('sudo_set_subnet_emission_enabled', 2, true) }),
      xt({ kind: 'sudo', signer: ALICE, inner: admin('sudo_set_tempo', 2, 7) }),
      // Subnet 2 keeps commit-reveal on (the default for new subnets); commits need no wait.
      xt({ kind: 'sudo', signer: ALICE, inner: admin('sudo_set_weights_set_rate_limit', 2, 0n) }),
    ],
  },
  {
    kind: 'block',
    xts: [
      xt({ kind: 'burned_register', signer: 1, netuid: 2, hotkey: 6 }),
      xt({ kind: 'add_stake', signer: 2, hotkey: 5, netuid: 1, amount: 40n * TAO }),
      xt({ kind: 'add_stake', signer: 3, hotkey: 4, netuid: 1, amount: 25n * TAO }),
      xt({ kind: 'add_stake', signer: 1, hotkey: 6, netuid: 2, amount: 60n * TAO }),
    ],
  },
];

/**
 * A sequence and the chain it starts from: the dev genesis, optionally followed by the SETUP
 * opening, optionally crowded: subnet 1 shrunk to 3 uids with a short immunity period, so that
 * registrations replace neurons (the setters cannot go below 64 uids), and room for only two
 * subnets with a short network immunity, so that register_network dissolves the weakest one.
 */
export interface Scenario {
  readonly setup: boolean;
  readonly crowded: boolean;
  readonly steps: readonly Step[];
}

export function scenarioArb(options: SequenceOptions): fc.Arbitrary<Scenario> {
  return fc.record({
    setup: fc.boolean(),
    crowded: fc.oneof(
      { weight: 3, arbitrary: fc.constant(false) },
      { weight: 1, arbitrary: fc.constant(true) },
    ),
    steps: stepsArb(options),
  });
}

/** Adjust a fresh chain's genesis for the scenario; returns the steps to run on it. */
export function prepare(storage: WritableStorage, scenario: Scenario): readonly Step[] {
  if (scenario.crowded) {
    S.MaxAllowedUids.set(storage, 3, 1);
    S.ImmunityPeriod.set(storage, 2, 1);
    S.SubnetLimit.set(storage, 2);
    S.NetworkImmunityPeriod.set(storage, 5n);
  }
  return scenario.setup ? [...SETUP, ...scenario.steps] : scenario.steps;
}

function admin(name: string, netuid: number | undefined, value: Value): AdminCall {
  return { kind: 'admin', name, netuid, value };
}
