/**
 * Block emission as a function of issuance (coinbase/block_emission.rs), in I96F32 with the
 * crate's log2: 1 TAO per block, halving each time issuance crosses 21e15 - 21e15/2^k rao.
 * The same function gives each subnet's alpha emission from its alpha issuance.
 */
import { I96F32, fixedLog2 } from '@tao-ts/primitives';

export const TOTAL_SUPPLY_RAO = 21_000_000_000_000_000n;
export const DEFAULT_BLOCK_EMISSION_RAO = 1_000_000_000n;

export class EmissionError extends Error {
  readonly code = 'EMISSION_LOG2';
  constructor() {
    super('Logarithm calculation failed');
    this.name = 'EmissionError';
  }
}

export function blockEmissionForIssuance(
  issuance: bigint,
  totalSupply: bigint = TOTAL_SUPPLY_RAO,
  defaultEmission: bigint = DEFAULT_BLOCK_EMISSION_RAO,
): bigint {
  const F = I96F32;
  const total = F.saturatingFromInt(issuance);
  if (total >= F.saturatingFromInt(totalSupply)) return 0n;
  const one = F.one;
  const half = F.saturatingMul(F.saturatingFromInt(2n), F.saturatingFromInt(10_500_000_000_000_000n));
  const ratio = F.checkedDiv(total, half);
  const remaining = ratio === undefined ? undefined : F.checkedSub(one, ratio);
  const inverse = remaining === undefined ? undefined : F.checkedDiv(one, remaining);
  const residual = inverse === undefined ? undefined : fixedLog2(F, inverse);
  if (residual === undefined) throw new EmissionError();
  const halvings = F.saturatingToU64((residual >> F.frac) << F.frac);
  let multiplier = one;
  const two = F.fromInt(2n);
  for (let i = 0n; i < halvings; i++) multiplier = F.saturatingMul(multiplier, two);
  const percentage = F.safeDiv(one, multiplier);
  return F.saturatingToU64(F.saturatingMul(percentage, F.saturatingFromInt(defaultEmission)));
}
