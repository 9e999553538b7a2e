/** Origins, dispatch errors and transaction validity errors. */
import type { AccountId, DispatchErrorValue } from '../types/substrate.js';

export type Origin =
  | { readonly kind: 'root' }
  | { readonly kind: 'signed'; readonly who: AccountId }
  | { readonly kind: 'none' };

export const ROOT: Origin = { kind: 'root' };
export const NONE: Origin = { kind: 'none' };
export const signed = (who: AccountId): Origin => ({ kind: 'signed', who });

/**
 * A call failed: the state changes of the call are discarded, and the error is reported as
 * System.ExtrinsicFailed with this DispatchError (module errors carry the pallet's error name).
 */
export class DispatchError extends Error {
  readonly code = 'DISPATCH_ERROR';
  constructor(
    readonly value: DispatchErrorValue,
    /** Pallet and error name for module errors, e.g. SubtensorModule.NotEnoughBalanceToStake. */
    readonly errorName?: string,
    readonly docs?: string,
  ) {
    super(errorName ?? value.tag);
    this.name = 'DispatchError';
  }
}

export const badOrigin = (): DispatchError => new DispatchError({ tag: 'BadOrigin', value: undefined });
export const arithmeticOverflow = (): DispatchError =>
  new DispatchError({ tag: 'Arithmetic', value: { tag: 'Overflow', value: undefined } });
export const arithmeticUnderflow = (): DispatchError =>
  new DispatchError({ tag: 'Arithmetic', value: { tag: 'Underflow', value: undefined } });
export const tokenError = (reason: string): DispatchError =>
  new DispatchError({ tag: 'Token', value: { tag: reason, value: undefined } }, `Token.${reason}`);

export function ensureSigned(origin: Origin): AccountId {
  if (origin.kind !== 'signed') throw badOrigin();
  return origin.who;
}

export function ensureRoot(origin: Origin): void {
  if (origin.kind !== 'root') throw badOrigin();
}

export function ensureNone(origin: Origin): void {
  if (origin.kind !== 'none') throw badOrigin();
}

export type InvalidReason =
  | 'Call'
  | 'Payment'
  | 'Future'
  | 'Stale'
  | 'BadProof'
  | 'AncientBirthBlock'
  | 'ExhaustsResources'
  | 'BadMandatory'
  | 'MandatoryValidation'
  | 'BadSigner';

/**
 * A transaction that cannot be included at all: nothing is charged, the nonce does not move
 * (Substrate's TransactionValidityError; the RPC reports it as code 1010).
 */
export class InvalidTransaction extends Error {
  readonly code = 'INVALID_TRANSACTION';
  constructor(
    readonly reason: InvalidReason | { custom: number },
    detail?: string,
  ) {
    super(
      `Invalid Transaction: ${typeof reason === 'string' ? reason : `Custom error: ${reason.custom}`}${detail ? ` (${detail})` : ''}`,
    );
    this.name = 'InvalidTransaction';
  }
}
