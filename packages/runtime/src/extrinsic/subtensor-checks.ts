/**
 * The validity checks of subtensor's own transaction extensions:
 *
 * - SudoTransactionExtension: any Sudo call must be signed by the sudo key (else BadSigner).
 * - SubtensorTransactionExtension: the pallet's dispatch guards (CheckWeights, CheckRateLimits,
 *   CheckDelegateTake, CheckServingEndpoints), whose errors make the transaction invalid with
 *   `Custom(code)`. The guard logic is the pallet's own (weights-guard.ts, delegates.ts, the
 *   serving calls); this module only says which guard applies to which call, as each guard's
 *   `applies_to` does.
 *
 * CheckShieldedTxValidity and DrandPriority concern pallets this runtime does not have (MevShield,
 * Drand), so they accept everything; CheckColdkeySwap waits for coldkey swaps.
 */
import { DispatchError, signed } from '../frame/dispatch.js';
import type { AnyCallDef, Context, RuntimeCallValue } from '../frame/pallet.js';
import { SystemStorage } from '../frame/system.js';
import { SudoStorage } from '../pallets/sudo.js';
import type { Reveal } from '../pallets/subtensor/commit-reveal.js';
import { checkDelegateTake } from '../pallets/subtensor/delegates.js';
import type { SubtensorErrorName } from '../pallets/subtensor/errors.js';
import { fail, sameAccount } from '../pallets/subtensor/module.js';
import { commitRevealEnabled, mechanismIndex } from '../pallets/subtensor/set-weights.js';
import { S } from '../pallets/subtensor/storage.js';
import {
  CUSTOM_TX_ERRORS,
  guardLengths,
  guardMinStake,
  guardRateLimit,
  guardReveals,
} from '../pallets/subtensor/weights-guard.js';
import { Overlay, type ReadableStorage } from '../storage/kv.js';
import type { AccountId } from '../types/substrate.js';
import { txInvalid, txInvalidCustom } from './validity.js';

/** CustomTransactionError codes of the guard errors CUSTOM_TX_ERRORS does not list. */
const MORE_CUSTOM_TX_ERRORS: Partial<Record<SubtensorErrorName, number>> = {
  NetworkTxRateLimitExceeded: 6,
  HotKeyNotRegisteredInNetwork: 10,
  InvalidIpAddress: 11,
  ServingRateLimitExceeded: 12,
  InvalidPort: 13,
};
/** CustomTransactionError::BadRequest, for every other pallet error. */
const BAD_REQUEST = 255;

function customCode(error: DispatchError): number {
  const name = (error.errorName ?? '').replace(/^SubtensorModule\./, '') as SubtensorErrorName;
  return CUSTOM_TX_ERRORS[name] ?? MORE_CUSTOM_TX_ERRORS[name] ?? BAD_REQUEST;
}

/** What a guard sees: the state (through a throw-away layer) at the block being validated. */
export interface GuardScope {
  readonly storage: ReadableStorage;
  readonly blockNumber: bigint;
}

type Args = Record<string, unknown>;
type Guard = (scope: GuardScope, who: AccountId, args: Args, def: AnyCallDef) => void;

const netuidOf = (a: Args): number => a['netuid'] as number;
const mecidOf = (a: Args): number => (a['mecid'] as number | undefined) ?? 0;

function reveals(a: Args): Reveal[] {
  if (Array.isArray(a['uids_list'])) {
    const uids = a['uids_list'] as number[][];
    const values = a['values_list'] as number[][];
    const salts = a['salts_list'] as number[][];
    const keys = a['version_keys'] as bigint[];
    return uids.map((u, i) => ({
      uids: u,
      values: values[i] ?? [],
      salt: salts[i] ?? [],
      versionKey: keys[i] ?? 0n,
    }));
  }
  return [
    {
      uids: a['uids'] as number[],
      values: a['values'] as number[],
      salt: a['salt'] as number[],
      versionKey: a['version_key'] as bigint,
    },
  ];
}

/** CheckWeights on a single-subnet call, then CheckRateLimits where it applies. */
function singleWeights(rate: 'SettingWeightsTooFast' | 'CommittingWeightsTooFast' | undefined): Guard {
  return ({ storage }, who, a) => {
    const netuid = netuidOf(a);
    guardMinStake(storage, who, [netuid]);
    if (rate === undefined) return;
    // Plain weights are rate limited only while commit-reveal is off (commits always are).
    if (rate === 'SettingWeightsTooFast' && commitRevealEnabled(storage, netuid)) return;
    guardRateLimit(storage, who, netuid, mechanismIndex(netuid, mecidOf(a)), rate);
  };
}

