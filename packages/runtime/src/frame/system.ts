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
  type AccountId,
  type AccountInfo,
} from '../types/substrate.js';
import { bytes, u32 } from '../types/type.js';
import { ensureSigned } from './dispatch.js';
import { Pallet, call } from './pallet.js';

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

export const system = new Pallet({
  name: P,
  index: 0,
  docs: ['Accounts, block bookkeeping and events.'],
  storage: Object.values(SystemStorage),
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
      fields: [['dispatch_info', DispatchInfoType, 'DispatchInfo']],
      docs: ['An extrinsic completed successfully.'],
    },
    {
      name: 'ExtrinsicFailed',
      fields: [
        ['dispatch_error', DispatchErrorType, 'DispatchError'],
        ['dispatch_info', DispatchInfoType, 'DispatchInfo'],
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
