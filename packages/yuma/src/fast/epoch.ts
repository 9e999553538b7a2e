/**
 * The production epoch on numbers: the same steps as ../epoch/reference.ts (subtensor's
 * epoch_mechanism), with typed arrays and the exact kernels of ./arith.ts. Per-uid stages that
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
import type { EpochInput, EpochOutput, U16Matrix } from '../epoch/types.js';
import { u16ProportionToFixed } from '../math/fixed32.js';
import { ONE_FX, OutOfFastRange, divFx, fromBigRaw, mulFx, proportionToU16 } from './arith.js';
import { colMaxUpscale, colNormalize, matEma, matEmaLiquid } from './bonds.js';
import { normalizeFx, weightedMedianColumns } from './median.js';
import { RowScratch, RowsBuilder, nnz, rowSums, type Rows } from './rows.js';
import { AlphaSigmoid } from './sigmoid.js';

const MAX_SAFE_BLOCK = BigInt(Number.MAX_SAFE_INTEGER);
/** An I32F32 holds values below 2^31; larger integer row sums would wrap in Rust's `sum`. */
const I32F32_INT_LIMIT = 2 ** 31;

function blocks(values: readonly bigint[], what: string): Float64Array {
  return Float64Array.from(values, (v) => {
    if (v > MAX_SAFE_BLOCK) throw new OutOfFastRange(what);
    return Number(v);
  });
}

function isTopkNonzero(stake: Float64Array, k: number): boolean[] {
  const n = stake.length;
  const result = Array.from(stake, (s) => s !== 0);
  if (n < k) return result;
  const order = Array.from({ length: n }, (_, i) => i);
  order.sort((a, b) => (stake[a] as number) - (stake[b] as number) || a - b);
  for (let i = 0; i < n - k; i++) result[order[i] as number] = false;
  return result;
}

/**
 * Stored weights with the row, diagonal, outdated and commit-reveal masks applied, then each row
 * normalized. Values are still u16 integers before normalization, so the row sum is an integer
 * and each entry is trunc(w * 2^32 / sum), exactly I32F32 safe_div(w, sum).
 */
function maskedNormalizedWeights(
  weights: U16Matrix,
  forbid: readonly boolean[],
  ownerUid: number | null,
  lastUpdate: Float64Array,
  registered: Float64Array,
  commitBlocks: Float64Array | null,
): Rows {
  const n = weights.start.length - 1;
  const out = new RowsBuilder(n, weights.uids.length);
  const keptCol = new Int32Array(n);
  const keptValue = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    if (!forbid[i]) {
      const updated = lastUpdate[i] as number;
      const commit = commitBlocks ? (commitBlocks[i] as number) : Infinity;
      let total = 0;
      let count = 0;
      for (let k = weights.start[i] as number, end = weights.start[i + 1] as number; k < end; k++) {
        const j = weights.uids[k] as number;
        if (j === i && ownerUid !== i) continue;
        const reg = registered[j] as number;
        if (updated <= reg || commit < reg) continue;
        const w = weights.values[k] as number;
        keptCol[count] = j;
        keptValue[count] = w;
        total += w;
        count += 1;
      }
      if (total >= I32F32_INT_LIMIT) throw new OutOfFastRange('weight row sum');
      for (let k = 0; k < count; k++) {
        const w = keptValue[k] as number;
        out.push(keptCol[k] as number, total > 0 ? divFx(w, total) : w * ONE_FX);
      }
    }
    out.endRow();
  }
  return out.finish();
}

function clip(weights: Rows, consensus: Float64Array): Rows {
  const out = new RowsBuilder(weights.rowCount, nnz(weights));
  for (let i = 0; i < weights.rowCount; i++) {
    for (let k = weights.start[i] as number, end = weights.start[i + 1] as number; k < end; k++) {
      const c = weights.col[k] as number;
      const v = weights.val[k] as number;
      const th = consensus[c] as number;
      if (th < v) {
        if (th > 0) out.push(c, th);
      } else {
        out.push(c, v);
      }
    }
    out.endRow();
  }
  return out.finish();
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
  return out.finish();
}

