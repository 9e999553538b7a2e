/**
 * subtensor `epoch_dense_mechanism`: the older dense algorithm, kept upstream as a test
 * reference and here likewise. Known differences from the production sparse path: no owner
 * exemption from the stake threshold or forced owner permit, the diagonal is masked twice (so
 * the owner's self-weight is dropped anyway), no commit-reveal mask, Yuma3 bonds keep entries
 * the validator stopped weighting, bonds rows are written densely (zeros included), and a row
 * is left untouched when the uid neither had nor gets a permit (reported as null).
 */
import {
  ZERO,
  colClip,
  colMaxUpscale,
  colNormalize,
  fixedProportionToU16,
  fixedToFixedU16Proportion,
  interpolate,
  isTopkNonzero,
  maskCols,
  maskDiag,
  maskDiagExceptIndex,
  maskMatrix,
  maskRows,
  maskVector,
  matEma,
  matEmaAlpha,
  matVecMul,
  matmul,
  matmulTranspose,
  normalize,
  rowHadamard,
  rowNormalize,
  rowSum,
  u16ProportionToFixed,
  u16ToFixed,
  vecMul,
  weightedMedianCol,
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
import { toU16Rows } from './matrix.js';
import type { EpochInput, EpochOutput, U16Rows } from './types.js';

export interface DenseEpochOutput extends Omit<EpochOutput, 'bonds'> {
  /** Dense bonds rows (all n columns) where written; null where the row is left as it was. */
  readonly bonds: (number[] | null)[];
}

function denseFromRows(rows: U16Rows, n: number, convert: (v: number) => bigint): bigint[][] {
  return toU16Rows(rows).map((row) => {
    const dense = new Array<bigint>(n).fill(ZERO);
    for (const [j, v] of row) if (j < n) dense[j] = convert(v);
    return dense;
  });
}

export function denseEpoch(input: EpochInput): DenseEpochOutput {
  const { params, state } = input;
  const n = state.alphaStake.length;

  const inactive = inactiveMask(state, params);
  const active = inactive.map((x) => !x);
  const outdated = state.lastUpdate.map((updated) => state.blockAtRegistration.map((reg) => updated <= reg));
  const lastTempo = lastTempoBlock(params);
  const recentlyRegistered = state.blockAtRegistration.map((reg) => lastTempo <= reg);

  const total = totalStake(state, params.taoWeight);
  const stake = normalizedStake(total, params, false);
  const validatorPermits = state.validatorPermits;
  const validatorForbids = validatorPermits.map((p) => !p);
  const newValidatorPermits = isTopkNonzero(stake, params.maxAllowedValidators);
  const activeStake = normalize(maskVector(validatorForbids, maskVector(inactive, stake)));

  let weights = denseFromRows(state.weights, n, u16ToFixed);
  weights = maskRows(validatorForbids, weights);
  weights = params.ownerUid !== null ? maskDiagExceptIndex(weights, params.ownerUid) : maskDiag(weights);
  weights = maskDiag(weights);
  weights = maskMatrix(outdated, weights);
  weights = rowNormalize(weights);

  const consensus = weightedMedianCol(activeStake, weights, kappaFixed(params));
  const clippedWeights = colClip(weights, consensus);
  const validatorTrust = rowSum(clippedWeights);
  const incentive = normalize(matmul(clippedWeights, activeStake));
  const weightsForBonds = interpolate(weights, clippedWeights, bondsPenaltyFixed(params));

  let dividends: bigint[];
  let emaBonds: bigint[][];
  if (params.yuma3) {
    const bonds = maskCols(
      recentlyRegistered,
      denseFromRows(state.bonds, n, (v) => fixedToFixedU16Proportion(u16ToFixed(v))),
    );
    if (params.liquidAlpha && consensus.length > 0 && consensus.some((c) => c !== ZERO)) {
      const steepness = BigInt(params.alphaSigmoidSteepness) << 32n;
      const low = u16ProportionToFixed(params.alphaLow);
      const high = u16ProportionToFixed(params.alphaHigh);
      const alphas = weightsForBonds.map((wRow, i) =>
        wRow.map((w, j) =>
          alphaSigmoid(consensus[j] ?? ZERO, w, bonds[i]?.[j] ?? ZERO, low, high, steepness),
        ),
      );
      emaBonds = matEmaAlpha(weightsForBonds, bonds, alphas);
    } else {
      emaBonds = matEma(weightsForBonds, bonds, disabledLiquidAlpha(params));
    }
    const totalBondsPerValidator = rowSum(matVecMul(colNormalize(emaBonds), incentive));
    dividends = normalize(vecMul(totalBondsPerValidator, activeStake));
  } else {
    let bonds = maskCols(recentlyRegistered, denseFromRows(state.bonds, n, u16ToFixed));
    bonds = colNormalize(bonds);
    const bondsDelta = colNormalize(rowHadamard(weightsForBonds, activeStake));
    emaBonds = colNormalize(matEma(bondsDelta, bonds, disabledLiquidAlpha(params)));
    dividends = normalize(matmulTranspose(emaBonds, incentive));
    emaBonds = colMaxUpscale(emaBonds);
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
    bonds: newValidatorPermits.map((permit, i) => {
      if (permit) return (emaBonds[i] ?? []).map(fixedProportionToU16);
      return validatorPermits[i] ? [] : null;
    }),
    stake: stakeToU64(total),
  };
}