const revealGuard: Guard = ({ storage }, who, a) => {
  const netuid = netuidOf(a);
  guardMinStake(storage, who, [netuid]);
  guardReveals(storage, who, netuid, mechanismIndex(netuid, mecidOf(a)), reveals(a));
};

const batchGuard =
  (lists: readonly string[]): Guard =>
  ({ storage }, who, a) => {
    const lengths = lists.map((name) => (a[name] as unknown[]).length);
    guardLengths(lengths.every((n) => n === lengths[0]));
    guardMinStake(storage, who, a['netuids'] as number[]);
  };

const batchRevealGuard: Guard = (scope, who, a, def) => {
  const n = (a['uids_list'] as unknown[]).length;
  const lists = ['values_list', 'salts_list', 'version_keys'].map((name) => (a[name] as unknown[]).length);
  guardLengths(lists.every((len) => len === n));
  revealGuard(scope, who, a, def);
};

const takeGuard: Guard = ({ storage }, who, a) =>
  checkDelegateTake(storage, who, a['hotkey'] as AccountId, a['take'] as number);

/** TransactionType::RegisterNetwork.passes_rate_limit, keyed on the last lock block. */
const registerNetworkGuard: Guard = ({ storage, blockNumber }) => {
  const last = S.NetworkLastLockBlock.get(storage);
  const elapsed = blockNumber > last ? blockNumber - last : 0n;
  if (last !== 0n && elapsed < S.NetworkRateLimit.get(storage)) throw fail('NetworkTxRateLimitExceeded');
};

/**
 * validate_serve_axon / validate_serve_prometheus are the serving calls' checks before they
 * write: run the call itself over a layer that is thrown away.
 */
const servingGuard: Guard = ({ storage, blockNumber }, who, a, def) => {
  const layer = new Overlay(storage);
  const ctx: Context = {
    storage: layer,
    blockNumber,
    parentHash: SystemStorage.ParentHash.get(storage),
    author: undefined,
    deposit: () => undefined,
    dispatch: () => undefined,
  };
  def.dispatch(ctx, signed(who), a as never);
};

const SUBTENSOR_GUARDS: Readonly<Record<string, Guard>> = {
  set_weights: singleWeights('SettingWeightsTooFast'),
  set_mechanism_weights: singleWeights('SettingWeightsTooFast'),
  commit_weights: singleWeights('CommittingWeightsTooFast'),
  commit_mechanism_weights: singleWeights('CommittingWeightsTooFast'),
  reveal_weights: revealGuard,
  reveal_mechanism_weights: revealGuard,
  batch_set_weights: batchGuard(['netuids', 'weights', 'version_keys']),
  batch_commit_weights: batchGuard(['netuids', 'commit_hashes']),
  batch_reveal_weights: batchRevealGuard,
  increase_take: takeGuard,
  decrease_take: takeGuard,
  serve_axon: servingGuard,
  serve_axon_tls: servingGuard,
  serve_prometheus: servingGuard,
  register_network: registerNetworkGuard,
};

/** SudoTransactionExtension: throws BadSigner unless a Sudo call comes from the sudo key. */
export function checkSudoSigner(storage: ReadableStorage, who: AccountId, call: RuntimeCallValue): void {
  if (call.tag !== 'Sudo') return;
  const key = SudoStorage.Key.tryGet(storage);
  if (key === undefined) throw txInvalid('BadSigner', 'no sudo key is set');
  if (!sameAccount(key, who)) throw txInvalid('BadSigner', 'the signer is not the sudo key');
}

/** SubtensorTransactionExtension: throws Custom(code) when a guard refuses the call. */
export function checkSubtensorGuards(
  scope: GuardScope,
  who: AccountId,
  call: RuntimeCallValue,
  def: AnyCallDef,
): void {
  if (call.tag !== 'SubtensorModule') return;
  const guard = SUBTENSOR_GUARDS[call.value.tag];
  if (guard === undefined) return;
  try {
    guard(scope, who, call.value.value as Args, def);
  } catch (error) {
    if (!(error instanceof DispatchError)) throw error;
    throw txInvalidCustom(customCode(error), error.errorName ?? error.value.tag);
  }
}