/**
 * Stored bond rows with columns registered since the last epoch dropped; values are the raw u16
 * (classic) or u16/65535 as I32F32 (Yuma3).
 */
function storedBonds(
  bonds: U16Matrix,
  registered: readonly bigint[],
  lastTempo: bigint,
  proportion: boolean,
): Rows {
  const rowCount = bonds.start.length - 1;
  const out = new RowsBuilder(rowCount, bonds.uids.length);
  const keep = Uint8Array.from(registered, (reg) => (lastTempo <= reg ? 0 : 1));
  for (let i = 0; i < rowCount; i++) {
    for (let k = bonds.start[i] as number, end = bonds.start[i + 1] as number; k < end; k++) {
      const j = bonds.uids[k] as number;
      const v = bonds.values[k] as number;
      if (keep[j] === 1) out.push(j, proportion ? divFx(v, 65_535) : v);
    }
    out.endRow();
  }
  return out.finish();
}

/** Stored form of the new bonds: rows with a new permit, each entry floor(x * 65535). */
function bondsForStorage(ema: Rows, permits: readonly boolean[]): U16Matrix {
  const start = new Uint32Array(permits.length + 1);
  let total = 0;
  for (let i = 0; i < permits.length; i++) {
    if (permits[i] && i < ema.rowCount) total += (ema.start[i + 1] as number) - (ema.start[i] as number);
    start[i + 1] = total;
  }
  const uids = new Uint16Array(total);
  const values = new Uint16Array(total);
  let k = 0;
  for (let i = 0; i < permits.length; i++) {
    if (!permits[i] || i >= ema.rowCount) continue;
    for (let e = ema.start[i] as number, end = ema.start[i + 1] as number; e < end; e++) {
      uids[k] = ema.col[e] as number;
      values[k] = proportionToU16(ema.val[e] as number);
      k += 1;
    }
  }
  return { start, uids, values };
}

/** Σ_i vector_i * m_ij per column (matmul_sparse). */
function columnDot(m: Rows, vector: Float64Array, columns: number): Float64Array {
  const out = new Float64Array(columns);
  for (let i = 0; i < m.rowCount; i++) {
    const scale = vector[i] as number;
    for (let k = m.start[i] as number, end = m.start[i + 1] as number; k < end; k++) {
      const c = m.col[k] as number;
      out[c] = (out[c] as number) + mulFx(scale, m.val[k] as number);
    }
  }
  return out;
}

/** Σ_j m_ij * vector_j per row (matmul_transpose_sparse / row_sum of mat_vec_mul_sparse). */
function rowDot(m: Rows, vector: Float64Array): Float64Array {
  const out = new Float64Array(m.rowCount);
  for (let i = 0; i < m.rowCount; i++) {
    let acc = 0;
    for (let k = m.start[i] as number, end = m.start[i + 1] as number; k < end; k++) {
      acc += mulFx(vector[m.col[k] as number] as number, m.val[k] as number);
    }
    out[i] = acc;
  }
  return out;
}

const toBig = (xs: Float64Array): bigint[] => Array.from(xs, (x) => BigInt(x));

