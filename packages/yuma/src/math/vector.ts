/** Vector functions of subtensor's epoch math library, on I32F32 raw bigints. */
import { I64F64 } from '@tao-ts/primitives';
import { F, ZERO, U16_MAX_FX, sum, u16ToFixed } from './fixed32.js';

const THRESHOLD_32768 = 32_768n << 32n;

/** Max-upscale so the largest element becomes 65535 (how weights are stored). */
export function vecMaxUpscaleToU16(vec: readonly bigint[]): number[] {
  if (vec.length === 0) return [];
  let max = vec[0] as bigint;
  for (const v of vec) if (v > max) max = v;
  if (max === ZERO) return vec.map((e) => F.saturatingToU16(F.saturatingMul(e, U16_MAX_FX)));
  if (max > THRESHOLD_32768) {
    const scale = F.safeDiv(U16_MAX_FX, max);
    return vec.map((e) => F.saturatingToU16(F.round(F.saturatingMul(e, scale))));
  }
  return vec.map((e) => F.saturatingToU16(F.round(F.safeDiv(F.saturatingMul(e, U16_MAX_FX), max))));
}

export function vecU16MaxUpscaleToU16(vec: readonly number[]): number[] {
  return vecMaxUpscaleToU16(vec.map(u16ToFixed));
}

/** True when the normalized maximum is at most maxLimit/65535. */
export function checkVecMaxLimited(vec: readonly number[], maxLimit: number): boolean {
  const limit = F.safeDiv(u16ToFixed(maxLimit), U16_MAX_FX);
  const normalized = normalize(vec.map(u16ToFixed));
  if (normalized.length === 0) return true;
  let max = normalized[0] as bigint;
  for (const v of normalized) if (v > max) max = v;
  return max <= limit;
}

export function isZero(vec: readonly bigint[]): boolean {
  return sum(vec) === ZERO;
}

/** Indices sorted ascending by value; ties keep index order (Rust's stable sort_by_key). */
function ascendingStableOrder(vec: readonly bigint[]): number[] {
  const order = vec.map((_, i) => i);
  order.sort((a, b) => {
    const va = vec[a] as bigint;
    const vb = vec[b] as bigint;
    return va < vb ? -1 : va > vb ? 1 : a - b;
  });
  return order;
}

export function isTopk(vec: readonly bigint[], k: number): boolean[] {
  const n = vec.length;
  const result = new Array<boolean>(n).fill(true);
  if (n < k) return result;
  const order = ascendingStableOrder(vec);
  for (let i = 0; i < n - k; i++) result[order[i] as number] = false;
  return result;
}

export function isTopkNonzero(vec: readonly bigint[], k: number): boolean[] {
  const n = vec.length;
  const result = vec.map((v) => v !== ZERO);
  if (n < k) return result;
  const order = ascendingStableOrder(vec);
  for (let i = 0; i < n - k; i++) result[order[i] as number] = false;
  return result;
}

/** x / sum(x); unchanged when the sum is 0. */
export function normalize(vec: readonly bigint[]): bigint[] {
  return normalizeUsingSum(vec, sum(vec));
}

export function normalizeUsingSum(vec: readonly bigint[], total: bigint): bigint[] {
  if (total === ZERO) return vec.slice();
  return vec.map((v) => F.safeDiv(v, total));
}

/** inplace_normalize_64 on I64F64 raws. */
export function normalize64(vec: readonly bigint[]): bigint[] {
  const total = I64F64.wrappingSum(vec);
  if (total === 0n) return vec.slice();
  return vec.map((v) => I64F64.safeDiv(v, total));
}

/** Element-wise product, 0 where the product overflows (checked_mul().unwrap_or_default()). */
export function vecMul(a: readonly bigint[], b: readonly bigint[]): bigint[] {
  const n = Math.min(a.length, b.length);
  const out: bigint[] = [];
  for (let i = 0; i < n; i++) out.push(F.checkedMul(a[i] as bigint, b[i] as bigint) ?? ZERO);
  return out;
}

export function vecDiv(x: readonly bigint[], y: readonly bigint[]): bigint[] {
  return x.map((xi, i) => F.safeDiv(xi, y[i] ?? ZERO));
}

/** mask[i] = true zeroes element i; a missing mask entry counts as true. */
export function maskVector(mask: readonly boolean[], vec: readonly bigint[]): bigint[] {
  if (mask.length === 0) return vec.slice();
  return vec.map((v, i) => ((mask[i] ?? true) ? ZERO : v));
}

export function clampValue(value: bigint, low: bigint, high: bigint): bigint {
  const capped = value < high ? value : high;
  return capped > low ? capped : low;
}
