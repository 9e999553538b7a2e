/**
 * The production epoch (subtensor `epoch_mechanism`, the sparse path) as a direct port on
 * bigint fixed point: every step calls the math library exactly as run_epoch.rs does. It is
 * the readable specification the fast path is checked against, and its fallback.
 */
import {
  ZERO,
  type SparseEntry,
  type SparseMatrix,
  colClipSparse,
  colMaxUpscaleSparse,
  colNormalizeSparse,
  fixedProportionToU16,
  fixedToFixedU16Proportion,
  interpolateSparse,
  isTopkNonzero,
  maskDiagSparse,
  maskDiagSparseExceptIndex,
  maskRowsSparse,
  maskVector,
  matEmaAlphaSparse,
  matEmaSparse,
  matVecMulSparse,
  matmulSparse,
  matmulTransposeSparse,
  normalize,
  rowHadamardSparse,
  rowNormalizeSparse,
  rowSumSparse,
  scalarVecMaskSparseMatrix,
  u16ProportionToFixed,
  u16ToFixed,
  vecMaskSparseMatrix,
  vecMul,
  weightedMedianColSparse,
  alphaSigmoid,
} from '../math/index.js';
import {
  bondsPenaltyFixed,
  disabledLiquidAlpha,
  inactiveMask,
  kappaFixed,
  lastTempoBlock,
  normalizedStake,
  splitEmission,
  stakeToU64,
  toU16Proportions,
  totalStake,
} from './stages.js';
import { toU16Matrix, toU16Rows } from './matrix.js';
import type { EpochInput, EpochOutput, EpochParams, U16Rows } from './types.js';

const U64_MAX = 0xffff_ffff_ffff_ffffn;

function rowsToFixed(rows: U16Rows, convert: (v: number) => bigint): SparseEntry[][] {
  return toU16Rows(rows).map((row) => row.map(([j, v]) => [j, convert(v)] as const));
}

/**
 * compute_liquid_alpha_values_sparse: walks each row's entries with a peeking cursor per column,
 * which assumes ascending columns — rows stored out of order read some entries as 0, as on chain.
 */
function liquidAlphas(
  params: EpochParams,
  weights: SparseMatrix,
  bonds: SparseMatrix,
  consensus: readonly bigint[],
): bigint[][] {
  const steepness = BigInt(params.alphaSigmoidSteepness) << 32n;
  const low = u16ProportionToFixed(params.alphaLow);
  const high = u16ProportionToFixed(params.alphaHigh);
  return weights.map((wRow, i) => {
    const bRow = bonds[i] ?? [];
    let w = 0;
    let b = 0;
    return consensus.map((c, j) => {
      let weight = ZERO;
      while (w < wRow.length) {
        const [col, val] = wRow[w] as SparseEntry;
        if (col < j) w += 1;
        else {
          if (col === j) weight = val;
          break;
        }
      }
      let bond = ZERO;
      while (b < bRow.length) {
        const [col, val] = bRow[b] as SparseEntry;
        if (col < j) b += 1;
        else {
          if (col === j) bond = val;
          break;
        }
      }
      return alphaSigmoid(c, weight, bond, low, high, steepness);
    });
  });
}

function computeBondsYuma3(
  params: EpochParams,
  weightsForBonds: SparseMatrix,
  bonds: SparseMatrix,
  consensus: readonly bigint[],
): SparseEntry[][] {
  if (params.liquidAlpha && consensus.length > 0 && consensus.some((c) => c !== ZERO)) {
    return matEmaAlphaSparse(weightsForBonds, bonds, liquidAlphas(params, weightsForBonds, bonds, consensus));
  }
  return matEmaSparse(weightsForBonds, bonds, disabledLiquidAlpha(params));
}

