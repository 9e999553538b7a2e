/**
 * sp_consensus_aura's AuraApi: the slot length and the authority set block authors and light
 * clients follow. Subtensor's slot is MinimumPeriodTimesTwo: twice Timestamp's MinimumPeriod.
 */
import { AuraPublic, AuraStorage } from '../pallets/aura.js';
import { newtype, u64, vec } from '../types/type.js';
import type { RuntimeApiContext, RuntimeApiDecl } from './types.js';
import { RuntimeApiError } from './types.js';

export const SlotDurationType = newtype(['sp_consensus_slots', 'SlotDuration'], u64);

/** Slot duration in ms: 2 × the Timestamp pallet's MinimumPeriod constant. */
export function slotDurationMs(ctx: Pick<RuntimeApiContext, 'tao'>): bigint {
  const constant = ctx.tao.runtime
    .pallet('Timestamp')
    .spec.constants?.find((c) => c.name === 'MinimumPeriod');
  if (constant === undefined || typeof constant.value !== 'bigint')
    throw new RuntimeApiError('AuraApi_slot_duration: the runtime has no Timestamp.MinimumPeriod');
  return constant.value * 2n;
}

export const AuraApi: RuntimeApiDecl = {
  name: 'AuraApi',
  version: 1,
  methods: [
    {
      name: 'slot_duration',
      inputs: [],
      output: SlotDurationType,
      docs: ['Returns the slot duration for Aura (ms).'],
      call: (ctx) => slotDurationMs(ctx),
    },
    {
      name: 'authorities',
      inputs: [],
      output: vec(AuraPublic),
      docs: ['Return the current set of authorities.'],
      call: (ctx) => AuraStorage.Authorities.get(ctx.storage),
    },
  ],
};
