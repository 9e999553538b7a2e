/**
 * sp_runtime::transaction_validity: why a transaction cannot be included (TransactionValidityError)
 * and, when it can, how the pool orders it (ValidTransaction). Values have the SCALE shapes, so
 * runtime APIs encode them as they are; the error class carries one for code that throws.
 */
import { DispatchErrorType, type DispatchErrorValue } from '../types/substrate.js';
import {
  bool,
  bytes,
  enumType,
  struct,
  u64,
  u8,
  unit,
  vec,
  type Type,
  type TypeInfo,
} from '../types/type.js';
import type { InvalidTransaction } from '../frame/dispatch.js';

/** InvalidTransaction's variants in declaration order (their SCALE indices). */
export const INVALID_REASONS = [
  'Call',
  'Payment',
  'Future',
  'Stale',
  'BadProof',
  'AncientBirthBlock',
  'ExhaustsResources',
  'Custom',
  'BadMandatory',
  'MandatoryValidation',
  'BadSigner',
  'IndeterminateImplicit',
  'UnknownOrigin',
] as const;

export type InvalidTransactionReason = Exclude<(typeof INVALID_REASONS)[number], 'Custom'>;
export type UnknownTransactionReason = 'CannotLookup' | 'NoUnsignedValidator';

export type InvalidTransactionValue =
  | { readonly tag: InvalidTransactionReason; readonly value: undefined }
  | { readonly tag: 'Custom'; readonly value: number };

export type UnknownTransactionValue =
  | { readonly tag: UnknownTransactionReason; readonly value: undefined }
  | { readonly tag: 'Custom'; readonly value: number };

export type TransactionValidityErrorValue =
  | { readonly tag: 'Invalid'; readonly value: InvalidTransactionValue }
  | { readonly tag: 'Unknown'; readonly value: UnknownTransactionValue };

export type TransactionSource = 'InBlock' | 'Local' | 'External';

export interface ValidTransaction {
  readonly priority: bigint;
  readonly requires: readonly Uint8Array[];
  readonly provides: readonly Uint8Array[];
  readonly longevity: bigint;
  readonly propagate: boolean;
}

export type TransactionValidity =
  | { readonly tag: 'Ok'; readonly value: ValidTransaction }
  | { readonly tag: 'Err'; readonly value: TransactionValidityErrorValue };

const INVALID_TEXT: Readonly<Record<InvalidTransactionReason | 'Custom', string>> = {
  Call: 'Transaction call is not expected',
  Payment: 'Inability to pay some fees (e.g. account balance too low)',
  Future: 'Transaction will be valid in the future',
  Stale: 'Transaction is outdated',
  BadProof: 'Transaction has a bad signature',
  AncientBirthBlock: 'Transaction has an ancient birth block',
  ExhaustsResources: 'Transaction would exhaust the block limits',
  Custom: 'InvalidTransaction custom error',
  BadMandatory: 'A call was labelled as mandatory, but resulted in an Error.',
  MandatoryValidation: 'Transaction dispatch is mandatory; transactions must not be validated.',
  BadSigner: 'Invalid signing address',
  IndeterminateImplicit: 'The implicit data was unable to be calculated',
  UnknownOrigin: 'The transaction extension did not authorize any origin',
};

const UNKNOWN_TEXT: Readonly<Record<UnknownTransactionReason | 'Custom', string>> = {
  CannotLookup: 'Could not lookup information required to validate the transaction',
  NoUnsignedValidator: 'Could not find an unsigned validator for the unsigned transaction',
  Custom: 'UnknownTransaction custom error',
};

/** Substrate's description of an error, as its RPC puts in the error's `data`. */
export function describeValidityError(error: TransactionValidityErrorValue): string {
  const text = error.tag === 'Invalid' ? INVALID_TEXT[error.value.tag] : UNKNOWN_TEXT[error.value.tag];
  return error.value.tag === 'Custom' ? `Custom error: ${error.value.value}` : text;
}

/**
 * A transaction that cannot be included: nothing is charged and the nonce does not move. The
 * node reports `Invalid` ones as RPC error 1010 and `Unknown` ones as 1011.
 */
export class TransactionValidityError extends Error {
  readonly code: 'INVALID_TRANSACTION' | 'UNKNOWN_TRANSACTION';

  constructor(
    readonly value: TransactionValidityErrorValue,
    readonly detail?: string,
  ) {
    const kind = value.tag === 'Invalid' ? 'Invalid Transaction' : 'Unknown Transaction Validity';
    super(`${kind}: ${describeValidityError(value)}${detail ? ` (${detail})` : ''}`);
    this.name = 'TransactionValidityError';
    this.code = value.tag === 'Invalid' ? 'INVALID_TRANSACTION' : 'UNKNOWN_TRANSACTION';
  }
}

