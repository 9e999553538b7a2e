/**
 * Subnet hyperparameters as SubnetInfoRuntimeApi reports them (rpc_info/subnet_info.rs): the
 * fixed structs of get_subnet_hyperparams and _v2, and v3's open list of named, tagged values.
 * Every value comes from AdminUtils' listHyperparameters, the one place that knows how each is
 * read from storage.
 */
import { listHyperparameters, type HyperparameterEntry } from '../pallets/admin-utils/hyperparameters.js';
import type { ReadableStorage } from '../storage/kv.js';
import { bool, bytes, enumType, struct, vec, type Type } from '../types/type.js';
import { CompactU16, CompactU64, U64F64Type } from './info-types.js';
import {
  CompactU128,
  CompactU32,
  CompactTao,
  I32F32Type,
  SubnetInfoApiError,
  type FixedBits,
  type ValuesOf,
} from './subnet-info-types.js';

/** Typed reads of one subnet's listHyperparameters entries by name. */
export class Hyperparams {
  private readonly byName: Map<string, HyperparameterEntry>;

  constructor(entries: readonly HyperparameterEntry[]) {
    this.byName = new Map(entries.map((entry) => [entry.name, entry]));
  }

  static of(storage: ReadableStorage, netuid: number): Hyperparams {
    return new Hyperparams(listHyperparameters(storage, netuid));
  }

  entry(name: string): HyperparameterEntry {
    const entry = this.byName.get(name);
    if (entry === undefined) throw new SubnetInfoApiError(`no hyperparameter named ${name}`);
    return entry;
  }

  /** u16, u32 and i16 values. */
  num(name: string): number {
    const { value } = this.entry(name);
    if (typeof value !== 'number')
      throw new SubnetInfoApiError(`hyperparameter ${name} is not a small integer`);
    return value;
  }

  /** u64, TaoBalance and U64F64 (raw bits) values. */
  big(name: string): bigint {
    const { value } = this.entry(name);
    if (typeof value !== 'bigint') throw new SubnetInfoApiError(`hyperparameter ${name} is not a u64`);
    return value;
  }

  flag(name: string): boolean {
    const { value } = this.entry(name);
    if (typeof value !== 'boolean') throw new SubnetInfoApiError(`hyperparameter ${name} is not a bool`);
    return value;
  }
}

/** get_alpha_sigmoid_steepness: the stored i16 as I32F32. */
function steepness(h: Hyperparams): FixedBits {
  return { bits: BigInt(h.num('alpha_sigmoid_steepness')) << 32n };
}

// ---- get_subnet_hyperparams ----------------------------------------------------------------------

/** SubnetHyperparams and SubnetHyperparamsV2 share this prefix, field for field. */
const V1_FIELDS = [
  ['rho', CompactU16, 'Compact<u16>'],
  ['kappa', CompactU16, 'Compact<u16>'],
  ['immunity_period', CompactU16, 'Compact<u16>'],
  ['min_allowed_weights', CompactU16, 'Compact<u16>'],
  ['max_weights_limit', CompactU16, 'Compact<u16>'],
  ['tempo', CompactU16, 'Compact<u16>'],
  ['min_difficulty', CompactU64, 'Compact<u64>'],
  ['max_difficulty', CompactU64, 'Compact<u64>'],
  ['weights_version', CompactU64, 'Compact<u64>'],
  ['weights_rate_limit', CompactU64, 'Compact<u64>'],
  ['adjustment_interval', CompactU16, 'Compact<u16>'],
  ['activity_cutoff', CompactU64, 'Compact<u64>'],
  ['registration_allowed', bool, 'bool'],
  ['target_regs_per_interval', CompactU16, 'Compact<u16>'],
  ['min_burn', CompactTao, 'Compact<TaoBalance>'],
  ['max_burn', CompactTao, 'Compact<TaoBalance>'],
  ['bonds_moving_avg', CompactU64, 'Compact<u64>'],
  ['max_regs_per_block', CompactU16, 'Compact<u16>'],
  ['serving_rate_limit', CompactU64, 'Compact<u64>'],
  ['max_validators', CompactU16, 'Compact<u16>'],
  ['adjustment_alpha', CompactU64, 'Compact<u64>'],
  ['difficulty', CompactU64, 'Compact<u64>'],
  ['commit_reveal_period', CompactU64, 'Compact<u64>'],
  ['commit_reveal_weights_enabled', bool, 'bool'],
  ['alpha_high', CompactU16, 'Compact<u16>'],
  ['alpha_low', CompactU16, 'Compact<u16>'],
  ['liquid_alpha_enabled', bool, 'bool'],
] as const;

const V2_EXTRA_FIELDS = [
  ['alpha_sigmoid_steepness', I32F32Type, 'I32F32'],
  ['yuma_version', CompactU16, 'Compact<u16>'],
  ['subnet_is_active', bool, 'bool'],
  ['transfers_enabled', bool, 'bool'],
  ['bonds_reset_enabled', bool, 'bool'],
  ['user_liquidity_enabled', bool, 'bool'],
] as const;

export type SubnetHyperparams = ValuesOf<typeof V1_FIELDS>;
export type SubnetHyperparamsV2 = SubnetHyperparams & ValuesOf<typeof V2_EXTRA_FIELDS>;

const RPC_PATH = ['pallet_subtensor', 'rpc_info', 'subnet_info'];

