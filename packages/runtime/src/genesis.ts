/**
 * Chain specs and genesis state. `dev`: Alice is sudo and the authority, Alice…Ferdie are
 * funded, subnet 1 is open with a short tempo so epochs are seconds apart. `fair-launch`: no
 * balances, no issuance, no sudo; subnet 1 is open to proof-of-work registration, so TAO only
 * ever comes from emission.
 */
import { TOTAL_SUPPLY, keypairFromUri } from '@tao-ts/primitives';
import { SystemStorage, emptyAccount } from './frame/system.js';
import { MemoryStorage, type WritableStorage } from './storage/kv.js';
import { AuraStorage } from './pallets/aura.js';
import { BalancesStorage, EXISTENTIAL_DEPOSIT } from './pallets/balances.js';
import { S } from './pallets/subtensor/storage.js';
import { appendNeuron, createAccountIfNonExistent } from './pallets/subtensor/neurons.js';
import { initNewNetwork } from './pallets/subtensor/subnets.js';
import { SudoStorage } from './pallets/sudo.js';
import { TimestampStorage } from './pallets/timestamp.js';
import type { AccountId } from './types/substrate.js';

export interface GenesisSubnet {
  readonly netuid: number;
  readonly tempo: number;
  /** Hyperparameter overrides written after init_new_network. */
  readonly powRegistration?: boolean;
  readonly commitReveal?: boolean;
  readonly burn?: bigint;
  readonly minBurn?: bigint;
  readonly difficulty?: bigint;
  readonly minDifficulty?: bigint;
  readonly weightsRateLimit?: bigint;
  readonly activityCutoffFactorMilli?: number;
  /** Emission starts at genesis (as if start_call ran). */
  readonly started?: boolean;
  readonly owner?: AccountId;
}

export interface GenesisConfig {
  readonly balances: readonly (readonly [AccountId, bigint])[];
  readonly sudo?: AccountId;
  readonly authorities: readonly AccountId[];
  readonly subnets: readonly GenesisSubnet[];
  /** Network registration rate limit (blocks); short on dev chains. */
  readonly networkRateLimit?: bigint;
  readonly networkMinLockCost?: bigint;
  /** Blocks before each epoch in which hyperparameters are frozen (subtensor default 10). */
  readonly adminFreezeWindow?: number;
}

export interface ChainSpec {
  readonly id: string;
  readonly name: string;
  readonly chainType: 'Development' | 'Local' | 'Live';
  readonly properties: {
    readonly ss58Format: number;
    readonly tokenDecimals: number;
    readonly tokenSymbol: string;
  };
  /** Minimum period between blocks the runtime accepts (ms). */
  readonly minimumPeriodMs: bigint;
  readonly genesis: GenesisConfig;
  /** Raw genesis storage (hex key → value); when present it is the genesis state, `genesis` aside. */
  readonly raw?: ReadonlyMap<string, Uint8Array>;
}

export const DEV_ACCOUNTS = ['Alice', 'Bob', 'Charlie', 'Dave', 'Eve', 'Ferdie'] as const;
export const TAO = 1_000_000_000n;

/** Public key of a Substrate dev account (//Alice…). */
export function devAccount(name: string): AccountId {
  let key = devKeys.get(name);
  if (key === undefined) {
    key = keypairFromUri(`//${name}`).publicKey;
    devKeys.set(name, key);
  }
  return key.slice();
}

// Key derivation costs milliseconds; chains and tests ask for the same few accounts repeatedly.
const devKeys = new Map<string, AccountId>();

export function devSpec(): ChainSpec {
  const accounts = DEV_ACCOUNTS.map(devAccount);
  return {
    id: 'dev',
    name: 'tao-ts Development',
    chainType: 'Development',
    properties: { ss58Format: 42, tokenDecimals: 9, tokenSymbol: 'TAO' },
    minimumPeriodMs: 250n,
    genesis: {
      balances: accounts.map((a) => [a, 1_000_000n * TAO] as const),
      sudo: accounts[0] as AccountId,
      authorities: [accounts[0] as AccountId],
      networkRateLimit: 0n,
      networkMinLockCost: 100n * TAO,
      // With a 10-block tempo the default window would freeze hyperparameters almost always.
      adminFreezeWindow: 0,
      subnets: [
        {
          netuid: 1,
          tempo: 10,
          powRegistration: true,
          commitReveal: false,
          difficulty: 10_000n,
          minDifficulty: 1_000n,
          weightsRateLimit: 0n,
          started: true,
          owner: accounts[0] as AccountId,
        },
      ],
    },
  };
}

