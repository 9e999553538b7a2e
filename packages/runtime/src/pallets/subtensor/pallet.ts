/**
 * SubtensorModule (pallet index 7): subnets, neurons, serving, weights, stake and the coinbase.
 * Storage is in storage.ts, errors in errors.ts, events in events.ts; each area's calls live in
 * their own module and are gathered here.
 */
import { Pallet } from '../../frame/pallet.js';
import { onTaoCreated, onTaoDestroyed } from '../balances.js';
import { runCoinbase } from './coinbase.js';
import { SUBTENSOR_ERRORS } from './errors.js';
import { SUBTENSOR_EVENTS } from './events.js';
import { SUBTENSOR } from './module.js';
import { registrationCalls, registrationStorage, updateRegistrationPrices } from './registration.js';
import { servingCalls, servingStorage } from './serving.js';
import { stakingCalls, stakingStorage } from './staking.js';
import { adminSubtensorStorage } from './owner-guards.js';
import { S, subtensorStorageItems } from './storage.js';
import { subnetsCalls, subnetsStorage } from './subnets.js';
import { tempoControlCalls } from './tempo-control.js';
import { weightsCalls, weightsStorage } from './weights.js';

// TAO destroyed in Balances (dust, unclaimed fees) leaves subtensor's issuance too.
onTaoDestroyed((storage, amount) =>
  S.TotalIssuance.update(storage, [], (t) => (t > amount ? t - amount : 0n)),
);
// TAO root creates in Balances (force_set_balance) counts toward issuance and the halvings.
onTaoCreated((storage, amount) => S.TotalIssuance.update(storage, [], (t) => t + amount));

export const subtensor = new Pallet({
  name: SUBTENSOR.name,
  index: SUBTENSOR.index,
  docs: ['Bittensor: subnets, neurons, weights, stake and Yuma Consensus emission.'],
  storage: [
    ...subtensorStorageItems,
    ...subnetsStorage,
    ...registrationStorage,
    ...servingStorage,
    ...weightsStorage,
    ...stakingStorage,
    ...Object.values(adminSubtensorStorage),
  ],
  calls: [
    ...weightsCalls,
    ...stakingCalls,
    ...servingCalls,
    ...registrationCalls,
    ...subnetsCalls,
    ...tempoControlCalls,
  ].sort((a, b) => a.index - b.index),
  events: SUBTENSOR_EVENTS,
  errors: SUBTENSOR_ERRORS,
  hooks: {
    // block_step: registration prices first, then emission, coinbase and due epochs.
    onInitialize: (ctx) => {
      updateRegistrationPrices(ctx);
      runCoinbase(ctx);
    },
  },
});