export function referenceEpoch(input: EpochInput): EpochOutput {
  const { params, state } = input;
  const n = state.alphaStake.length;

  const inactive = inactiveMask(state, params);
  const active = inactive.map((x) => !x);

  const total = totalStake(state, params.taoWeight);
  const stake = normalizedStake(total, params, true);

  const validatorPermits = state.validatorPermits.slice();
  if (params.ownerUid !== null && params.ownerUid < n) validatorPermits[params.ownerUid] = true;
  const validatorForbids = validatorPermits.map((p) => !p);
  const newValidatorPermits = isTopkNonzero(stake, params.maxAllowedValidators);
  if (params.ownerUid !== null && params.ownerUid < n) newValidatorPermits[params.ownerUid] = true;

  let activeStake = maskVector(inactive, stake);
  activeStake = maskVector(validatorForbids, activeStake);
  activeStake = normalize(activeStake);

  let weights: SparseEntry[][] = rowsToFixed(state.weights, u16ToFixed);
  weights = maskRowsSparse(validatorForbids, weights);
  weights =
    params.ownerUid !== null ? maskDiagSparseExceptIndex(weights, params.ownerUid) : maskDiagSparse(weights);
  weights = vecMaskSparseMatrix(weights, state.lastUpdate, state.blockAtRegistration, (u, r) => u <= r);
  if (params.commitRevealEnabled) {
    const commitBlocks = (state.commitBlocks ?? []).map((c) => c ?? U64_MAX);
    while (commitBlocks.length < n) commitBlocks.push(U64_MAX);
    weights = vecMaskSparseMatrix(weights, commitBlocks, state.blockAtRegistration, (cb, reg) => cb < reg);
  }
  weights = rowNormalizeSparse(weights);

  const consensus = weightedMedianColSparse(activeStake, weights, n, kappaFixed(params));
  const clippedWeights = colClipSparse(weights, consensus);
  const validatorTrust = rowSumSparse(clippedWeights);
  const incentive = normalize(matmulSparse(clippedWeights, activeStake, n));

  const weightsForBonds = interpolateSparse(weights, clippedWeights, n, bondsPenaltyFixed(params));
  const lastTempo = lastTempoBlock(params);

  let dividends: bigint[];
  let emaBonds: SparseEntry[][];
  if (params.yuma3) {
    let bonds = rowsToFixed(state.bonds, (v) => fixedToFixedU16Proportion(u16ToFixed(v)));
    bonds = scalarVecMaskSparseMatrix(bonds, lastTempo, state.blockAtRegistration, (t, reg) => t <= reg);
    emaBonds = computeBondsYuma3(params, weightsForBonds, bonds, consensus);
    const emaBondsNorm = colNormalizeSparse(emaBonds, n);
    const totalBondsPerValidator = rowSumSparse(matVecMulSparse(emaBondsNorm, incentive));
    dividends = normalize(vecMul(totalBondsPerValidator, activeStake));
  } else {
    let bonds = rowsToFixed(state.bonds, u16ToFixed);
    bonds = scalarVecMaskSparseMatrix(bonds, lastTempo, state.blockAtRegistration, (t, reg) => t <= reg);
    bonds = colNormalizeSparse(bonds, n);
    const bondsDelta = colNormalizeSparse(rowHadamardSparse(weightsForBonds, activeStake), n);
    const bma = disabledLiquidAlpha(params);
    emaBonds = colNormalizeSparse(matEmaSparse(bondsDelta, bonds, bma), n);
    dividends = normalize(matmulTransposeSparse(emaBonds, incentive));
    emaBonds = colMaxUpscaleSparse(emaBonds, n);
  }

  const split = splitEmission(incentive, dividends, stake, activeStake, params.raoEmission);
  return {
    active,
    incentive: toU16Proportions(incentive),
    dividends: toU16Proportions(dividends),
    consensus: toU16Proportions(consensus),
    validatorTrust: toU16Proportions(validatorTrust),
    stakeWeight: toU16Proportions(stake),
    emission: split.combined,
    serverEmission: split.server,
    validatorEmission: split.validator,
    newValidatorPermits,
    bonds: toU16Matrix(
      newValidatorPermits.map((permit, i) =>
        permit ? (emaBonds[i] ?? []).map(([j, v]) => [j, fixedProportionToU16(v)] as const) : [],
      ),
    ),
    stake: stakeToU64(total),
  };
}
