/**
 * The Metagraph's fields (rpc_info/metagraph.rs), in declaration order: each with its type, its
 * Rust type name and how its value is read. The order is also SelectiveMetagraphIndex's
 * numbering (field k is index k), so the full struct, the selective one and the subnet summaries
 * that repeat some of its fields are all built from this one list.
 *
 * This runtime swaps TAO and alpha 1:1 (docs/runtime.md); the pool terms below say what that
 * means field by field.
 */
import { S } from '../pallets/subtensor/storage.js';
import { AxonInfoType, SubnetIdentityV3Type } from '../pallets/subtensor/types.js';
import { AccountId32, type AccountId } from '../types/substrate.js';
import { bool, option, tuple, vec, type Type } from '../types/type.js';
import { fixed64ToU64, type MetagraphView } from './metagraph-view.js';
import { CompactU16, CompactU64 } from './info-types.js';
import {
  CompactU128,
  ChainIdentityV2Type,
  CompactAlpha,
  CompactBytes,
  CompactNetUid,
  CompactTao,
  I96F32Type,
  I96F32_ONE,
  type FixedBits,
} from './subnet-info-types.js';

const VecAccount = vec(AccountId32);
const VecBool = vec(bool);
const VecCU16 = vec(CompactU16);
const VecCU64 = vec(CompactU64);
const VecAlpha = vec(CompactAlpha);
const VecTao = vec(CompactTao);
const U64_MAX = 0xffff_ffff_ffff_ffffn;

export type FieldRead<T> = (view: MetagraphView) => T;

/** One field: [name, type, Rust type name, read]; the helper ties the reader to the type. */
function field<N extends string, T>(
  name: N,
  type: Type<T>,
  rust: string,
  read: FieldRead<T>,
): readonly [N, Type<T>, string, FieldRead<T>] {
  return [name, type, rust, read] as const;
}

/** get_name_for_subnet's fallbacks for subnets without an identity name. */
const DEFAULT_NAMES = new Map<number, string>([
  [0, 'root'],
  [1, 'apex'],
  [2, 'omron'],
  [3, 'templar'],
  [4, 'targon'],
  [5, 'kaito'],
  [6, 'infinite'],
  [7, 'subvortex'],
  [437, 'ya'],
  [438, 'ra'],
]);

const encoder = new TextEncoder();

/** get_name_for_subnet: the identity's name if it has one, else subtensor's fixed fallback. */
export function subnetName(view: MetagraphView): number[] {
  const name = S.SubnetIdentitiesV3.tryGet(view.storage, view.netuid)?.subnet_name;
  if (name !== undefined && name.length > 0) return [...name];
  return [...encoder.encode(DEFAULT_NAMES.get(view.netuid) ?? 'unknown')];
}

/**
 * TokenSymbol's storage default, the tau sign 𝜏: subtensor answers it for any subnet without a
 * symbol of its own, and this runtime stores none (symbols are not implemented yet).
 */
const DEFAULT_SYMBOL = [0xf0, 0x9d, 0x9c, 0x8f];

const hp =
  (name: string): FieldRead<number> =>
  (v) =>
    v.hyper().num(name);
const hpBig =
  (name: string): FieldRead<bigint> =>
  (v) =>
    v.hyper().big(name);
const hpFlag =
  (name: string): FieldRead<boolean> =>
  (v) =>
    v.hyper().flag(name);

const perNet =
  <V>(item: { get(storage: MetagraphView['storage'], netuid: number): V }): FieldRead<V> =>
  (v) =>
    item.get(v.storage, v.netuid);

/** Deprecated per-uid columns subtensor no longer computes: always empty. */
const deprecatedColumn: FieldRead<number[]> = () => [];

