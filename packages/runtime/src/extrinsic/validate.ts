/**
 * Transaction-pool validation (TaggedTransactionQueue_validate_transaction): whether a
 * transaction may enter the pool and how it relates to others, as Substrate's executive computes
 * it on the state of `blockHash` with the next block initialized on top (System.Number one higher,
 * the block's own hash recorded as its successor's parent).
 *
 * - provides: (signer, nonce); requires: (signer, nonce - 1) while the nonce is ahead of the
 *   account's (CheckNonce), so the pool releases an account's transactions in order.
 * - priority: subtensor's ChargeTransactionPaymentWrapper replaces the tip-based priority of
 *   pallet_transaction_payment with a fixed one per dispatch class (tips buy no precedence);
 *   the other extensions add nothing for this runtime's calls.
 * - longevity: until the era ends (CheckMortality); immortal ones until u64::MAX.
 */
import { SystemStorage } from '../frame/system.js';
import { Overlay, type ReadableStorage } from '../storage/kv.js';
import type { DispatchClass } from '../types/substrate.js';
import { AccountId32 } from '../types/substrate.js';
import { u32 } from '../types/type.js';
import { concatBytes, equalBytes } from '@tao-ts/primitives';
import { checkExtrinsic, type CheckContext, type CheckedExtrinsic } from './check.js';
import { eraDeath } from './era.js';
import {
  TransactionValidityError,
  type TransactionSource,
  type TransactionValidity,
  type ValidTransaction,
} from './validity.js';

/** subtensor's NORMAL_DISPATCH_BASE_PRIORITY and OPERATIONAL_DISPATCH_PRIORITY. */
export const DISPATCH_PRIORITY: Readonly<Record<DispatchClass, bigint>> = {
  Normal: 1n,
  Mandatory: 1n,
  Operational: 10_000_000_000n,
};

/** `storage` is the state after block `blockNumber`, the block the pool validates against. */
export interface PoolContext extends CheckContext {
  readonly blockNumber: bigint;
  /** That block's hash. */
  readonly blockHash: Uint8Array;
}

/** A pool tag: SCALE of (AccountId32, u32 nonce), as CheckNonce encodes it. */
export function nonceTag(who: Uint8Array, nonce: number): Uint8Array {
  return concatBytes(AccountId32.codec.enc(who), u32.codec.enc(nonce));
}

/** The validity of an extrinsic that passed checkExtrinsic in the validate phase. */
export function validTransaction(checked: CheckedExtrinsic): ValidTransaction {
  const { signer, nonce, accountNonce, era, blockNumber, info } = checked;
  if (signer === undefined) throw new TypeError('validTransaction: inherents are not pool transactions');
  return {
    priority: DISPATCH_PRIORITY[info.class.tag],
    requires: nonce > accountNonce ? [nonceTag(signer, nonce - 1)] : [],
    provides: [nonceTag(signer, nonce)],
    longevity: eraDeath(era, blockNumber) - blockNumber,
    propagate: true,
  };
}

interface NextBlockState {
  readonly blockNumber: bigint;
  readonly blockHash: Uint8Array;
  readonly state: ReadableStorage;
}

/** Per state: the last next-block initialization built over it (see nextBlockState). */
const initialized = new WeakMap<ReadableStorage, NextBlockState>();

/**
 * frame_system::initialize for the block after `blockNumber`, over a layer above `ctx.storage`.
 * Checks only read (their own writes go to throw-away layers), and what initialization writes
 * depends on the block's number and hash alone, so a pool validating many transactions against
 * one best block builds the layer once; it reads through to the state as it is at each call.
 */
function nextBlockState(ctx: PoolContext, next: bigint): ReadableStorage {
  const cached = initialized.get(ctx.storage);
  if (
    cached !== undefined &&
    cached.blockNumber === ctx.blockNumber &&
    equalBytes(cached.blockHash, ctx.blockHash)
  )
    return cached.state;
  const state = new Overlay(ctx.storage);
  SystemStorage.Number.set(state, Number(next));
  SystemStorage.ParentHash.set(state, ctx.blockHash);
  SystemStorage.BlockHash.set(state, ctx.blockHash, Number(ctx.blockNumber));
  initialized.set(ctx.storage, { blockNumber: ctx.blockNumber, blockHash: ctx.blockHash.slice(), state });
  return state;
}

/**
 * Validate an encoded extrinsic for the pool. Invalid transactions are `Err` values; bytes that
 * are not an extrinsic throw ExtrinsicDecodeError. `source` does not change the outcome for any
 * call of this runtime (no call validates unsigned), but is part of the API.
 */
export function validateTransaction(
  ctx: PoolContext,
  source: TransactionSource,
  bytes: Uint8Array,
): TransactionValidity {
  return validateForPool(ctx, source, bytes).validity;
}

/**
 * validateTransaction plus the tip the signer offered, which the node's pool uses to order
 * transactions of equal priority (subtensor's fixed priorities make it the only bid a sender has).
 */
export function validateForPool(
  ctx: PoolContext,
  source: TransactionSource,
  bytes: Uint8Array,
): { readonly validity: TransactionValidity; readonly tip: bigint } {
  void source;
  const next = ctx.blockNumber + 1n;
  if (next > 0xffff_ffffn) throw new RangeError(`block number ${next} exceeds u32`);
  const state = nextBlockState(ctx, next);
  const check: CheckContext = {
    tao: ctx.tao,
    storage: state,
    ...(ctx.genesisHash === undefined ? {} : { genesisHash: ctx.genesisHash }),
    ...(ctx.verifySignature === undefined ? {} : { verifySignature: ctx.verifySignature }),
    ...(ctx.decode === undefined ? {} : { decode: ctx.decode }),
  };
  try {
    const checked = checkExtrinsic(check, bytes, 'validate');
    return { validity: { tag: 'Ok', value: validTransaction(checked) }, tip: checked.tip };
  } catch (error) {
    if (error instanceof TransactionValidityError)
      return { validity: { tag: 'Err', value: error.value }, tip: 0n };
    throw error;
  }
}
