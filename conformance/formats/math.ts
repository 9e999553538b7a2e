/**
 * math.json: subtensor epoch-math unit cases. Inputs are the Rust test's f32 literals (f64 where
 * the key says `_f64`), converted with I32F32::from_num; results compare exactly when epsilon is
 * 0, else within epsilon — both in fixed point, as the Rust asserts do.
 */
import { I32F32, I64F64, type JsonValue } from '@tao-ts/primitives';
import * as m from '@tao-ts/yuma';
import { DEFAULT, firstDifference, type LeafRule } from '../compare.js';
import { arr, big, bool, int, num, obj, str, type JsonObject } from '../fields.js';
import { type CaseResult, VectorFormatError, fail, skip, verdict } from '../result.js';

/** A fixed-point result value, compared against a decimal literal. */
class Fx {
  constructor(
    readonly raw: bigint,
    readonly kind = I32F32,
  ) {}
  toJSON(): string {
    return this.kind.toDecimalString(this.raw, 10);
  }
}

type Conv = (value: number) => bigint;

const fromF32: Conv = (v) => I32F32.fromF32(v);
const fromF64: Conv = (v) => I32F32.fromF64(v);

/**
 * Arrays come from `vec_to_fixed(&[f32])`-style helpers, so f32 unless the key says `_f64`.
 * `ratio_f32` is the exception: the Rust tests write `I32F32::from_num(0.9)`, an f64 literal.
 */
function keyConverter(key: string): Conv {
  return key.endsWith('_f64') || key === 'ratio_f32' ? fromF64 : fromF32;
}

/** Expected literals follow the width of the case's inputs (sigmoid targets are f64). */
function expectedConverter(input: JsonObject): Conv {
  return Object.keys(input).some((k) => k.endsWith('_f64')) ? fromF64 : fromF32;
}

const fxv = (raws: readonly bigint[]): Fx[] => raws.map((r) => new Fx(r));
const fxm = (rows: readonly (readonly bigint[])[]): Fx[][] => rows.map(fxv);
const fxs = (rows: m.SparseMatrix): [number, Fx][][] =>
  rows.map((row) => row.map(([j, v]) => [j, new Fx(v)]));

class Inputs {
  constructor(private readonly input: JsonObject) {}
  private get(key: string): JsonValue {
    const value = this.input[key];
    if (value === undefined) throw new VectorFormatError(`input.${key}`, 'missing');
    return value;
  }
  has(key: string): boolean {
    return this.input[key] !== undefined;
  }
  vec(key: string): bigint[] {
    return arr(this.get(key), `input.${key}`).map((v, i) => keyConverter(key)(num(v, `input.${key}[${i}]`)));
  }
  mat(key: string): bigint[][] {
    return arr(this.get(key), `input.${key}`).map((row, r) =>
      arr(row, `input.${key}[${r}]`).map((v, c) => keyConverter(key)(num(v, `input.${key}[${r}][${c}]`))),
    );
  }
  sparse(key: string): m.SparseEntry[][] {
    return arr(this.get(key), `input.${key}`).map((row, r) =>
      arr(row, `input.${key}[${r}]`).map((entry, k) => {
        const [j, v] = arr(entry, `input.${key}[${r}][${k}]`);
        return [
          int(j, `input.${key}[${r}][${k}][0]`),
          keyConverter(key)(num(v, `input.${key}[${r}][${k}][1]`)),
        ] as const;
      }),
    );
  }
  raws(key: string): bigint[] {
    return arr(this.get(key), `input.${key}`).map((v, i) => big(v, `input.${key}[${i}]`));
  }
  u16s(key: string): number[] {
    return arr(this.get(key), `input.${key}`).map((v, i) => int(v, `input.${key}[${i}]`));
  }
  bools(key: string): boolean[] {
    return arr(this.get(key), `input.${key}`).map((v, i) => bool(v, `input.${key}[${i}]`));
  }
  boolMat(key: string): boolean[][] {
    return arr(this.get(key), `input.${key}`).map((row, r) =>
      arr(row, `input.${key}[${r}]`).map((v, c) => bool(v, `input.${key}[${r}][${c}]`)),
    );
  }
  int(key: string): number {
    return int(this.get(key), `input.${key}`);
  }
  /** A scalar literal, converted per its key (see keyConverter). */
  typed(key: string): bigint {
    return keyConverter(key)(num(this.get(key), `input.${key}`));
  }
}

function toSparse(dense: readonly (readonly bigint[])[]): m.SparseEntry[][] {
  return dense.map((row) => row.flatMap((v, j) => (v !== 0n ? [[j, v] as const] : [])));
}

type Handler = (x: Inputs) => unknown;

