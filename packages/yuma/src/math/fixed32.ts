/**
 * I32F32 conventions of subtensor's epoch math (pallets/subtensor/src/epoch/math.rs).
 * Values are raw bigint bits; see @tao-ts/primitives FixedKind for the arithmetic rules.
 */
import { I32F32, I64F64 } from '@tao-ts/primitives';

export {
  U16_MAX_FX,
  fixedProportionToU16,
  fixedToFixedU16Proportion,
  u16ProportionToFixed,
  u16ToFixed,
} from '@tao-ts/primitives';

export const F = I32F32;
export const ZERO = 0n;
export const ONE = I32F32.one;

/** Column/row entry of a sparse matrix: [column index, I32F32 raw]. */
export type SparseEntry = readonly [number, bigint];
export type SparseRow = readonly SparseEntry[];
export type SparseMatrix = readonly SparseRow[];
export type DenseMatrix = readonly (readonly bigint[])[];

export function fixed64ToFixed32(x: bigint): bigint {
  return I32F32.saturatingFromFixed(I64F64, x);
}

export function fixed64ToU64(x: bigint): bigint {
  return I64F64.saturatingToU64(x);
}

/** `iter().sum()` on I32F32 in a release build: wrapping two's-complement addition. */
export function sum(values: Iterable<bigint>): bigint {
  return F.wrappingSum(values);
}
