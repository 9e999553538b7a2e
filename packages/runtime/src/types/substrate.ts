/**
 * Substrate types the runtime and clients share, with the scale-info paths clients recognise.
 */
import { _void } from '@tao-ts/primitives';
import {
  bool,
  bytes,
  compact,
  enumType,
  fixedBytes,
  newtype,
  struct,
  u128,
  u32,
  u64,
  u8,
  unit,
  vec,
  type Type,
} from './type.js';

export type AccountId = Uint8Array;

export const AccountId32: Type<AccountId> = newtype(['sp_core', 'crypto', 'AccountId32'], fixedBytes(32));
export const H256: Type<Uint8Array> = newtype(['primitive_types', 'H256'], fixedBytes(32));
/** subtensor's BlockNumber is u32; u64 block numbers appear in its own storage (LastUpdate…). */
export const BlockNumber = u32;
export const Balance = u64;
export const Nonce = u32;

export interface AccountData {
  free: bigint;
  reserved: bigint;
  frozen: bigint;
  flags: bigint;
}

export const AccountDataType: Type<AccountData> = struct(
  ['pallet_balances', 'types', 'AccountData'],
  [
    ['free', Balance, 'Balance'],
    ['reserved', Balance, 'Balance'],
    ['frozen', Balance, 'Balance'],
    ['flags', newtype(['pallet_balances', 'types', 'ExtraFlags'], u128), 'ExtraFlags'],
  ],
);

export interface AccountInfo {
  nonce: number;
  consumers: number;
  providers: number;
  sufficients: number;
  data: AccountData;
}

export const AccountInfoType: Type<AccountInfo> = struct(
  ['frame_system', 'AccountInfo'],
  [
    ['nonce', Nonce, 'Nonce'],
    ['consumers', u32, 'RefCount'],
    ['providers', u32, 'RefCount'],
    ['sufficients', u32, 'RefCount'],
    ['data', AccountDataType, 'AccountData'],
  ],
);

export interface Weight {
  ref_time: bigint;
  proof_size: bigint;
}

export const WeightType: Type<Weight> = struct(
  ['sp_weights', 'weight_v2', 'Weight'],
  [
    ['ref_time', compact(u64)],
    ['proof_size', compact(u64)],
  ],
);

export type DispatchClass = 'Normal' | 'Operational' | 'Mandatory';
export const DispatchClassType = enumType<{ tag: DispatchClass; value: undefined }>(
  ['frame_support', 'dispatch', 'DispatchClass'],
  [{ name: 'Normal' }, { name: 'Operational' }, { name: 'Mandatory' }],
);

export type Pays = 'Yes' | 'No';
export const PaysType = enumType<{ tag: Pays; value: undefined }>(
  ['frame_support', 'dispatch', 'Pays'],
  [{ name: 'Yes' }, { name: 'No' }],
);

export interface DispatchInfo {
  weight: Weight;
  class: { tag: DispatchClass; value: undefined };
  pays_fee: { tag: Pays; value: undefined };
}

/**
 * What System.ExtrinsicSuccess/ExtrinsicFailed carry: frame_system's DispatchEventInfo, since
 * FRAME's own DispatchInfo split call and extension weights.
 */
export const DispatchInfoType: Type<DispatchInfo> = struct(
  ['frame_system', 'DispatchEventInfo'],
  [
    ['weight', WeightType, 'Weight'],
    ['class', DispatchClassType, 'DispatchClass'],
    ['pays_fee', PaysType, 'Pays'],
  ],
);

export const ModuleErrorType = struct<{ index: number; error: Uint8Array }>(
  ['sp_runtime', 'ModuleError'],
  [
    ['index', u8, 'u8'],
    ['error', fixedBytes(4), '[u8; MAX_MODULE_ERROR_ENCODED_SIZE]'],
  ],
);

const TokenErrorType = enumType(
  ['sp_runtime', 'TokenError'],
  [
    'FundsUnavailable',
    'OnlyProvider',
    'BelowMinimum',
    'CannotCreate',
    'UnknownAsset',
    'Frozen',
    'Unsupported',
    'CannotCreateHold',
    'NotExpendable',
    'Blocked',
  ].map((name) => ({ name })),
);
const ArithmeticErrorType = enumType(
  ['sp_arithmetic', 'ArithmeticError'],
  [{ name: 'Underflow' }, { name: 'Overflow' }, { name: 'DivisionByZero' }],
);
const TransactionalErrorType = enumType(
  ['sp_runtime', 'TransactionalError'],
  [{ name: 'LimitReached' }, { name: 'NoLayer' }],
);

export type DispatchErrorValue =
  | {
      tag:
        | 'Other'
        | 'CannotLookup'
        | 'BadOrigin'
        | 'ConsumerRemaining'
        | 'NoProviders'
        | 'TooManyConsumers'
        | 'Exhausted'
        | 'Corruption'
        | 'Unavailable'
        | 'RootNotAllowed';
      value: undefined;
    }
  | { tag: 'Module'; value: { index: number; error: Uint8Array } }
  | { tag: 'Token'; value: { tag: string; value: undefined } }
  | { tag: 'Arithmetic'; value: { tag: 'Underflow' | 'Overflow' | 'DivisionByZero'; value: undefined } }
  | { tag: 'Transactional'; value: { tag: string; value: undefined } };

export const DispatchErrorType = enumType<DispatchErrorValue>(
  ['sp_runtime', 'DispatchError'],
  [
    { name: 'Other' },
    { name: 'CannotLookup' },
    { name: 'BadOrigin' },
    { name: 'Module', fields: ModuleErrorType },
    { name: 'ConsumerRemaining' },
    { name: 'NoProviders' },
    { name: 'TooManyConsumers' },
    { name: 'Token', fields: TokenErrorType },
    { name: 'Arithmetic', fields: ArithmeticErrorType },
    { name: 'Transactional', fields: TransactionalErrorType },
    { name: 'Exhausted' },
    { name: 'Corruption' },
    { name: 'Unavailable' },
    { name: 'RootNotAllowed' },
  ],
);

const CompactUnit: Type<undefined> = {
  codec: _void,
  info: { kind: 'compact', of: unit },
  name: 'Compact<()>',
};

/** sp_runtime::MultiAddress<AccountId32, ()>: how extrinsics and transfers name accounts. */
export type MultiAddressValue =
  | { tag: 'Id'; value: AccountId }
  | { tag: 'Index'; value: undefined }
  | { tag: 'Raw'; value: Uint8Array }
  | { tag: 'Address32'; value: Uint8Array }
  | { tag: 'Address20'; value: Uint8Array };

export const MultiAddressType = enumType<MultiAddressValue>(
  ['sp_runtime', 'multiaddress', 'MultiAddress'],
  [
    { name: 'Id', fields: AccountId32 },
    // MultiAddress<AccountId, ()>: the index is Compact<()>, which encodes as nothing.
    { name: 'Index', fields: CompactUnit },
    { name: 'Raw', fields: bytes },
    { name: 'Address32', fields: fixedBytes(32) },
    { name: 'Address20', fields: fixedBytes(20) },
  ],
  undefined,
  // Clients tell 32-byte from 20-byte accounts by the AccountId parameter.
  [
    { name: 'AccountId', type: AccountId32 },
    { name: 'AccountIndex', type: unit },
  ],
);

export const Bool = bool;
export const BytesVec = vec(u8);
