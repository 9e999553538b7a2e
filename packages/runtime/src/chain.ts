/**
 * The tao-ts runtime: which pallets, in which order, with which parameters. Its spec name and
 * pallet indices follow subtensor's (node-subtensor, System 0 … SubtensorModule 7 … AdminUtils 19).
 */
import { BlockExecution, type BlockEnv, type FeePolicy } from './frame/executive.js';
import type { RuntimeCallValue } from './frame/pallet.js';
import { Runtime, type RuntimeVersion } from './frame/runtime.js';
import { system } from './frame/system.js';
import type { WritableStorage } from './storage/kv.js';
import { deferred } from './types/type.js';
import { adminUtils } from './pallets/admin-utils.js';
import { aura } from './pallets/aura.js';
import { balances } from './pallets/balances.js';
import { subtensor } from './pallets/subtensor/pallet.js';
import { createSudo } from './pallets/sudo.js';
import { createTimestamp } from './pallets/timestamp.js';
import { subtensorFees, transactionPayment } from './pallets/transaction-payment.js';

export const RUNTIME_VERSION: RuntimeVersion = {
  specName: 'node-subtensor',
  implName: 'tao-ts',
  authoringVersion: 1,
  specVersion: 425,
  implVersion: 1,
  transactionVersion: 1,
  stateVersion: 1,
};

export interface RuntimeOptions {
  /** Minimum time between blocks (Timestamp.MinimumPeriod, ms). */
  readonly minimumPeriodMs: bigint;
}

export interface TaoRuntime {
  readonly runtime: Runtime;
  readonly fees: FeePolicy;
  /** Start executing a block over `storage` (normally an overlay of the parent state). */
  beginBlock(storage: WritableStorage, env: BlockEnv): BlockExecution;
}

export function createRuntime(options: RuntimeOptions): TaoRuntime {
  const call = deferred<RuntimeCallValue>('RuntimeCall');
  // Sudo's weight needs the runtime, which needs Sudo: resolve through a holder.
  const holder: { runtime?: Runtime } = {};
  const sudo = createSudo(call.type, (inner) => holder.runtime?.weightOf(inner) ?? 0n);
  const runtime = new Runtime(RUNTIME_VERSION, [
    system,
    createTimestamp(options.minimumPeriodMs),
    aura,
    balances,
    transactionPayment,
    subtensor,
    sudo,
    adminUtils,
  ]);
  holder.runtime = runtime;
  call.resolve(runtime.callType);
  const built = runtime;
  return {
    runtime: built,
    fees: subtensorFees,
    beginBlock: (storage, env) => new BlockExecution(built, storage, env, subtensorFees),
  };
}
