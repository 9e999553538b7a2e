/**
 * frame_system: accounts (nonce and balances), block number and hashes, events. The Events item
 * depends on the runtime's event enum, so it is created by the Runtime (see runtime.ts).
 */
import { blake2b256 } from '@tao-ts/primitives';
import { storageMap, storageValue } from '../storage/items.js';
import type { ReadableStorage, WritableStorage } from '../storage/kv.js';
import {
  AccountId32,
  AccountInfoType,
  BlockNumber,
  DispatchErrorType,
  DispatchInfoType,
  H256,
  WeightType,
  type AccountId,
  type AccountInfo,
  type Weight,
} from '../types/substrate.js';
import { bytes, option, struct, u16, u32, u64, type Type } from '../types/type.js';
import { ensureSigned } from './dispatch.js';
import { Pallet, call, type ConstantDef } from './pallet.js';

const P = 'System';
const ZERO_HASH = new Uint8Array(32);

export const emptyAccount = (): AccountInfo => ({
  nonce: 0,
  consumers: 0,
  providers: 0,
  sufficients: 0,
  data: { free: 0n, reserved: 0n, frozen: 0n, flags: 0n },
});

export const SystemStorage = {
  Account: storageMap(P, 'Account', { hasher: 'Blake2_128Concat', type: AccountId32 }, AccountInfoType, {
    default: emptyAccount(),
    docs: ['The full account information for a particular account ID.'],
  }),
  ExtrinsicCount: storageValue(P, 'ExtrinsicCount', u32, {
    docs: ['Total extrinsics count for the current block.'],
  }),
  BlockHash: storageMap(P, 'BlockHash', { hasher: 'Twox64Concat', type: BlockNumber }, H256, {
    default: ZERO_HASH,
    docs: ['Map of block numbers to block hashes.'],
  }),
  Number: storageValue(P, 'Number', BlockNumber, {
    default: 0,
    docs: ['The current block number being processed.'],
  }),
  ParentHash: storageValue(P, 'ParentHash', H256, {
    default: ZERO_HASH,
    docs: ['Hash of the previous block.'],
  }),
  EventCount: storageValue(P, 'EventCount', u32, {
    default: 0,
    docs: ['The number of events in the `Events<T>` list.'],
  }),
};

export function account(storage: ReadableStorage, who: AccountId): AccountInfo {
  return SystemStorage.Account.get(storage, who);
}

/** Write an account, or delete it once nothing keeps it alive (Substrate reaps empty accounts). */
export function putAccount(storage: WritableStorage, who: AccountId, info: AccountInfo): void {
  const empty =
    info.data.free === 0n &&
    info.data.reserved === 0n &&
    info.providers === 0 &&
    info.consumers === 0 &&
    info.sufficients === 0;
  if (empty && info.nonce === 0) SystemStorage.Account.remove(storage, who);
  else SystemStorage.Account.set(storage, info, who);
}

// ---- Constants (subtensor's runtime parameters; clients read them from the metadata) ----

/** frame_support::dispatch::PerDispatchClass<T>: one value per dispatch class. */
interface PerDispatchClass<T> {
  normal: T;
  operational: T;
  mandatory: T;
}

function perDispatchClass<T>(of: Type<T>): Type<PerDispatchClass<T>> {
  return struct(
    ['frame_support', 'dispatch', 'PerDispatchClass'],
    [
      ['normal', of, 'T'],
      ['operational', of, 'T'],
      ['mandatory', of, 'T'],
    ],
    undefined,
    [{ name: 'T', type: of }],
  );
}

interface WeightsPerClass {
  base_extrinsic: Weight;
  max_extrinsic: Weight | undefined;
  max_total: Weight | undefined;
  reserved: Weight | undefined;
}

const WeightsPerClassType = struct<WeightsPerClass>(
  ['frame_system', 'limits', 'WeightsPerClass'],
  [
    ['base_extrinsic', WeightType, 'Weight'],
    ['max_extrinsic', option(WeightType), 'Option<Weight>'],
    ['max_total', option(WeightType), 'Option<Weight>'],
    ['reserved', option(WeightType), 'Option<Weight>'],
  ],
);

const BlockWeightsType = struct<{
  base_block: Weight;
  max_block: Weight;
  per_class: PerDispatchClass<WeightsPerClass>;
}>(
  ['frame_system', 'limits', 'BlockWeights'],
  [
    ['base_block', WeightType, 'Weight'],
    ['max_block', WeightType, 'Weight'],
    ['per_class', perDispatchClass(WeightsPerClassType), 'PerDispatchClass<WeightsPerClass>'],
  ],
);

const BlockLengthType = struct<{ max: PerDispatchClass<number> }>(
  ['frame_system', 'limits', 'BlockLength'],
  [['max', perDispatchClass(u32), 'PerDispatchClass<u32>']],
);

const RuntimeDbWeightType = struct<{ read: bigint; write: bigint }>(
  ['sp_weights', 'RuntimeDbWeight'],
  [
    ['read', u64, 'u64'],
    ['write', u64, 'u64'],
  ],
);

const weight = (ref_time: bigint, proof_size: bigint): Weight => ({ ref_time, proof_size });
const U64_MAX = 2n ** 64n - 1n;
/** frame_support's benchmarked ExtrinsicBaseWeight (115,480 ns) and BlockExecutionWeight (414,528 ns). */
const EXTRINSIC_BASE = weight(115_480_000n, 0n);
/**
 * BlockWeights::with_sensible_defaults(MAXIMUM_BLOCK_WEIGHT = (4 s, u64::MAX), 75 %), worked out:
 * Normal may fill 75 %, Operational all of it with the other 25 % reserved, and one extrinsic may
 * use its class's total less 10 % for block initialisation and the base extrinsic weight (Perbill
 * products round to nearest, ties down).
 */
