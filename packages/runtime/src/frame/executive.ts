/**
 * Block execution: initialize (hooks), apply extrinsics (nonce and fee outside the call's
 * overlay, the call inside it), finalize (hooks, events). The node drives one BlockExecution per
 * imported or authored block over an overlay of its state and persists what it leaves.
 */
import { Overlay, type WritableStorage } from '../storage/kv.js';
import type { AccountId, DispatchErrorValue, DispatchInfo } from '../types/substrate.js';
import type { EnumValue } from '../types/type.js';
import { DispatchError, InvalidTransaction, NONE, signed, type Origin } from './dispatch.js';
import type { AnyCallDef, Context, PalletInfo, RuntimeCallValue } from './pallet.js';
import type { EventRecord, Phase, Runtime } from './runtime.js';
import { SystemStorage, account, putAccount, system } from './system.js';

export interface BlockEnv {
  /** Number of the block being executed. */
  readonly number: bigint;
  readonly parentHash: Uint8Array;
  /** Who authored the block (fees and tips go to them); from the block's pre-runtime digest. */
  readonly author?: AccountId;
}

export interface SignedPart {
  readonly who: AccountId;
  readonly nonce: number;
  readonly tip: bigint;
}

export interface Extrinsic {
  /** Absent for inherents. */
  readonly signed?: SignedPart;
  readonly call: RuntimeCallValue;
  /** Encoded length in bytes (the length fee). */
  readonly length: number;
}

export interface ApplyResult {
  readonly ok: boolean;
  readonly error?: DispatchError;
  readonly fee: bigint;
  readonly events: readonly EventRecord[];
}

/** How fees are computed and collected (TransactionPayment provides the chain's policy). */
export interface FeePolicy {
  fee(def: AnyCallDef, weight: bigint, length: number, tip: bigint): bigint;
  /** Take `fee` from `who` (leaving it alive) and route it; throws InvalidTransaction if it cannot pay. */
  charge(storage: WritableStorage, who: AccountId, fee: bigint, author: AccountId | undefined): void;
}

export function dispatchInfo(def: AnyCallDef, weight: bigint): DispatchInfo {
  return {
    weight: { ref_time: weight, proof_size: 0n },
    class: { tag: def.dispatchClass ?? (def.inherent ? 'Mandatory' : 'Normal'), value: undefined },
    pays_fee: { tag: def.pays ?? 'Yes', value: undefined },
  };
}

export class BlockExecution {
  private readonly blockEvents: EventRecord[] = [];
  private extrinsicIndex = 0;

  constructor(
    readonly runtime: Runtime,
    readonly storage: WritableStorage,
    readonly env: BlockEnv,
    readonly fees: FeePolicy,
  ) {
    if (env.number > 0xffff_ffffn) throw new Error(`block number ${env.number} exceeds u32`);
    const number = Number(env.number);
    SystemStorage.Number.set(storage, number);
    SystemStorage.ParentHash.set(storage, env.parentHash);
    if (number > 0) SystemStorage.BlockHash.set(storage, env.parentHash, number - 1);
    SystemStorage.ExtrinsicCount.remove(storage);
    this.runHooks('onInitialize', { tag: 'Initialization', value: undefined });
  }

  private context(storage: WritableStorage, phase: Phase, sink: EventRecord[]): Context {
    const { runtime, env } = this;
    const ctx: Context = {
      storage,
      blockNumber: env.number,
      parentHash: env.parentHash,
      author: env.author,
      deposit: (pallet: PalletInfo, event: EnumValue) => {
        sink.push({ phase, event: { tag: pallet.name, value: event }, topics: [] });
      },
      // Every dispatch is a storage layer of its own (FRAME's transactional dispatch): an inner
      // call that fails (under sudo, say) leaves neither writes nor events behind.
      dispatch: (origin: Origin, inner: RuntimeCallValue) => {
        const layer = new Overlay(storage);
        const innerEvents: EventRecord[] = [];
        runtime.dispatch(this.context(layer, phase, innerEvents), origin, inner);
        layer.commitTo(storage);
        sink.push(...innerEvents);
      },
    };
    return ctx;
  }

