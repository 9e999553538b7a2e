/**
 * The per-subnet emission arithmetic of run_coinbase.rs (emit_to_subnets), in U96F32: the owner
 * cut, then half to miners and the rest to validators minus the root share.
 */
import { U64F64, U96F32 } from '@tao-ts/primitives';

const U64_MAX = 0xffff_ffff_ffff_ffffn;
const HALF = U96F32.fromDecimal('0.5');

export interface EmissionSplit {
  readonly ownerCut: bigint;
  readonly server: bigint;
  readonly validator: bigint;
  readonly rootAlpha: bigint;
}

/** SubnetOwnerCut / u16::MAX as U96F32 (get_float_subnet_owner_cut). */
export function ownerCutFraction(ownerCutU16: number): bigint {
  return U96F32.safeDiv(U96F32.saturatingFromInt(BigInt(ownerCutU16)), U96F32.saturatingFromInt(65_535n));
}

/** tw·root_tao / (tw·root_tao + alpha_issuance), U96F32 (root_proportion). */
export function rootProportion(taoWeightU64: bigint, rootTao: bigint, alphaIssuance: bigint): bigint {
  const tw = U96F32.safeDiv(U96F32.saturatingFromInt(taoWeightU64), U96F32.saturatingFromInt(U64_MAX));
  const weighted = U96F32.saturatingMul(tw, U96F32.saturatingFromInt(rootTao));
  return U96F32.safeDiv(weighted, U96F32.saturatingAdd(weighted, U96F32.saturatingFromInt(alphaIssuance)));
}

/**
 * Split one block's alpha out: owner cut (if enabled), root alpha = root_proportion × rest × 0.5,
 * server = rest × 0.5, validator = rest − server − root alpha; each floored to u64.
 */
export function splitAlphaOut(
  alphaOut: bigint,
  ownerCutU16: number,
  ownerCutEnabled: boolean,
  rootProportionU96F32: bigint,
): EmissionSplit {
  let rest = U96F32.saturatingFromInt(alphaOut);
  let ownerCut = 0n;
  if (ownerCutEnabled) {
    const cut = U96F32.saturatingMul(rest, ownerCutFraction(ownerCutU16));
    rest = U96F32.saturatingSub(rest, cut);
    ownerCut = U96F32.saturatingToU64(cut);
  }
  const rootAlpha = U96F32.saturatingMul(U96F32.saturatingMul(rootProportionU96F32, rest), HALF);
  const server = U96F32.saturatingMul(rest, HALF);
  const validator = U96F32.saturatingSub(U96F32.saturatingSub(rest, server), rootAlpha);
  return {
    ownerCut,
    server: U96F32.saturatingToU64(server),
    validator: U96F32.saturatingToU64(validator),
    rootAlpha: U96F32.saturatingToU64(rootAlpha),
  };
}

/** Equal shares of the block emission (U64F64 1/k each, floored to rao). */
export function equalShares(blockEmission: bigint, subnets: number): bigint {
  if (subnets === 0) return 0n;
  const share = U64F64.safeDiv(U64F64.one, U64F64.fromInt(BigInt(subnets)));
  return U64F64.saturatingToU64(U64F64.saturatingMul(U64F64.saturatingFromInt(blockEmission), share));
}