export const METAGRAPH_FIELDS = [
  // Subnet index: the mechanism's storage index for mechagraphs.
  field('netuid', CompactNetUid, 'Compact<NetUid>', (v) => v.index),
  field('name', CompactBytes, 'Vec<Compact<u8>>', subnetName),
  field('symbol', CompactBytes, 'Vec<Compact<u8>>', () => [...DEFAULT_SYMBOL]),
  field('identity', option(SubnetIdentityV3Type), 'Option<SubnetIdentityV3>', (v) =>
    S.SubnetIdentitiesV3.tryGet(v.storage, v.netuid),
  ),
  field('network_registered_at', CompactU64, 'Compact<u64>', perNet(S.NetworkRegisteredAt)),
  field('owner_hotkey', AccountId32, 'AccountId', perNet(S.SubnetOwnerHotkey)),
  field('owner_coldkey', AccountId32, 'AccountId', perNet(S.SubnetOwner)),
  field('block', CompactU64, 'Compact<u64>', (v) => v.block),
  field('tempo', CompactU16, 'Compact<u16>', perNet(S.Tempo)),
  field('last_step', CompactU64, 'Compact<u64>', (v) => v.lastStep()),
  field('blocks_since_last_step', CompactU64, 'Compact<u64>', (v) => v.blocksSinceLastStep()),
  // Deprecated on subtensor: always 0.
  field('subnet_emission', CompactU64, 'Compact<u64>', () => 0n),
  field('alpha_in', CompactAlpha, 'Compact<AlphaBalance>', perNet(S.SubnetAlphaIn)),
  field('alpha_out', CompactAlpha, 'Compact<AlphaBalance>', perNet(S.SubnetAlphaOut)),
  field('tao_in', CompactTao, 'Compact<TaoBalance>', perNet(S.SubnetTAO)),
  // Alpha minted to participants per block: with 1:1 pools, the subnet's TAO share of the block.
  field('alpha_out_emission', CompactAlpha, 'Compact<AlphaBalance>', perNet(S.SubnetEmission)),
  // Alpha injected into the pool per block: none, the 1:1 pools take no alpha reserve injection.
  field('alpha_in_emission', CompactAlpha, 'Compact<AlphaBalance>', () => 0n),
  // TAO injected into the subnet per block (SubnetTaoInEmission's counterpart).
  field('tao_in_emission', CompactTao, 'Compact<TaoBalance>', perNet(S.SubnetEmission)),
  field('pending_alpha_emission', CompactAlpha, 'Compact<AlphaBalance>', (v) => {
    const sum =
      S.PendingValidatorEmission.get(v.storage, v.netuid) + S.PendingServerEmission.get(v.storage, v.netuid);
    return sum > U64_MAX ? U64_MAX : sum;
  }),
  // Root TAO dividends were removed from subtensor: always 0.
  field('pending_root_emission', CompactTao, 'Compact<TaoBalance>', () => 0n),
  // SubnetVolume counts TAO swapped through the AMM; there is no AMM here, so it stays 0.
  field('subnet_volume', CompactU128, 'Compact<u128>', () => 0n),
  // Every pool is priced 1 TAO per alpha.
  field('moving_price', I96F32Type, 'I96F32', (): FixedBits => ({ ...I96F32_ONE })),
  field('rho', CompactU16, 'Compact<u16>', hp('rho')),
  field('kappa', CompactU16, 'Compact<u16>', hp('kappa')),
  field('min_allowed_weights', CompactU16, 'Compact<u16>', hp('min_allowed_weights')),
  field('max_weights_limit', CompactU16, 'Compact<u16>', hp('max_weights_limit')),
  field('weights_version', CompactU64, 'Compact<u64>', hpBig('weights_version')),
  field('weights_rate_limit', CompactU64, 'Compact<u64>', hpBig('weights_rate_limit')),
  field('activity_cutoff', CompactU64, 'Compact<u64>', hpBig('activity_cutoff')),
  field('max_validators', CompactU16, 'Compact<u16>', hp('max_validators')),
  field('num_uids', CompactU16, 'Compact<u16>', (v) => v.n()),
  field('max_uids', CompactU16, 'Compact<u16>', hp('max_allowed_uids')),
  field('burn', CompactTao, 'Compact<TaoBalance>', perNet(S.Burn)),
  field('difficulty', CompactU64, 'Compact<u64>', hpBig('difficulty')),
  field('registration_allowed', bool, 'bool', hpFlag('registration_allowed')),
  field('pow_registration_allowed', bool, 'bool', perNet(S.NetworkPowRegistrationAllowed)),
  field('immunity_period', CompactU16, 'Compact<u16>', hp('immunity_period')),
  field('min_difficulty', CompactU64, 'Compact<u64>', hpBig('min_difficulty')),
  field('max_difficulty', CompactU64, 'Compact<u64>', hpBig('max_difficulty')),
  field('min_burn', CompactTao, 'Compact<TaoBalance>', hpBig('min_burn')),
  field('max_burn', CompactTao, 'Compact<TaoBalance>', hpBig('max_burn')),
  field('adjustment_alpha', CompactU64, 'Compact<u64>', hpBig('adjustment_alpha')),
  field('adjustment_interval', CompactU16, 'Compact<u16>', hp('adjustment_interval')),
  field('target_regs_per_interval', CompactU16, 'Compact<u16>', hp('target_regs_per_interval')),
  field('max_regs_per_block', CompactU16, 'Compact<u16>', hp('max_regs_per_block')),
  field('serving_rate_limit', CompactU64, 'Compact<u64>', hpBig('serving_rate_limit')),
  field('commit_reveal_weights_enabled', bool, 'bool', hpFlag('commit_reveal_weights_enabled')),
  field('commit_reveal_period', CompactU64, 'Compact<u64>', hpBig('commit_reveal_period')),
  field('liquid_alpha_enabled', bool, 'bool', hpFlag('liquid_alpha_enabled')),
  field('alpha_high', CompactU16, 'Compact<u16>', hp('alpha_high')),
  field('alpha_low', CompactU16, 'Compact<u16>', hp('alpha_low')),
  field('bonds_moving_avg', CompactU64, 'Compact<u64>', hpBig('bonds_moving_avg')),
  field('hotkeys', VecAccount, 'Vec<AccountId>', (v) => v.hotkeys()),
  field('coldkeys', VecAccount, 'Vec<AccountId>', (v) => v.coldkeys()),
  // Coldkey identities (set_identity) are not implemented: every uid has none.
  field('identities', vec(option(ChainIdentityV2Type)), 'Vec<Option<ChainIdentityOfV2>>', (v) =>
    new Array<undefined>(v.n()).fill(undefined),
  ),
  field('axons', vec(AxonInfoType), 'Vec<AxonInfo>', (v) => v.axons()),
  field('active', VecBool, 'Vec<bool>', perNet(S.Active)),
  field('validator_permit', VecBool, 'Vec<bool>', perNet(S.ValidatorPermit)),
  field('pruning_score', VecCU16, 'Vec<Compact<u16>>', deprecatedColumn),
  field('last_update', VecCU64, 'Vec<Compact<u64>>', (v) => S.LastUpdate.get(v.storage, v.index)),
  field('emission', VecAlpha, 'Vec<Compact<AlphaBalance>>', perNet(S.Emission)),
  field('dividends', VecCU16, 'Vec<Compact<u16>>', perNet(S.Dividends)),
  field('incentives', VecCU16, 'Vec<Compact<u16>>', (v) => S.Incentive.get(v.storage, v.index)),
  field('consensus', VecCU16, 'Vec<Compact<u16>>', perNet(S.Consensus)),
  field('trust', VecCU16, 'Vec<Compact<u16>>', deprecatedColumn),
  field('rank', VecCU16, 'Vec<Compact<u16>>', deprecatedColumn),
  field('block_at_registration', VecCU64, 'Vec<Compact<u64>>', (v) => v.blockAtRegistration()),
  field('alpha_stake', VecAlpha, 'Vec<Compact<AlphaBalance>>', (v) =>
    v.stakeWeights().alpha.map(fixed64ToU64),
  ),
  field('tao_stake', VecTao, 'Vec<Compact<TaoBalance>>', (v) => v.stakeWeights().tao.map(fixed64ToU64)),
  field('total_stake', VecTao, 'Vec<Compact<TaoBalance>>', (v) => v.stakeWeights().total.map(fixed64ToU64)),
  // Root TAO dividends were removed from subtensor: every hotkey gets 0.
  field(
    'tao_dividends_per_hotkey',
    vec(tuple(AccountId32, CompactTao)),
    'Vec<(AccountId, Compact<TaoBalance>)>',
    (v) => v.hotkeys().map((hotkey): [AccountId, bigint] => [hotkey, 0n]),
  ),
  field(
    'alpha_dividends_per_hotkey',
    vec(tuple(AccountId32, CompactAlpha)),
    'Vec<(AccountId, Compact<AlphaBalance>)>',
    (v) => {
      const paid = v.alphaDividends();
      return v.hotkeys().map((hotkey, uid): [AccountId, bigint] => [hotkey, paid[uid] ?? 0n]);
    },
  ),
] as const;

export type MetagraphFieldName = (typeof METAGRAPH_FIELDS)[number][0];

export type FieldsByName = { [F in (typeof METAGRAPH_FIELDS)[number] as F[0]]: F };

/** One Metagraph field's declaration by name (for structs that repeat some of them). */
export function readerOf<N extends MetagraphFieldName>(name: N): FieldsByName[N] {
  const found = METAGRAPH_FIELDS.find(([fieldName]) => fieldName === name);
  if (found === undefined) throw new Error(`no Metagraph field ${name}`);
  return found as FieldsByName[N];
}