export const SubnetHyperparamsType: Type<SubnetHyperparams> = struct<SubnetHyperparams>(
  [...RPC_PATH, 'SubnetHyperparams'],
  V1_FIELDS,
);
export const SubnetHyperparamsV2Type: Type<SubnetHyperparamsV2> = struct<SubnetHyperparamsV2>(
  [...RPC_PATH, 'SubnetHyperparamsV2'],
  [...V1_FIELDS, ...V2_EXTRA_FIELDS],
);

/** The struct fields' values, each the same listHyperparameters entry v3 reports by that name. */
export function subnetHyperparams(h: Hyperparams): SubnetHyperparams {
  const out: Record<string, number | bigint | boolean> = {};
  for (const [name, type] of V1_FIELDS) {
    out[name] = type === bool ? h.flag(name) : type === CompactU16 ? h.num(name) : h.big(name);
  }
  return out as SubnetHyperparams;
}

export function subnetHyperparamsV2(h: Hyperparams): SubnetHyperparamsV2 {
  return {
    ...subnetHyperparams(h),
    alpha_sigmoid_steepness: steepness(h),
    yuma_version: h.num('yuma_version'),
    subnet_is_active: h.flag('subnet_is_active'),
    transfers_enabled: h.flag('transfers_enabled'),
    bonds_reset_enabled: h.flag('bonds_reset_enabled'),
    // Always false on subtensor too: user liquidity positions were removed.
    user_liquidity_enabled: h.flag('user_liquidity_enabled'),
  };
}

// ---- get_subnet_hyperparams_v3 -----------------------------------------------------------------

export type HyperparamValue =
  | { tag: 'Bool'; value: boolean }
  | { tag: 'U16' | 'U32'; value: number }
  | { tag: 'U64' | 'U128' | 'TaoBalance'; value: bigint }
  | { tag: 'I32F32' | 'U64F64'; value: FixedBits };

export const HyperparamValueType = enumType<HyperparamValue>(
  [...RPC_PATH, 'HyperparamValue'],
  [
    { name: 'Bool', fields: bool },
    { name: 'U16', fields: CompactU16 },
    { name: 'U32', fields: CompactU32 },
    { name: 'U64', fields: CompactU64 },
    { name: 'U128', fields: CompactU128 },
    { name: 'TaoBalance', fields: CompactTao },
    { name: 'I32F32', fields: I32F32Type },
    { name: 'U64F64', fields: U64F64Type },
  ],
);

export interface HyperparamEntry {
  /** ASCII name, e.g. `kappa`. */
  name: Uint8Array;
  value: HyperparamValue;
}

export const HyperparamEntryType = struct<HyperparamEntry>(
  [...RPC_PATH, 'HyperparamEntry'],
  [
    ['name', bytes, 'Vec<u8>'],
    ['value', HyperparamValueType, 'HyperparamValue'],
  ],
);

/** SubnetHyperparamsV3 is a type alias for the list, so the list itself is the output type. */
export const SubnetHyperparamsV3Type = vec(HyperparamEntryType);

/** The names get_subnet_hyperparams_v3 lists, in its order. */
export const V3_NAMES = [
  'kappa',
  'immunity_period',
  'min_allowed_weights',
  'max_weights_limit',
  'tempo',
  'weights_version',
  'weights_rate_limit',
  'activity_cutoff',
  'activity_cutoff_factor',
  'registration_allowed',
  'target_regs_per_interval',
  'min_burn',
  'max_burn',
  'burn_half_life',
  'burn_increase_mult',
  'bonds_moving_avg',
  'max_regs_per_block',
  'serving_rate_limit',
  'max_validators',
  'commit_reveal_period',
  'commit_reveal_weights_enabled',
  'alpha_high',
  'alpha_low',
  'liquid_alpha_enabled',
  'alpha_sigmoid_steepness',
  'yuma_version',
  'subnet_is_active',
  'transfers_enabled',
  'bonds_reset_enabled',
  'user_liquidity_enabled',
  'owner_cut_enabled',
  'owner_cut_auto_lock_enabled',
  'min_childkey_take',
] as const;

/**
 * get_effective_min_childkey_take: max(MinChildkeyTake, MinChildkeyTakePerSubnet). Childkeys are
 * not implemented yet, so both are at their storage defaults (0), as on a subtensor chain where
 * neither was ever set.
 */
const MIN_CHILDKEY_TAKE = 0;

const encoder = new TextEncoder();

function taggedValue(h: Hyperparams, name: string): HyperparamValue {
  if (name === 'min_childkey_take') return { tag: 'U16', value: MIN_CHILDKEY_TAKE };
  const entry = h.entry(name);
  switch (entry.kind) {
    case 'bool':
      return { tag: 'Bool', value: h.flag(name) };
    case 'u16':
      return { tag: 'U16', value: h.num(name) };
    case 'u32':
      return { tag: 'U32', value: h.num(name) };
    case 'u64':
      return { tag: 'U64', value: h.big(name) };
    case 'TaoBalance':
      return { tag: 'TaoBalance', value: h.big(name) };
    case 'U64F64':
      return { tag: 'U64F64', value: { bits: h.big(name) } };
    case 'i16':
      // The only i16 (alpha_sigmoid_steepness) is reported as I32F32.
      return { tag: 'I32F32', value: { bits: BigInt(h.num(name)) << 32n } };
  }
}

export function subnetHyperparamsV3(h: Hyperparams): HyperparamEntry[] {
  return V3_NAMES.map((name) => ({ name: encoder.encode(name), value: taggedValue(h, name) }));
}