const handlers: Record<string, Handler> = {
  vec_max_upscale_to_u16: (x) =>
    m.vecMaxUpscaleToU16(x.has('vector_raw_i64') ? x.raws('vector_raw_i64') : x.vec('vector_f32')),
  vec_u16_max_upscale_to_u16: (x) => m.vecU16MaxUpscaleToU16(x.u16s('vector_u16')),
  check_vec_max_limited: (x) => m.checkVecMaxLimited(x.u16s('vector_u16'), x.int('max_limit_u16')),
  is_topk: (x) => m.isTopk(x.vec('vector_f32'), x.int('k')),
  is_topk_nonzero: (x) => m.isTopkNonzero(x.vec('vector_f32'), x.int('k')),
  inplace_normalize: (x) => fxv(m.normalize(x.vec('vector'))),
  inplace_row_normalize: (x) => fxm(m.rowNormalize(x.mat('matrix_f32'))),
  inplace_col_normalize: (x) => fxm(m.colNormalize(x.mat('matrix_f32'))),
  inplace_row_normalize_sparse: (x) => fxs(m.rowNormalizeSparse(x.sparse('sparse_f32'))),
  inplace_col_normalize_sparse: (x) => fxs(m.colNormalizeSparse(x.sparse('sparse_f32'), x.int('columns'))),
  inplace_col_max_upscale: (x) => fxm(m.colMaxUpscale(x.mat('matrix_f32'))),
  inplace_col_max_upscale_sparse: (x) => fxs(m.colMaxUpscaleSparse(x.sparse('sparse_f32'), x.int('columns'))),
  inplace_mask_vector: (x) => fxv(m.maskVector(x.bools('mask'), x.vec('vector'))),
  inplace_mask_matrix: (x) => fxm(m.maskMatrix(x.boolMat('mask'), x.mat('matrix'))),
  inplace_mask_rows: (x) => fxm(m.maskRows(x.bools('mask'), x.mat('matrix'))),
  inplace_mask_diag: (x) => fxm(m.maskDiag(x.mat('matrix'))),
  inplace_mask_diag_except_index: (x) => fxm(m.maskDiagExceptIndex(x.mat('matrix'), x.int('except_index'))),
  vec_mul: (x) => fxv(m.vecMul(x.vec('a'), x.vec('b'))),
  mat_vec_mul: (x) => fxm(m.matVecMul(x.mat('matrix'), x.vec('vector'))),
  row_hadamard: (x) => fxm(m.rowHadamard(x.mat('matrix'), x.vec('vector'))),
  row_hadamard_sparse: (x) => fxs(m.rowHadamardSparse(x.sparse('sparse'), x.vec('vector'))),
  row_sum: (x) => fxv(m.rowSum(x.mat('matrix'))),
  row_sum_sparse: (x) => fxv(m.rowSumSparse(x.sparse('sparse'))),
  matmul: (x) => fxv(m.matmul(x.mat('matrix'), x.vec('vector'))),
  matmul_transpose: (x) => fxv(m.matmulTranspose(x.mat('matrix'), x.vec('vector'))),
  matmul_sparse: (x) => fxv(m.matmulSparse(x.sparse('sparse'), x.vec('vector'), x.int('columns'))),
  matmul_transpose_sparse: (x) => fxv(m.matmulTransposeSparse(x.sparse('sparse'), x.vec('vector'))),
  inplace_col_clip: (x) => fxm(m.colClip(x.mat('matrix'), x.vec('col_threshold'))),
  col_clip_sparse: (x) => fxs(m.colClipSparse(x.sparse('sparse'), x.vec('col_threshold'))),
  weighted_median: (x) => {
    const stake = m.normalize(x.vec('stake_f32'));
    const score = x.vec('score_f32');
    const minority = I32F32.saturatingSub(I32F32.one, x.typed('majority_f32'));
    const idx = stake.map((_, i) => i);
    return new Fx(m.weightedMedian(stake, score, idx, minority, 0n, m.sum(stake)));
  },
  interpolate: (x) => fxm(m.interpolate(x.mat('A'), x.mat('B'), x.typed('ratio_f32'))),
  interpolate_sparse: (x) =>
    fxs(m.interpolateSparse(x.sparse('A'), x.sparse('B'), x.int('columns'), x.typed('ratio_f32'))),
  mat_ema_alpha: (x) => fxm(m.matEmaAlpha(x.mat('new'), x.mat('old'), x.mat('alpha'))),
  mat_ema_alpha_sparse: (x) => fxs(m.matEmaAlphaSparse(x.sparse('new'), x.sparse('old'), x.mat('alpha'))),
  sigmoid_safe: (x) => {
    const rho = I32F32.fromInt(x.int('rho'));
    const kappa = x.typed('kappa_f64');
    return x.vec('x_f32').map((v) => new Fx(m.sigmoidSafe(v, rho, kappa)));
  },
};