const BLOCK_WEIGHTS = {
  base_block: weight(414_528_000n, 0n),
  max_block: weight(4_000_000_000_000n, U64_MAX),
  per_class: {
    normal: {
      base_extrinsic: EXTRINSIC_BASE,
      max_extrinsic: weight(2_599_884_520_000n, 11_990_383_647_911_208_550n),
      max_total: weight(3_000_000_000_000n, 13_835_058_055_282_163_711n),
      reserved: weight(0n, 0n),
    },
    operational: {
      base_extrinsic: EXTRINSIC_BASE,
      max_extrinsic: weight(3_599_884_520_000n, 16_602_069_666_338_596_454n),
      max_total: weight(4_000_000_000_000n, U64_MAX),
      reserved: weight(1_000_000_000_000n, 4_611_686_018_427_387_904n),
    },
    mandatory: {
      base_extrinsic: EXTRINSIC_BASE,
      max_extrinsic: undefined,
      max_total: undefined,
      reserved: undefined,
    },
  },
};

/** BlockLength::max_with_normal_ratio(10 MiB, 75 %). */
const BLOCK_LENGTH = { max: { normal: 7_864_320, operational: 10_485_760, mandatory: 10_485_760 } };

/**
 * Constants in subtensor's order. `Version` (the RuntimeVersion with the runtime's API list) exists
 * only once the runtime is assembled: the metadata builder adds it after DbWeight.
 */
export const SYSTEM_CONSTANTS: readonly ConstantDef[] = [
  {
    name: 'BlockWeights',
    type: BlockWeightsType,
    value: BLOCK_WEIGHTS,
    docs: ['Block & extrinsics weights: base values and limits.'],
  },
  {
    name: 'BlockLength',
    type: BlockLengthType,
    value: BLOCK_LENGTH,
    docs: ['The maximum length of a block (in bytes).'],
  },
  {
    name: 'BlockHashCount',
    type: BlockNumber,
    value: 2400,
    docs: ['Maximum number of block number to block hash mappings to keep (oldest pruned first).'],
  },
  {
    name: 'DbWeight',
    type: RuntimeDbWeightType,
    // RocksDbWeight: 25 µs a read, 100 µs a write.
    value: { read: 25_000_000n, write: 100_000_000n },
    docs: ['The weight of runtime database operations the runtime can invoke.'],
  },
  {
    name: 'SS58Prefix',
    type: u16,
    value: 42,
    docs: ['The designated SS58 prefix of this chain.'],
  },
];

export const system = new Pallet({
  name: P,
  index: 0,
  docs: ['Accounts, block bookkeeping and events.'],
  storage: Object.values(SystemStorage),
  constants: SYSTEM_CONSTANTS,
  calls: [
    call<{ remark: Uint8Array }>({
      name: 'remark',
      index: 0,
      args: [['remark', bytes, 'Vec<u8>']],
      docs: ['Make some on-chain remark.'],
      weight: (a) => 2_000_000n + BigInt(a.remark.length) * 1_000n,
      dispatch: (_ctx, origin) => {
        ensureSigned(origin);
      },
    }),
    call<{ remark: Uint8Array }>({
      name: 'remark_with_event',
      index: 7,
      args: [['remark', bytes, 'Vec<u8>']],
      docs: ['Make some on-chain remark and emit an event.'],
      weight: (a) => 8_000_000n + BigInt(a.remark.length) * 2_000n,
      dispatch: (ctx, origin, args) => {
        const sender = ensureSigned(origin);
        system.emit(ctx, 'Remarked', { sender, hash: blake2b256(args.remark) });
      },
    }),
  ],
  events: [
    {
      name: 'ExtrinsicSuccess',
      fields: [['dispatch_info', DispatchInfoType, 'DispatchEventInfo']],
      docs: ['An extrinsic completed successfully.'],
    },
    {
      name: 'ExtrinsicFailed',
      fields: [
        ['dispatch_error', DispatchErrorType, 'DispatchError'],
        ['dispatch_info', DispatchInfoType, 'DispatchEventInfo'],
      ],
      docs: ['An extrinsic failed.'],
    },
    { name: 'CodeUpdated', docs: ['`:code` was updated.'] },
    {
      name: 'NewAccount',
      fields: [['account', AccountId32, 'T::AccountId']],
      docs: ['A new account was created.'],
    },
    {
      name: 'KilledAccount',
      fields: [['account', AccountId32, 'T::AccountId']],
      docs: ['An account was reaped.'],
    },
    {
      name: 'Remarked',
      fields: [
        ['sender', AccountId32, 'T::AccountId'],
        ['hash', H256, 'T::Hash'],
      ],
      docs: ['On on-chain remark happened.'],
    },
  ],
  errors: [
    {
      name: 'InvalidSpecName',
      docs: 'The name of specification does not match between the current runtime and the new runtime.',
    },
    {
      name: 'SpecVersionNeedsToIncrease',
      docs: 'The specification version is not allowed to decrease between the current runtime and the new runtime.',
    },
    {
      name: 'FailedToExtractRuntimeVersion',
      docs: 'Failed to extract the runtime version from the new runtime.',
    },
    { name: 'NonDefaultComposite', docs: 'Suicide called when the account has non-default composite data.' },
    {
      name: 'NonZeroRefCount',
      docs: 'There is a non-zero reference count preventing the account from being purged.',
    },
    { name: 'CallFiltered', docs: 'The origin filter prevent the call to be dispatched.' },
  ],
});
