/**
 * Subnet hyperparameters under btcli's snake_case names, and which AdminUtils call sets each one.
 * Values come from get_subnet_hyperparams_v2 (the fixed struct every subtensor has) plus the named
 * entries of get_subnet_hyperparams_v3 where the runtime offers it; fixed-point values are shown as
 * decimals, balances and u64s as bigint (decimal strings in JSON).
 */
import type { ChainClient } from '@tao-ts/sdk';
import type { JsonSchema } from '../../framework/schema.js';

export type HyperValue = number | bigint | boolean | string;

export const hyperValueSchema: JsonSchema = {
  anyOf: [{ type: 'number' }, { type: 'boolean' }, { type: 'string' }],
  description: 'integers wider than 32 bits and balances (rao) as decimal strings',
};

/**
 * btcli's `sudo set` names → AdminUtils call (polkadot-js spelling) and whether only the sudo key may
 * set it (btcli's HYPERPARAMS root-only flag). Names missing here are shown but not settable.
 */
export const SETTERS: Readonly<Record<string, { readonly call: string; readonly root: boolean }>> = {
  rho: { call: 'sudoSetRho', root: false },
  kappa: { call: 'sudoSetKappa', root: false },
  immunity_period: { call: 'sudoSetImmunityPeriod', root: false },
  min_allowed_weights: { call: 'sudoSetMinAllowedWeights', root: false },
  max_weights_limit: { call: 'sudoSetMaxWeightLimit', root: false },
  tempo: { call: 'sudoSetTempo', root: true },
  min_difficulty: { call: 'sudoSetMinDifficulty', root: true },
  max_difficulty: { call: 'sudoSetMaxDifficulty', root: false },
  weights_version: { call: 'sudoSetWeightsVersionKey', root: false },
  weights_rate_limit: { call: 'sudoSetWeightsSetRateLimit', root: true },
  adjustment_interval: { call: 'sudoSetAdjustmentInterval', root: true },
  activity_cutoff: { call: 'sudoSetActivityCutoff', root: false },
  target_regs_per_interval: { call: 'sudoSetTargetRegistrationsPerInterval', root: true },
  min_burn: { call: 'sudoSetMinBurn', root: false },
  max_burn: { call: 'sudoSetMaxBurn', root: true },
  bonds_moving_avg: { call: 'sudoSetBondsMovingAverage', root: false },
  max_regs_per_block: { call: 'sudoSetMaxRegistrationsPerBlock', root: true },
  serving_rate_limit: { call: 'sudoSetServingRateLimit', root: false },
  max_validators: { call: 'sudoSetMaxAllowedValidators', root: true },
  adjustment_alpha: { call: 'sudoSetAdjustmentAlpha', root: false },
  difficulty: { call: 'sudoSetDifficulty', root: true },
  commit_reveal_period: { call: 'sudoSetCommitRevealWeightsInterval', root: false },
  commit_reveal_weights_enabled: { call: 'sudoSetCommitRevealWeightsEnabled', root: false },
  liquid_alpha_enabled: { call: 'sudoSetLiquidAlphaEnabled', root: false },
  registration_allowed: { call: 'sudoSetNetworkRegistrationAllowed', root: true },
  network_pow_registration_allowed: { call: 'sudoSetNetworkPowRegistrationAllowed', root: false },
  yuma3_enabled: { call: 'sudoSetYuma3Enabled', root: false },
  alpha_sigmoid_steepness: { call: 'sudoSetAlphaSigmoidSteepness', root: true },
  bonds_reset_enabled: { call: 'sudoSetBondsResetEnabled', root: false },
  transfers_enabled: { call: 'sudoSetToggleTransfer', root: false },
  bonds_penalty: { call: 'sudoSetBondsPenalty', root: false },
  burn_half_life: { call: 'sudoSetBurnHalfLife', root: false },
  burn_increase_mult: { call: 'sudoSetBurnIncreaseMult', root: false },
  owner_cut_enabled: { call: 'sudoSetOwnerCutEnabled', root: false },
  owner_cut_auto_lock_enabled: { call: 'sudoSetOwnerCutAutoLockEnabled', root: false },
  owner_immune_neuron_limit: { call: 'sudoSetOwnerImmuneNeuronLimit', root: false },
  max_allowed_uids: { call: 'sudoSetMaxAllowedUids', root: false },
};

/** SDK field names that differ from btcli's once snake_cased. */
const RENAMES: Readonly<Record<string, string>> = {};

export function snake(name: string): string {
  const s = name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
  return RENAMES[s] ?? s;
}

const TWO_32 = 2 ** 32;
const TWO_64 = 2 ** 64;

/** A value as the SDK or polkadot-js hands it over → a printable/JSON-able value. */
function normalise(value: unknown, fraction = TWO_32): HyperValue {
  if (typeof value === 'bigint' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && value !== null && 'bits' in value) {
    const bits = value.bits;
    const n = typeof bits === 'string' && bits.startsWith('0x') ? Number(BigInt(bits)) : Number(bits);
    return n / fraction;
  }
  return JSON.stringify(value);
}

interface Codec {
  toJSON(): unknown;
  toU8a(isBare?: boolean): Uint8Array;
  isSome?: boolean;
  unwrap?: () => Codec;
  toArray?: () => Codec[];
  get?: (key: string) => Codec | undefined;
  type?: string;
  value?: Codec;
  toBigInt?: () => bigint;
  toPrimitive(): unknown;
}

function v3Value(codec: Codec | undefined): HyperValue {
  if (codec?.type === undefined || codec.value === undefined) return '';
  const inner = codec.value;
  switch (codec.type) {
    case 'Bool':
      return inner.toPrimitive() === true;
    case 'U64F64':
      return normalise(inner.toJSON(), TWO_64);
    case 'I32F32':
    case 'U32F32':
      return normalise(inner.toJSON(), TWO_32);
    default: {
      if (inner.toBigInt !== undefined) {
        const b = inner.toBigInt();
        return b <= 0xffff_ffffn ? Number(b) : b;
      }
      return normalise(inner.toJSON());
    }
  }
}

/** Every hyperparameter of `netuid` by btcli name, in the chain's order. */
export async function readHyperparameters(
  client: ChainClient,
  netuid: number,
): Promise<Record<string, HyperValue>> {
  const v2 = await client.hyperparameters(netuid);
  const out: Record<string, HyperValue> = {};
  for (const [key, value] of Object.entries(v2)) out[snake(key)] = normalise(value);
  const calls = client.api.call as unknown as Record<string, Record<string, unknown> | undefined>;
  if (calls['subnetInfoRuntimeApi']?.['getSubnetHyperparamsV3'] !== undefined) {
    const answer = (await client.runtimeApi(
      'subnetInfoRuntimeApi',
      'getSubnetHyperparamsV3',
    )(netuid)) as Codec;
    const list = answer.isSome === true && answer.unwrap !== undefined ? answer.unwrap() : undefined;
    for (const entry of list?.toArray?.() ?? []) {
      const nameCodec = entry.get?.('name');
      const name = nameCodec === undefined ? '' : new TextDecoder().decode(nameCodec.toU8a(true));
      if (name !== '' && !(name in out)) out[name] = v3Value(entry.get?.('value'));
    }
  }
  return out;
}

/** How a value prints in tables: bigints and numbers as they are, booleans as true/false. */
export function showValue(value: HyperValue): string {
  if (typeof value === 'number' && !Number.isInteger(value)) return `${Number(value.toPrecision(10))}`;
  return String(value);
}
