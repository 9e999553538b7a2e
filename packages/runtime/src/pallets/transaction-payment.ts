/**
 * pallet_transaction_payment with subtensor's parameters: fee = base + length + weight + tip,
 * weight priced linearly at 0.0005 rao per picosecond (LinearWeightToFee), 1 rao per byte;
 * Pays::No calls pay only their tip. Fees and tips go to the block author (burned if none).
 */
import type { FeePolicy } from '../frame/executive.js';
import { Pallet } from '../frame/pallet.js';
import type { AnyCallDef } from '../frame/pallet.js';
import { storageValue } from '../storage/items.js';
import { newtype, u128, u8 } from '../types/type.js';
import { chargeFee } from './balances.js';

const P = 'TransactionPayment';
/** frame_support's ExtrinsicBaseWeight (ps). */
export const EXTRINSIC_BASE_WEIGHT = 125_000_000n;
/** Perbill::from_parts(500_000): 0.0005 rao per unit of weight. */
const WEIGHT_FEE_PARTS = 500_000n;
const PERBILL = 1_000_000_000n;
/** FixedU128 1.0 */
const ONE_FIXED_U128 = 10n ** 18n;

export const TransactionPaymentStorage = {
  NextFeeMultiplier: storageValue(
    P,
    'NextFeeMultiplier',
    newtype(['sp_arithmetic', 'fixed_point', 'FixedU128'], u128),
    {
      default: ONE_FIXED_U128,
      docs: ['The fee multiplier (constant 1 on subtensor).'],
    },
  ),
};

export function weightToFee(weight: bigint): bigint {
  return (weight * WEIGHT_FEE_PARTS) / PERBILL;
}

export interface FeeDetails {
  readonly baseFee: bigint;
  readonly lenFee: bigint;
  readonly adjustedWeightFee: bigint;
  readonly tip: bigint;
}

export function feeDetails(def: AnyCallDef, weight: bigint, length: number, tip: bigint): FeeDetails {
  if ((def.pays ?? 'Yes') === 'No') return { baseFee: 0n, lenFee: 0n, adjustedWeightFee: 0n, tip };
  return {
    baseFee: weightToFee(EXTRINSIC_BASE_WEIGHT),
    lenFee: BigInt(length),
    adjustedWeightFee: weightToFee(weight),
    tip,
  };
}

export const subtensorFees: FeePolicy = {
  fee(def, weight, length, tip) {
    const d = feeDetails(def, weight, length, tip);
    return d.baseFee + d.lenFee + d.adjustedWeightFee + d.tip;
  },
  charge: chargeFee,
};

export const transactionPayment = new Pallet({
  name: P,
  index: 6,
  storage: Object.values(TransactionPaymentStorage),
  constants: [
    {
      name: 'OperationalFeeMultiplier',
      type: u8,
      value: 5,
      docs: ['Priority boost for operational transactions.'],
    },
  ],
});