export function fairLaunchSpec(): ChainSpec {
  return {
    id: 'fair-launch',
    name: 'tao-ts Fair Launch',
    chainType: 'Live',
    properties: { ss58Format: 42, tokenDecimals: 9, tokenSymbol: 'TAO' },
    minimumPeriodMs: 6_000n,
    genesis: {
      balances: [],
      authorities: [devAccount('Alice')],
      subnets: [{ netuid: 1, tempo: 360, powRegistration: true, commitReveal: false, started: true }],
    },
  };
}

function writeSubnet(storage: WritableStorage, subnet: GenesisSubnet): void {
  initNewNetwork(storage, subnet.netuid, subnet.tempo, 0n);
  S.SubnetMechanism.set(storage, 1, subnet.netuid);
  if (subnet.owner) {
    S.SubnetOwner.set(storage, subnet.owner, subnet.netuid);
    S.SubnetOwnerHotkey.set(storage, subnet.owner, subnet.netuid);
    // As register_network does: the owner's hotkey (its coldkey's own key here) holds uid 0.
    createAccountIfNonExistent(storage, subnet.owner, subnet.owner);
    appendNeuron(storage, subnet.netuid, subnet.owner, 0n);
  }
  if (subnet.powRegistration !== undefined)
    S.NetworkPowRegistrationAllowed.set(storage, subnet.powRegistration, subnet.netuid);
  if (subnet.commitReveal !== undefined)
    S.CommitRevealWeightsEnabled.set(storage, subnet.commitReveal, subnet.netuid);
  if (subnet.burn !== undefined) S.Burn.set(storage, subnet.burn, subnet.netuid);
  if (subnet.minBurn !== undefined) S.MinBurn.set(storage, subnet.minBurn, subnet.netuid);
  if (subnet.difficulty !== undefined) S.Difficulty.set(storage, subnet.difficulty, subnet.netuid);
  if (subnet.minDifficulty !== undefined) S.MinDifficulty.set(storage, subnet.minDifficulty, subnet.netuid);
  if (subnet.weightsRateLimit !== undefined)
    S.WeightsSetRateLimit.set(storage, subnet.weightsRateLimit, subnet.netuid);
  if (subnet.activityCutoffFactorMilli !== undefined)
    S.ActivityCutoffFactorMilli.set(storage, subnet.activityCutoffFactorMilli, subnet.netuid);
  if (subnet.started) {
    S.FirstEmissionBlockNumber.set(storage, 1n, subnet.netuid);
    S.SubtokenEnabled.set(storage, true, subnet.netuid);
  }
}

/** The genesis state of a chain spec. */
export function buildGenesis(spec: ChainSpec): MemoryStorage {
  const storage = new MemoryStorage();
  if (spec.raw !== undefined) {
    for (const [key, value] of spec.raw) storage.set(key, value);
    return storage;
  }
  const { genesis } = spec;
  let issuance = 0n;
  for (const [who, free] of genesis.balances) {
    if (free < EXISTENTIAL_DEPOSIT)
      throw new Error(`genesis balance ${free} is below the existential deposit`);
    SystemStorage.Account.set(
      storage,
      { ...emptyAccount(), providers: 1, data: { free, reserved: 0n, frozen: 0n, flags: 0n } },
      who,
    );
    issuance += free;
  }
  if (issuance > TOTAL_SUPPLY)
    throw new Error(`genesis balances total ${issuance} rao, above the 21M TAO supply`);
  BalancesStorage.TotalIssuance.set(storage, issuance);
  S.TotalIssuance.set(storage, issuance);
  if (genesis.sudo) SudoStorage.Key.set(storage, genesis.sudo);
  AuraStorage.Authorities.set(storage, [...genesis.authorities]);
  SystemStorage.Number.set(storage, 0);
  TimestampStorage.Now.set(storage, 0n);
  // The root network (netuid 0) exists on every chain, as on subtensor.
  initNewNetwork(storage, 0, 100, 0n);
  S.SubnetMechanism.set(storage, 0, 0);
  // Root's token is always on (staking to root validators needs it).
  S.SubtokenEnabled.set(storage, true, 0);
  if (genesis.networkRateLimit !== undefined) S.NetworkRateLimit.set(storage, genesis.networkRateLimit);
  if (genesis.networkMinLockCost !== undefined) {
    S.NetworkMinLockCost.set(storage, genesis.networkMinLockCost);
    S.NetworkLastLockCost.set(storage, genesis.networkMinLockCost);
  }
  if (genesis.adminFreezeWindow !== undefined) S.AdminFreezeWindow.set(storage, genesis.adminFreezeWindow);
  for (const subnet of genesis.subnets) writeSubnet(storage, subnet);
  return storage;
}