export function txInvalid(reason: InvalidTransactionReason, detail?: string): TransactionValidityError {
  return new TransactionValidityError({ tag: 'Invalid', value: { tag: reason, value: undefined } }, detail);
}

export function txInvalidCustom(code: number, detail?: string): TransactionValidityError {
  return new TransactionValidityError({ tag: 'Invalid', value: { tag: 'Custom', value: code } }, detail);
}

export function txUnknown(reason: UnknownTransactionReason, detail?: string): TransactionValidityError {
  return new TransactionValidityError({ tag: 'Unknown', value: { tag: reason, value: undefined } }, detail);
}

/** The executive's own InvalidTransaction (thrown by BlockExecution.apply) in Substrate's shape. */
export function fromInvalidTransaction(error: InvalidTransaction): TransactionValidityError {
  const { reason } = error;
  const detail = error.message;
  return typeof reason === 'string' ? txInvalid(reason, detail) : txInvalidCustom(reason.custom, detail);
}

/** core::result::Result<T, E> with scale-info's generic parameters. */
export function resultType<T, E>(
  ok: Type<T>,
  err: Type<E>,
): Type<{ tag: 'Ok'; value: T } | { tag: 'Err'; value: E }> {
  const plain = enumType<{ tag: 'Ok'; value: T } | { tag: 'Err'; value: E }>(
    ['Result'],
    [
      { name: 'Ok', fields: ok },
      { name: 'Err', fields: err },
    ],
  );
  const info: TypeInfo =
    plain.info.kind === 'variant'
      ? {
          ...plain.info,
          params: [
            { name: 'T', type: ok },
            { name: 'E', type: err },
          ],
        }
      : plain.info;
  return { ...plain, info, name: `Result<${ok.name}, ${err.name}>` };
}

const VALIDITY = ['sp_runtime', 'transaction_validity'];

export const InvalidTransactionType = enumType<InvalidTransactionValue>(
  [...VALIDITY, 'InvalidTransaction'],
  INVALID_REASONS.map((name) => (name === 'Custom' ? { name, fields: u8 } : { name })),
);

export const UnknownTransactionType = enumType<UnknownTransactionValue>(
  [...VALIDITY, 'UnknownTransaction'],
  [{ name: 'CannotLookup' }, { name: 'NoUnsignedValidator' }, { name: 'Custom', fields: u8 }],
);

export const TransactionValidityErrorType = enumType<TransactionValidityErrorValue>(
  [...VALIDITY, 'TransactionValidityError'],
  [
    { name: 'Invalid', fields: InvalidTransactionType },
    { name: 'Unknown', fields: UnknownTransactionType },
  ],
);

export const TransactionSourceType = enumType<{ tag: TransactionSource; value: undefined }>(
  [...VALIDITY, 'TransactionSource'],
  [{ name: 'InBlock' }, { name: 'Local' }, { name: 'External' }],
);

export const ValidTransactionType: Type<ValidTransaction> = struct<ValidTransaction>(
  [...VALIDITY, 'ValidTransaction'],
  [
    ['priority', u64, 'TransactionPriority'],
    ['requires', vec(bytes), 'Vec<TransactionTag>'],
    ['provides', vec(bytes), 'Vec<TransactionTag>'],
    ['longevity', u64, 'TransactionLongevity'],
    ['propagate', bool, 'bool'],
  ],
);

export const TransactionValidityType: Type<TransactionValidity> = resultType(
  ValidTransactionType,
  TransactionValidityErrorType,
);

export type DispatchOutcome =
  | { readonly tag: 'Ok'; readonly value: undefined }
  | { readonly tag: 'Err'; readonly value: DispatchErrorValue };

/** sp_runtime::ApplyExtrinsicResult: Err when the extrinsic is invalid, Ok(dispatch outcome) when included. */
export type ApplyExtrinsicResultValue =
  | { readonly tag: 'Ok'; readonly value: DispatchOutcome }
  | { readonly tag: 'Err'; readonly value: TransactionValidityErrorValue };

export const DispatchOutcomeType: Type<DispatchOutcome> = resultType(unit, DispatchErrorType);

export const ApplyExtrinsicResultType: Type<ApplyExtrinsicResultValue> = resultType(
  DispatchOutcomeType,
  TransactionValidityErrorType,
);