  private runHooks(hook: 'onInitialize' | 'onFinalize', phase: Phase): void {
    const ctx = this.context(this.storage, phase, this.blockEvents);
    for (const pallet of this.runtime.pallets) pallet.spec.hooks?.[hook]?.(ctx);
  }

  /**
   * Apply one extrinsic. Invalid ones (bad nonce, unaffordable fee, unsigned non-inherent,
   * unknown call) throw InvalidTransaction and change nothing; valid ones bump the nonce and pay
   * the fee whatever the call's outcome, and the call's own changes survive only if it succeeds.
   */
  apply(xt: Extrinsic): ApplyResult {
    const { runtime } = this;
    const def = runtime.callDef(xt.call);
    if (def === undefined)
      throw new InvalidTransaction('Call', `unknown call ${xt.call.tag}.${xt.call.value.tag}`);
    const weight = def.weight(xt.call.value.value as never);
    let origin: Origin = NONE;
    let fee = 0n;
    if (xt.signed === undefined) {
      if (!def.inherent)
        throw new InvalidTransaction('BadSigner', `${xt.call.tag}.${xt.call.value.tag} must be signed`);
    } else {
      if (def.inherent) throw new InvalidTransaction('Call', 'inherents cannot be signed');
      const { who, nonce, tip } = xt.signed;
      const info = account(this.storage, who);
      // subtensor's CheckNonce: fee-paying calls need an account that exists (has a provider).
      if ((def.pays ?? 'Yes') === 'Yes' && info.providers === 0 && info.sufficients === 0) {
        throw new InvalidTransaction('Payment', 'the account does not exist');
      }
      if (nonce < info.nonce) throw new InvalidTransaction('Stale', `nonce ${nonce} < ${info.nonce}`);
      if (nonce > info.nonce) throw new InvalidTransaction('Future', `nonce ${nonce} > ${info.nonce}`);
      fee = this.fees.fee(def, weight, xt.length, tip);
      this.fees.charge(this.storage, who, fee, this.env.author);
      const after = account(this.storage, who);
      putAccount(this.storage, who, { ...after, nonce: after.nonce + 1 });
      origin = signed(who);
    }
    const index = this.extrinsicIndex++;
    SystemStorage.ExtrinsicCount.set(this.storage, this.extrinsicIndex);
    const phase: Phase = { tag: 'ApplyExtrinsic', value: index };
    const overlay = new Overlay(this.storage);
    const events: EventRecord[] = [];
    const info = dispatchInfo(def, weight);
    let error: DispatchError | undefined;
    try {
      runtime.dispatch(this.context(overlay, phase, events), origin, xt.call);
      overlay.commitTo(this.storage);
    } catch (thrown) {
      if (!(thrown instanceof DispatchError)) throw thrown;
      error = thrown;
      events.length = 0;
    }
    const outcome: EnumValue =
      error === undefined
        ? { tag: 'ExtrinsicSuccess', value: { dispatch_info: info } }
        : { tag: 'ExtrinsicFailed', value: { dispatch_error: error.value, dispatch_info: info } };
    events.push({ phase, event: { tag: system.name, value: outcome }, topics: [] });
    this.blockEvents.push(...events);
    return { ok: error === undefined, ...(error ? { error } : {}), fee, events };
  }

  /** Run on_finalize hooks and store the block's events. */
  finalize(): readonly EventRecord[] {
    this.runHooks('onFinalize', { tag: 'Finalization', value: undefined });
    this.runtime.events.set(this.storage, this.blockEvents);
    SystemStorage.EventCount.set(this.storage, this.blockEvents.length);
    return this.blockEvents;
  }

  get events(): readonly EventRecord[] {
    return this.blockEvents;
  }
}

/** A module error's pallet and name, for messages ("SubtensorModule.NotEnoughBalanceToStake"). */
export function describeDispatchError(runtime: Runtime, error: DispatchErrorValue): string {
  if (error.tag !== 'Module') return error.tag;
  const pallet = runtime.palletByIndex(error.value.index);
  const def = pallet?.errorName(error.value.error[0] ?? 0);
  return pallet && def
    ? `${pallet.name}.${def.name}`
    : `Module(${error.value.index}, ${error.value.error[0]})`;
}
