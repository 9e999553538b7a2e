/** pallet_sudo: one key may dispatch any call as root (dev chains; fair-launch has no key). */
import { DispatchError, ROOT, ensureSigned, signed, type Origin } from '../frame/dispatch.js';
import { Pallet, call, type Context, type RuntimeCallValue } from '../frame/pallet.js';
import { storageValue } from '../storage/items.js';
import {
  AccountId32,
  DispatchErrorType,
  MultiAddressType,
  WeightType,
  type AccountId,
  type MultiAddressValue,
  type Weight,
} from '../types/substrate.js';
import { enumType, option, unit, type Type } from '../types/type.js';
import { lookup } from './balances.js';

const P = 'Sudo';

export const SudoStorage = {
  Key: storageValue(P, 'Key', AccountId32, { docs: ['The `AccountId` of the sudo key.'] }),
};

/** Result<(), DispatchError> as events carry it. */
const DispatchResultType = enumType(
  ['Result'],
  [
    { name: 'Ok', fields: unit },
    { name: 'Err', fields: DispatchErrorType },
  ],
  undefined,
  // core::result::Result is generic: clients (@polkadot/api) require its T and E.
  [
    { name: 'T', type: unit },
    { name: 'E', type: DispatchErrorType },
  ],
);

function ensureSudo(pallet: Pallet, ctx: Context, origin: Origin): AccountId {
  const who = ensureSigned(origin);
  const key = SudoStorage.Key.tryGet(ctx.storage);
  if (key === undefined || !key.every((b, i) => b === who[i])) throw pallet.error('RequireSudo');
  return who;
}

/** Run the inner call; its failure is reported in the event, not as the sudo call's failure. */
function runInner(ctx: Context, origin: Origin, inner: RuntimeCallValue): { tag: string; value: unknown } {
  try {
    ctx.dispatch(origin, inner);
    return { tag: 'Ok', value: undefined };
  } catch (error) {
    if (error instanceof DispatchError) return { tag: 'Err', value: error.value };
    throw error;
  }
}

export function createSudo(
  runtimeCall: Type<RuntimeCallValue>,
  innerWeight: (call: RuntimeCallValue) => bigint,
): Pallet {
  const pallet: Pallet = new Pallet({
    name: P,
    index: 12,
    storage: Object.values(SudoStorage),
    calls: [
      call<{ call: RuntimeCallValue }>({
        name: 'sudo',
        index: 0,
        args: [['call', runtimeCall, 'Box<<T as Config>::RuntimeCall>']],
        docs: ['Dispatch a call with Root origin.'],
        weight: (a) => 10_000_000n + innerWeight(a.call),
        pays: 'No',
        dispatch: (ctx, origin, args) => {
          ensureSudo(pallet, ctx, origin);
          pallet.emit(ctx, 'Sudid', { sudo_result: runInner(ctx, ROOT, args.call) });
        },
      }),
      call<{ call: RuntimeCallValue; weight: Weight }>({
        name: 'sudo_unchecked_weight',
        index: 1,
        args: [
          ['call', runtimeCall, 'Box<<T as Config>::RuntimeCall>'],
          ['weight', WeightType, 'Weight'],
        ],
        docs: ['Dispatch a call with Root origin, declaring its weight.'],
        weight: (a) => a.weight.ref_time,
        pays: 'No',
        dispatch: (ctx, origin, args) => {
          ensureSudo(pallet, ctx, origin);
          pallet.emit(ctx, 'Sudid', { sudo_result: runInner(ctx, ROOT, args.call) });
        },
      }),
      call<{ new: MultiAddressValue }>({
        name: 'set_key',
        index: 2,
        args: [['new', MultiAddressType, 'AccountIdLookupOf<T>']],
        docs: ['Authenticates the current sudo key and sets the given AccountId as the new sudo key.'],
        weight: () => 10_000_000n,
        pays: 'No',
        dispatch: (ctx, origin, args) => {
          const old: AccountId | undefined = ensureSudo(pallet, ctx, origin);
          const next = lookup(args.new);
          SudoStorage.Key.set(ctx.storage, next);
          pallet.emit(ctx, 'KeyChanged', { old, new: next });
        },
      }),
      call<{ who: MultiAddressValue; call: RuntimeCallValue }>({
        name: 'sudo_as',
        index: 3,
        args: [
          ['who', MultiAddressType, 'AccountIdLookupOf<T>'],
          ['call', runtimeCall, 'Box<<T as Config>::RuntimeCall>'],
        ],
        docs: ['Dispatch a call with a Signed origin from a given account.'],
        weight: (a) => 10_000_000n + innerWeight(a.call),
        pays: 'No',
        dispatch: (ctx, origin, args) => {
          ensureSudo(pallet, ctx, origin);
          pallet.emit(ctx, 'SudoAsDone', { sudo_result: runInner(ctx, signed(lookup(args.who)), args.call) });
        },
      }),
      call<Record<string, never>>({
        name: 'remove_key',
        index: 4,
        args: [],
        docs: ['Permanently removes the sudo key. This cannot be un-done.'],
        weight: () => 10_000_000n,
        pays: 'No',
        dispatch: (ctx, origin) => {
          ensureSudo(pallet, ctx, origin);
          SudoStorage.Key.remove(ctx.storage);
          pallet.emit(ctx, 'KeyRemoved');
        },
      }),
    ],
    events: [
      {
        name: 'Sudid',
        fields: [['sudo_result', DispatchResultType, 'DispatchResult']],
        docs: ['A sudo call just took place.'],
      },
      {
        name: 'KeyChanged',
        fields: [
          ['old', option(AccountId32), 'Option<T::AccountId>'],
          ['new', AccountId32, 'T::AccountId'],
        ],
        docs: ['The sudo key has been updated.'],
      },
      { name: 'KeyRemoved', docs: ['The key was permanently removed.'] },
      {
        name: 'SudoAsDone',
        fields: [['sudo_result', DispatchResultType, 'DispatchResult']],
        docs: ['A sudo call just took place.'],
      },
    ],
    errors: [{ name: 'RequireSudo', docs: 'Sender must be the Sudo account.' }],
  });
  return pallet;
}