/** Some vectors cover two Rust functions ("a / b"); each must give the expected result. */
const pairedHandlers: Record<string, Handler[]> = {
  'weighted_median_col / weighted_median_col_sparse': [
    (x) => fxv(m.weightedMedianCol(x.vec('stake_f32'), x.mat('matrix'), x.typed('majority_f32'))),
    (x) => {
      const matrix = x.mat('matrix');
      const columns = matrix[0]?.length ?? 0;
      return fxv(
        m.weightedMedianColSparse(x.vec('stake_f32'), toSparse(matrix), columns, x.typed('majority_f32')),
      );
    },
  ],
};

function fixedRule(epsilon: number, conv: Conv): LeafRule {
  const tolerance = I32F32.fromF64(epsilon);
  return (expected, actual, path) => {
    if (!(actual instanceof Fx)) return DEFAULT;
    if (typeof expected !== 'number') return `${path}: expected ${String(expected)}, got ${actual.toJSON()}`;
    const target = actual.kind === I32F32 ? conv(expected) : actual.kind.fromF64(expected);
    const diff = actual.raw > target ? actual.raw - target : target - actual.raw;
    const scaledTolerance = actual.kind === I32F32 ? tolerance : actual.kind.fromF64(epsilon);
    if (epsilon === 0 ? diff === 0n : diff <= scaledTolerance) return undefined;
    return `${path}: expected ${expected}, got ${actual.toJSON()} (raw ${actual.raw}, |diff| raw ${diff})`;
  };
}

/** "I64F64 -> I32F32 normalization": I64F64(x)/I64F64(21e15), then I32F32::from_num (floor). */
function u64Normalization(id: string, input: JsonObject): CaseResult {
  const rows = arr(input.cases, 'input.cases');
  for (const [i, row] of rows.entries()) {
    const [value, as64, as32] = arr(row, `input.cases[${i}]`);
    const ratio = I64F64.safeDiv(
      I64F64.fromInt(big(value, `input.cases[${i}][0]`)),
      I64F64.fromInt(21_000_000_000_000_000n),
    );
    const fixed32 = I32F32.saturatingFromFixed(I64F64, ratio);
    const text32 = str(as32, `input.cases[${i}][2]`);
    const rawMatch = /raw\s+(\d+)/.exec(text32);
    const want32 = rawMatch
      ? BigInt(rawMatch[1] as string)
      : I32F32.fromDecimal(text32.split(' ')[0] as string);
    if (fixed32 !== want32)
      return fail(id, `input.cases[${i}]: I32F32 expected raw ${want32}, got raw ${fixed32}`);
    const want64 = I64F64.fromDecimal(str(as64, `input.cases[${i}][1]`).split(' ')[0] as string);
    const tolerance = (want64 < 0n ? -want64 : want64) / 1000n + 1n;
    const diff = ratio > want64 ? ratio - want64 : want64 - ratio;
    if (diff > tolerance)
      return fail(
        id,
        `input.cases[${i}]: I64F64 expected ${str(as64, 'as64')}, got ${I64F64.toDecimalString(ratio, 22)}`,
      );
  }
  return verdict(id, undefined);
}

/** "bonds_moving_average -> alpha": 1 - I32F32(I64F64(bma)/1e6) must equal a literal. */
function bmaAlpha(id: string, input: JsonObject, expected: JsonObject): CaseResult {
  const bma = big(input.bonds_moving_average, 'input.bonds_moving_average');
  const ratio = I64F64.safeDiv(I64F64.fromInt(bma), I64F64.fromInt(1_000_000n));
  const alpha = I32F32.saturatingSub(I32F32.one, I32F32.saturatingFromFixed(I64F64, ratio));
  const literal = /from_num\(([-\d.eE]+)\)/.exec(str(expected.alpha_equals, 'expected.alpha_equals'));
  if (!literal) throw new VectorFormatError('expected.alpha_equals', 'expected I32F32::from_num(<literal>)');
  const want = I32F32.fromF64(Number(literal[1]));
  return verdict(id, alpha === want ? undefined : `alpha: expected raw ${want}, got raw ${alpha}`);
}

export function runMathCase(id: string, testCase: JsonObject): CaseResult {
  const fn = str(testCase.function, 'function');
  const input = obj(testCase.input, 'input');
  if (fn === 'I64F64 -> I32F32 normalization') return u64Normalization(id, input);
  if (fn === 'bonds_moving_average -> alpha') return bmaAlpha(id, input, obj(testCase.expected, 'expected'));
  const epsilon = num(testCase.epsilon ?? 0, 'epsilon');
  const inputs = new Inputs(input);
  const single = handlers[fn];
  const variants = single ? [single] : pairedHandlers[fn];
  if (!variants) return skip(id, `function "${fn}" is not part of the epoch math library`);
  for (const [k, run] of variants.entries()) {
    const actual = run(inputs);
    const d = firstDifference(
      testCase.expected,
      actual,
      variants.length > 1 ? `variant${k}` : '',
      fixedRule(epsilon, expectedConverter(input)),
    );
    if (d !== undefined) return fail(id, d);
  }
  return verdict(id, undefined);
}
