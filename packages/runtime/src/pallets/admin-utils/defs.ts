/**
 * AdminUtils' identity, errors, events and own storage, as pallets/admin-utils/src/lib.rs
 * declares them. Kept apart from the pallet assembly so the call modules can raise AdminUtils
 * errors without importing the Pallet object (which is built from them).
 */
import { DispatchError } from '../../frame/dispatch.js';
import type { Context, EventVariantDef, ErrorDef, PalletInfo } from '../../frame/pallet.js';
import { storageMap } from '../../storage/items.js';
import { bool, enumType, u16, type Type } from '../../types/type.js';
import { NetUid, U64F64Bits } from '../subtensor/types.js';

export const ADMIN_UTILS: PalletInfo = { name: 'AdminUtils', index: 19 };

/** In subtensor's declaration order: the order fixes each error's index. */
export const ADMIN_UTILS_ERRORS = [
  { name: 'SubnetDoesNotExist', docs: 'The subnet does not exist, check the netuid parameter' },
  {
    name: 'MaxValidatorsLargerThanMaxUIds',
    docs: 'The maximum number of subnet validators must be less than the maximum number of allowed UIDs in the subnet.',
  },
  {
    name: 'MaxAllowedUIdsLessThanCurrentUIds',
    docs: 'The maximum number of subnet validators must be more than the current number of UIDs already in the subnet.',
  },
  { name: 'BondsMovingAverageMaxReached', docs: 'The maximum value for bonds moving average is reached' },
  { name: 'NegativeSigmoidSteepness', docs: 'Only root can set negative sigmoid steepness values' },
  { name: 'ValueNotInBounds', docs: 'Value not in allowed bounds.' },
  {
    name: 'MinAllowedUidsGreaterThanCurrentUids',
    docs: 'The minimum allowed UIDs must be less than the current number of UIDs in the subnet.',
  },
  {
    name: 'MinAllowedUidsGreaterThanMaxAllowedUids',
    docs: 'The minimum allowed UIDs must be less than the maximum allowed UIDs.',
  },
  {
    name: 'MaxAllowedUidsLessThanMinAllowedUids',
    docs: 'The maximum allowed UIDs must be greater than the minimum allowed UIDs.',
  },
  {
    name: 'MaxAllowedUidsGreaterThanDefaultMaxAllowedUids',
    docs: 'The maximum allowed UIDs must be less than the default maximum allowed UIDs.',
  },
  { name: 'InvalidValue', docs: 'Bad parameter value' },
  { name: 'NotPermittedOnRootSubnet', docs: 'Operation is not permitted on the root network.' },
  { name: 'POWRegistrationDisabled', docs: 'POW Registration has been deprecated' },
  { name: 'Deprecated', docs: 'Call is deprecated' },
] as const satisfies readonly ErrorDef[];

export type AdminUtilsErrorName = (typeof ADMIN_UTILS_ERRORS)[number]['name'];

const errorIndex = new Map<string, number>(ADMIN_UTILS_ERRORS.map((e, i) => [e.name, i]));

/** The module DispatchError for one of AdminUtils' errors. */
export function adminFail(name: AdminUtilsErrorName): DispatchError {
  const index = errorIndex.get(name) as number;
  return new DispatchError(
    { tag: 'Module', value: { index: ADMIN_UTILS.index, error: Uint8Array.of(index, 0, 0, 0) } },
    `${ADMIN_UTILS.name}.${name}`,
    ADMIN_UTILS_ERRORS[index]?.docs,
  );
}

export function adminEnsure(condition: boolean, name: AdminUtilsErrorName): void {
  if (!condition) throw adminFail(name);
}

/** Deposit an AdminUtils event (named-field variants: the value is an object). */
export function adminEmit(ctx: Context, name: string, value: object): void {
  ctx.deposit(ADMIN_UTILS, { tag: name, value });
}

export const PRECOMPILES = [
  'BalanceTransfer',
  'Staking',
  'Subnet',
  'Metagraph',
  'Neuron',
  'UidLookup',
  'Alpha',
  'Crowdloan',
  'Proxy',
  'Leasing',
  'AddressMapping',
  'VotingPower',
] as const;

export type PrecompileName = (typeof PRECOMPILES)[number];
export type PrecompileValue = { tag: PrecompileName; value: undefined };

export const PrecompileEnum: Type<PrecompileValue> = enumType<PrecompileValue>(
  ['pallet_admin_utils', 'pallet', 'PrecompileEnum'],
  PRECOMPILES.map((name) => ({ name })),
);

export const ADMIN_UTILS_EVENTS: readonly EventVariantDef[] = [
  {
    name: 'PrecompileUpdated',
    fields: [
      ['precompile_id', PrecompileEnum, 'PrecompileEnum'],
      ['enabled', bool, 'bool'],
    ],
    docs: ['Event emitted when a precompile operation is updated.'],
  },
  {
    name: 'Yuma3EnableToggled',
    fields: [
      ['netuid', NetUid, 'NetUid'],
      ['enabled', bool, 'bool'],
    ],
    docs: ['Event emitted when the Yuma3 enable is toggled.'],
  },
  {
    name: 'BondsResetToggled',
    fields: [
      ['netuid', NetUid, 'NetUid'],
      ['enabled', bool, 'bool'],
    ],
    docs: ['Event emitted when Bonds Reset is toggled.'],
  },
  {
    name: 'BurnHalfLifeSet',
    fields: [
      ['netuid', NetUid, 'NetUid'],
      ['burn_half_life', u16, 'u16'],
    ],
    docs: ['Event emitted when the burn half-life parameter is set for a subnet.'],
  },
  {
    name: 'BurnIncreaseMultSet',
    fields: [
      ['netuid', NetUid, 'NetUid'],
      ['burn_increase_mult', U64F64Bits, 'U64F64'],
    ],
    docs: ['Event emitted when the burn increase multiplier is set for a subnet.'],
  },
  {
    name: 'SubnetEmissionEnabledSet',
    fields: [
      ['netuid', NetUid, 'NetUid'],
      ['enabled', bool, 'bool'],
    ],
    docs: ['Pool-side subnet emission injections and chain buys were enabled or disabled.'],
  },
];

/** AdminUtils' only storage item: which EVM precompiles are enabled (all by default). */
export const AdminUtilsStorage = {
  PrecompileEnable: storageMap(
    ADMIN_UTILS.name,
    'PrecompileEnable',
    { hasher: 'Blake2_128Concat', type: PrecompileEnum },
    bool,
    { default: true, docs: ['Map PrecompileEnum --> enabled'] },
  ),
};