export function fastEpoch(input: EpochInput): EpochOutput {
  const { params, state } = input;
  const n = state.alphaStake.length;
  const owner = params.ownerUid;

  const inactive = inactiveMask(state, params);
  const total = totalStake(state, params.taoWeight);
  const stakeBig = normalizedStake(total, params, true);
  const stake = Float64Array.from(stakeBig, (x) => fromBigRaw(x, 'stake'));

  const permits = state.validatorPermits.slice();
  if (owner !== null && owner < n) permits[owner] = true;
  const forbid = permits.map((p) => !p);
  const newPermits = isTopkNonzero(stake, params.maxAllowedValidators);
  if (owner !== null && owner < n) newPermits[owner] = true;

  const masked = stake.map((s, i) => (inactive[i] || forbid[i] ? 0 : s));
  const activeStake = normalizeFx(masked);

  const registered = blocks(state.blockAtRegistration, 'blockAtRegistration');
  const lastUpdate = blocks(state.lastUpdate, 'lastUpdate');
  let commitBlocks: Float64Array | null = null;
  if (params.commitRevealEnabled) {
    commitBlocks = new Float64Array(n).fill(Infinity);
    (state.commitBlocks ?? []).forEach((c, i) => {
      if (c !== null && i < n) commitBlocks![i] = c > MAX_SAFE_BLOCK ? Infinity : Number(c);
    });
  }
  const weights = maskedNormalizedWeights(
    toU16Matrix(state.weights),
    forbid,
    owner,
    lastUpdate,
    registered,
    commitBlocks,
  );

  const consensus = weightedMedianColumns(activeStake, weights, n, fromBigRaw(kappaFixed(params), 'kappa'));
  const clipped = clip(weights, consensus);
  const validatorTrust = rowSums(clipped);
  const incentive = normalizeFx(columnDot(clipped, activeStake, n));

  const penalty = fromBigRaw(bondsPenaltyFixed(params), 'bonds penalty');
  const weightsForBonds =
    penalty === 0 ? weights : penalty === ONE_FX ? clipped : interpolate(weights, clipped, penalty, n);
  const lastTempo = lastTempoBlock(params);

  let dividends: Float64Array;
  let emaBonds: Rows;
  if (params.yuma3) {
    const bonds = storedBonds(toU16Matrix(state.bonds), state.blockAtRegistration, lastTempo, true);
    const liquid = params.liquidAlpha && consensus.some((c) => c !== 0);
    if (liquid) {
      const sigmoid = new AlphaSigmoid(
        fromBigRaw(u16ProportionToFixed(params.alphaLow), 'alpha low'),
        fromBigRaw(u16ProportionToFixed(params.alphaHigh), 'alpha high'),
        params.alphaSigmoidSteepness * ONE_FX,
      );
      emaBonds = matEmaLiquid(weightsForBonds, bonds, consensus, sigmoid);
    } else {
      emaBonds = matEma(weightsForBonds, bonds, fromBigRaw(disabledLiquidAlpha(params), 'alpha'), n);
    }
    const perValidator = rowDot(colNormalize(emaBonds, n), incentive);
    dividends = normalizeFx(perValidator.map((t, i) => mulFx(t, activeStake[i] as number)));
  } else {
    const stored = storedBonds(toU16Matrix(state.bonds), state.blockAtRegistration, lastTempo, false);
    const bonds = colNormalizeIntegers(stored, n);
    const delta = colNormalize(hadamard(weightsForBonds, activeStake), n);
    emaBonds = colNormalize(matEma(delta, bonds, fromBigRaw(disabledLiquidAlpha(params), 'alpha'), n), n);
    dividends = normalizeFx(rowDot(emaBonds, incentive));
    emaBonds = colMaxUpscale(emaBonds, n);
  }

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
    bonds: bondsForStorage(emaBonds, newPermits),
    stake: stakeToU64(total),
  };
}

/** row_hadamard_sparse: entry (i, j) times vector[i]. */
function hadamard(m: Rows, vector: Float64Array): Rows {
  const val = new Float64Array(m.val.length);
  for (let i = 0; i < m.rowCount; i++) {
    const scale = vector[i] as number;
    for (let k = m.start[i] as number, end = m.start[i + 1] as number; k < end; k++)
      val[k] = mulFx(m.val[k] as number, scale);
  }
  return { rowCount: m.rowCount, start: m.start, col: m.col, val };
}

/** Column-normalize stored u16 bonds: integer column sums, so entries are trunc(b * 2^32 / sum). */
function colNormalizeIntegers(rows: Rows, columns: number): Rows {
  const sums = new Float64Array(columns);
  const end = nnz(rows);
  for (let k = 0; k < end; k++) {
    const c = rows.col[k] as number;
    sums[c] = (sums[c] as number) + (rows.val[k] as number);
  }
  for (const s of sums) if (s >= I32F32_INT_LIMIT) throw new OutOfFastRange('bond column sum');
  const val = new Float64Array(rows.val.length);
  for (let k = 0; k < end; k++) {
    const s = sums[rows.col[k] as number] as number;
    const b = rows.val[k] as number;
    val[k] = s !== 0 ? divFx(b, s) : b * ONE_FX;
  }
  return { rowCount: rows.rowCount, start: rows.start, col: rows.col, val };
}
