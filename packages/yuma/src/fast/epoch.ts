/**
 * The production epoch on numbers: the same steps as ../epoch/reference.ts (subtensor's
 * epoch_mechanism) with typed arrays and the exact kernels of ./arith.ts. Per-uid stages that
 * need wide fixed point (stake, emission) reuse the bigint code; everything O(weights) runs here.
 * Throws OutOfFastRange when an intermediate would leave the exact range; epoch() then falls
 * back to the reference implementation.
 */
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
} from '../epoch/stages.js';
import { toU16Matrix } from '../epoch/matrix.js';
import type { EpochInput, EpochOutput } from '../epoch/types.js';
import { u16ProportionToFixed } from '../math/fixed32.js';
import { ONE_FX, OutOfFastRange, fromBigRaw, mulFx, proportionToU16 } from './arith.js';
import { epochArena } from './arena.js';
import { classicBonds, yuma3Bonds } from './bonds.js';
import { normalizeFx, weightedMedianColumns } from './median.js';
import { RowScratch, RowsBuilder, nnz, type Rows } from './rows.js';
import { AlphaSigmoid } from './sigmoid.js';
import { clipTrustRanks, maskedNormalizedWeights } from './weights.js';

const MAX_SAFE_BLOCK = BigInt(Number.MAX_SAFE_INTEGER);

function blocks(values: readonly bigint[], what: string): Float64Array {
  return Float64Array.from(values, (v) => {
    if (v > MAX_SAFE_BLOCK) throw new OutOfFastRange(what);
    return Number(v);
  });
}

/** is_topk_nonzero: non-zero stake, minus the n-k smallest (stable: lower index first). */
function isTopkNonzero(stake: Float64Array, k: number): boolean[] {
  const n = stake.length;
  const result = Array.from(stake, (s) => s !== 0);
  if (n < k) return result;
  const order = Array.from({ length: n }, (_, i) => i);
  order.sort((a, b) => (stake[a] as number) - (stake[b] as number) || a - b);
  for (let i = 0; i < n - k; i++) result[order[i] as number] = false;
  return result;
}

/** interpolate_sparse for 0 < ratio < 1: rows densified, positives kept in column order. */
function interpolate(a: Rows, b: Rows, ratio: number, columns: number): Rows {
  const sa = new RowScratch(columns);
  const sb = new Float64Array(columns);
  const out = new RowsBuilder(a.rowCount, nnz(a));
  for (let i = 0; i < a.rowCount; i++) {
    for (let k = a.start[i] as number, end = a.start[i + 1] as number; k < end; k++) {
      sa.touch(a.col[k] as number);
      sa.value[a.col[k] as number] = a.val[k] as number;
    }
    for (let k = b.start[i] as number, end = b.start[i + 1] as number; k < end; k++) {
      sa.touch(b.col[k] as number);
      sb[b.col[k] as number] = b.val[k] as number;
    }
    const cols = sa.ascending();
    for (let k = 0; k < cols.length; k++) {
      const c = cols[k] as number;
      const v1 = sa.value[c] as number;
      const interp = v1 + mulFx(ratio, (sb[c] as number) - v1);
      if (interp > 0) out.push(c, interp);
      sb[c] = 0;
    }
    sa.reset();
    out.endRow();
  }
  return { ...out.finish(), sorted: true };
}

function commitBlockVector(input: EpochInput, n: number): Float64Array | null {
  if (!input.params.commitRevealEnabled) return null;
  const out = new Float64Array(n).fill(Infinity);
  (input.state.commitBlocks ?? []).forEach((c, i) => {
    if (c !== null && i < n) out[i] = c > MAX_SAFE_BLOCK ? Infinity : Number(c);
  });
  return out;
}

const toBig = (xs: Float64Array): bigint[] => Array.from(xs, (x) => BigInt(x));

