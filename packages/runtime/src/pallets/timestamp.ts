/** pallet_timestamp: the block's time, set once per block by an inherent. */
import { ensureNone } from '../frame/dispatch.js';
import { Pallet, call } from '../frame/pallet.js';
import { storageValue } from '../storage/items.js';
import { bool, compact, u64 } from '../types/type.js';

const P = 'Timestamp';

/** Substrate's MinimumPeriod is half the slot: blocks may be no closer than this (ms). */
export const MINIMUM_PERIOD_MS = 6_000n;

export const TimestampStorage = {
  Now: storageValue(P, 'Now', u64, { default: 0n, docs: ['The current time for the current block.'] }),
  DidUpdate: storageValue(P, 'DidUpdate', bool, {
    default: false,
    docs: ['Whether the timestamp has been updated in this block.'],
  }),
};

export function createTimestamp(minimumPeriodMs: bigint): Pallet {
  const pallet: Pallet = new Pallet({
    name: P,
    index: 2,
    storage: Object.values(TimestampStorage),
    calls: [
      call<{ now: bigint }>({
        name: 'set',
        index: 0,
        args: [['now', compact(u64), 'T::Moment']],
        docs: ['Set the current time (inherent, once per block).'],
        weight: () => 5_000_000n,
        pays: 'No',
        inherent: true,
        dispatch: (ctx, origin, { now }) => {
          ensureNone(origin);
          if (TimestampStorage.DidUpdate.get(ctx.storage))
            throw new Error('Timestamp must be updated only once in the block');
          const previous = TimestampStorage.Now.get(ctx.storage);
          if (previous !== 0n && now < previous + minimumPeriodMs) {
            throw new Error(
              `Timestamp must increment by at least ${minimumPeriodMs} ms between sequential blocks`,
            );
          }
          TimestampStorage.Now.set(ctx.storage, now);
          TimestampStorage.DidUpdate.set(ctx.storage, true);
        },
      }),
    ],
    constants: [
      {
        name: 'MinimumPeriod',
        type: u64,
        value: minimumPeriodMs,
        docs: ['The minimum period between blocks (ms).'],
      },
    ],
    hooks: {
      onFinalize: (ctx) => {
        if (!TimestampStorage.DidUpdate.get(ctx.storage))
          throw new Error('Timestamp must be updated once in the block');
        TimestampStorage.DidUpdate.remove(ctx.storage);
      },
    },
  });
  return pallet;
}
