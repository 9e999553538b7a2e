/**
 * Substrate types the runtime and clients share, with the scale-info paths clients recognise.
 */
import { _void, createCodec, cursorDecoder, type Codec } from '@tao-ts/primitives';
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

const accountInfoStruct: Type<AccountInfo> = struct(
  ['frame_system', 'AccountInfo'],
  [
    ['nonce', Nonce, 'Nonce'],
    ['consumers', u32, 'RefCount'],
    ['providers', u32, 'RefCount'],
    ['sufficients', u32, 'RefCount'],
    ['data', AccountDataType, 'AccountData'],
  ],
);

/** Encoded size of AccountInfo: four u32, three u64 balances, u128 flags. */
const ACCOUNT_INFO_BYTES = 56;
const U32_MAX = 0xffff_ffff;
const U64_MAX = 2n ** 64n - 1n;
const U128_MAX = 2n ** 128n - 1n;

const isU32 = (v: unknown): boolean => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= U32_MAX;
const isU64 = (v: unknown): boolean => typeof v === 'bigint' && v >= 0n && v <= U64_MAX;

/**
 * AccountInfo is read and written several times per transfer. This codec gives exactly the
 * struct codec's bytes and values in one pass (one bounds check, no per-field wrappers); anything
 * out of the ordinary (a truncated input, an out-of-range field) goes to the struct codec, so
 * errors stay the same.
 */
function accountInfoCodec(generic: Codec<AccountInfo>): Codec<AccountInfo> {
  const encode = (info: AccountInfo): Uint8Array => {
    const data = info.data as AccountData | undefined;
    if (
      data === undefined ||
      !isU32(info.nonce) ||
      !isU32(info.consumers) ||
      !isU32(info.providers) ||
      !isU32(info.sufficients) ||
      !isU64(data.free) ||
      !isU64(data.reserved) ||
      !isU64(data.frozen) ||
      typeof data.flags !== 'bigint' ||
      data.flags < 0n ||
      data.flags > U128_MAX
    )
      return generic.enc(info);
    const out = new Uint8Array(ACCOUNT_INFO_BYTES);
    const view = new DataView(out.buffer);
    view.setUint32(0, info.nonce, true);
    view.setUint32(4, info.consumers, true);
    view.setUint32(8, info.providers, true);
    view.setUint32(12, info.sufficients, true);
    view.setBigUint64(16, data.free, true);
    view.setBigUint64(24, data.reserved, true);
    view.setBigUint64(32, data.frozen, true);
    view.setBigUint64(40, BigInt.asUintN(64, data.flags), true);
    view.setBigUint64(48, data.flags >> 64n, true);
    return out;
  };
  const read = (v: DataView, at: number): AccountInfo => {
    const flagsLow = v.getBigUint64(at + 40, true);
    const flagsHigh = v.getBigUint64(at + 48, true);
    return {
      nonce: v.getUint32(at, true),
      consumers: v.getUint32(at + 4, true),
      providers: v.getUint32(at + 8, true),
      sufficients: v.getUint32(at + 12, true),
      data: {
        free: v.getBigUint64(at + 16, true),
        reserved: v.getBigUint64(at + 24, true),
        frozen: v.getBigUint64(at + 32, true),
        flags: flagsHigh === 0n ? flagsLow : (flagsHigh << 64n) | flagsLow,
      },
    };
  };
  const viaCursor = cursorDecoder((c): AccountInfo => {
    const at = c.i;
    if (at + ACCOUNT_INFO_BYTES > c.length) return generic.dec(c);
    c.i = at + ACCOUNT_INFO_BYTES;
    return read(c.v, at);
  });
  // A stored value on its own (an exactly sized array, as storage hands it over) is read in place:
  // wrapping it in scale-ts's cursor costs more than the read. A cursor (this struct nested in
  // another), a view into a larger buffer, hex or a short input take the cursor path.
  const decode = (input: Uint8Array | ArrayBuffer | string): AccountInfo =>
    input instanceof Uint8Array &&
    !('v' in input) &&
    input.byteOffset === 0 &&
    input.byteLength === input.buffer.byteLength &&
    input.byteLength >= ACCOUNT_INFO_BYTES
      ? read(new DataView(input.buffer), 0)
      : viaCursor(input);
  return createCodec(encode, decode);
}

export const AccountInfoType: Type<AccountInfo> = {
  ...accountInfoStruct,
  codec: accountInfoCodec(accountInfoStruct.codec),
};

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