export function fastEpoch(input: EpochInput): EpochOutput {
  const { params, state } = input;
  const n = state.alphaStake.length;
  const owner = params.ownerUid;
  const arena = epochArena();

  const inactive = inactiveMask(state, params);
  const total = totalStake(state, params.taoWeight);
  const stakeBig = normalizedStake(total, params, true);
  const stake = Float64Array.from(stakeBig, (x) => fromBigRaw(x, 'stake'));

  const permits = state.validatorPermits.slice();
  if (owner !== null && owner < n) permits[owner] = true;
  const forbid = permits.map((p) => !p);
  const newPermits = isTopkNonzero(stake, params.maxAllowedValidators);
  if (owner !== null && owner < n) newPermits[owner] = true;
  const activeStake = normalizeFx(stake.map((s, i) => (inactive[i] || forbid[i] ? 0 : s)));

  const weights = maskedNormalizedWeights(
    toU16Matrix(state.weights),
    {
      forbid,
      ownerUid: owner,
      lastUpdate: blocks(state.lastUpdate, 'lastUpdate'),
      registered: blocks(state.blockAtRegistration, 'blockAtRegistration'),
      commitBlocks: commitBlockVector(input, n),
    },
    arena,
  );
  const consensus = weightedMedianColumns(
    activeStake,
    weights,
    n,
    fromBigRaw(kappaFixed(params), 'kappa'),
    arena,
  );
  const penalty = fromBigRaw(bondsPenaltyFixed(params), 'bonds penalty');
  // Classic bonds on the clipped weights reuse the products the ranks are summed from.
  const shareProducts = !params.yuma3 && penalty === ONE_FX;
  const { clipped, validatorTrust, ranks, products } = clipTrustRanks(
    weights,
    consensus,
    activeStake,
    arena,
    shareProducts,
  );
  const incentive = normalizeFx(ranks);

  const weightsForBonds =
    penalty === 0 ? weights : penalty === ONE_FX ? clipped : interpolate(weights, clipped, penalty, n);
  const lastTempo = lastTempoBlock(params);
  const keepColumn = Uint8Array.from(state.blockAtRegistration, (reg) => (lastTempo <= reg ? 0 : 1));
  const stored = toU16Matrix(state.bonds);
  const fixedAlpha = fromBigRaw(disabledLiquidAlpha(params), 'alpha');

  let bonds;
  if (params.yuma3) {
    const liquid = params.liquidAlpha && consensus.some((c) => c !== 0);
    const sigmoid = liquid
      ? new AlphaSigmoid(
          fromBigRaw(u16ProportionToFixed(params.alphaLow), 'alpha low'),
          fromBigRaw(u16ProportionToFixed(params.alphaHigh), 'alpha high'),
          params.alphaSigmoidSteepness * ONE_FX,
        )
      : null;
    bonds = yuma3Bonds(
      stored,
      keepColumn,
      weightsForBonds,
      activeStake,
      incentive,
      consensus,
      fixedAlpha,
      sigmoid,
      newPermits,
      arena,
    );
  } else {
    bonds = classicBonds(
      stored,
      keepColumn,
      weightsForBonds,
      products !== null ? { values: products, sums: ranks } : null,
      activeStake,
      incentive,
      fixedAlpha,
      newPermits,
      arena,
    );
  }
  const dividends = normalizeFx(bonds.dividends);

  const split = splitEmission(
    toBig(incentive),
    toBig(dividends),
    stakeBig,
    toBig(activeStake),
    params.raoEmission,
  );
  const u16 = (xs: Float64Array): number[] => Array.from(xs, proportionToU16);
  return {
    active: inactive.map((x) => !x),
    incentive: u16(incentive),
    dividends: u16(dividends),
    consensus: u16(consensus),
    validatorTrust: u16(validatorTrust),
    stakeWeight: toU16Proportions(stakeBig),
    emission: split.combined,
    serverEmission: split.server,
    validatorEmission: split.validator,
    newValidatorPermits: newPermits,
    bonds: bonds.storage,
    stake: stakeToU64(total),
  };
}
