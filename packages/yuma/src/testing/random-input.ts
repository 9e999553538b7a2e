/**
 * Seeded epoch inputs for tests and benchmarks (a deterministic generator: tests must be
 * reproducible, and consensus code may not touch Math.random).
 */
import type { EpochInput, EpochParams, U16Matrix, U16Row } from '../epoch/types.js';

/** xorshift128+ style generator over 32-bit state; good enough for test data. */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    this.a = seed | 0 || 1;
    this.b = 0x9e3779b9;
    this.c = 0x243f6a88;
    this.d = 0xb7e15162;
    for (let i = 0; i < 16; i++) this.next();
  }

  /** Uniform 32-bit unsigned integer (sfc32). */
  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform integer in [0, bound). */
  int(bound: number): number {
    return Math.floor((this.next() / 4_294_967_296) * bound);
  }

  bool(pTrue = 0.5): boolean {
    return this.next() / 4_294_967_296 < pTrue;
  }

  u64(max: bigint): bigint {
    const wide = (BigInt(this.next()) << 32n) | BigInt(this.next());
    return max === 0n ? 0n : wide % (max + 1n);
  }

  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      [items[i], items[j]] = [items[j] as T, items[i] as T];
    }
    return items;
  }
}

export interface DenseNetworkOptions {
  readonly n: number;
  readonly validators: number;
  readonly yuma3: boolean;
  readonly liquidAlpha: boolean;
  readonly seed: number;
}

/**
 * A busy subnet: `validators` staked uids that weight every uid (random u16 weights, stored
 * max-upscaled as the chain does), bonds from a previous epoch, everyone recently active.
 */
export function denseNetwork(options: DenseNetworkOptions): EpochInput {
  const { n, validators, seed } = options;
  const rng = new Rng(seed);
  const alphaStake = Array.from({ length: n }, (_, i) =>
    i < validators ? 1_000_000_000n + rng.u64(100_000_000_000_000n) : 0n,
  );
  const weights = denseRows(n, validators, () => 1 + rng.int(65_535), true);
  const bonds = denseRows(n, validators, () => rng.int(65_536), false);
  const params: EpochParams = {
    currentBlock: 10_000n,
    tempo: 360,
    activityCutoffBlocks: 5000n,
    kappa: 32_767,
    bondsPenalty: 65_535,
    bondsMovingAverage: 900_000n,
    yuma3: options.yuma3,
    liquidAlpha: options.liquidAlpha,
    alphaLow: 45_875,
    alphaHigh: 58_982,
    alphaSigmoidSteepness: 1000,
    maxAllowedValidators: validators,
    stakeThreshold: 0n,
    ownerUid: null,
    taoWeight: 0n,
    raoEmission: 1_000_000_000n,
    lastMechanismStepBlock: 9_639n,
    commitRevealEnabled: false,
  };
  return {
    params,
    state: {
      blockAtRegistration: Array.from({ length: n }, () => 100n),
      lastUpdate: Array.from({ length: n }, (_, i) => (i < validators ? 9_900n : 100n)),
      alphaStake,
      taoStake: alphaStake.map(() => 0n),
      validatorPermits: Array.from({ length: n }, (_, i) => i < validators),
      weights,
      bonds,
    },
  };
}

/** `rows` rows over all n columns (the rest empty), stored max-upscaled when asked. */
function denseRows(n: number, rows: number, value: () => number, maxUpscale: boolean): U16Matrix {
  const start = new Uint32Array(n + 1);
  const uids = new Uint16Array(rows * n);
  const values = new Uint16Array(rows * n);
  const raw = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    start[i + 1] = start[i] as number;
    if (i >= rows) continue;
    let max = 0;
    for (let j = 0; j < n; j++) {
      raw[j] = value();
      if ((raw[j] as number) > max) max = raw[j] as number;
    }
    for (let j = 0; j < n; j++) {
      const k = i * n + j;
      uids[k] = j;
      values[k] = maxUpscale ? Math.round(((raw[j] as number) * 65_535) / max) : (raw[j] as number);
    }
    start[i + 1] = (i + 1) * n;
  }
  return { start, uids, values };
}

/** Small adversarial inputs: unsorted rows, zero weights, owners, thresholds, commit-reveal. */
export function randomNetwork(seed: number): EpochInput {
  const rng = new Rng(seed);
  const n = 1 + rng.int(24);
  const smallBlocks = rng.bool(0.9);
  const block = (): bigint => (smallBlocks ? BigInt(rng.int(400)) : rng.u64(0xffff_ffff_ffff_ffffn));
  const stake = (): bigint => {
    const r = rng.int(10);
    if (r < 2) return 0n;
    if (r < 4) return BigInt(1 + rng.int(10));
    if (r < 9) return rng.u64(10n ** 15n);
    return rng.u64(0xffff_ffff_ffff_ffffn);
  };
  const row = (): U16Row => {
    const cols = rng.shuffle(Array.from({ length: n }, (_, j) => j)).slice(0, rng.int(n + 1));
    if (rng.bool(0.5)) cols.sort((a, b) => a - b);
    return cols.map((j) => [j, rng.bool(0.15) ? 0 : rng.int(65_536)] as const);
  };
  const penalties = [0, 65_535, rng.int(65_536)];
  const params: EpochParams = {
    currentBlock: block(),
    tempo: rng.int(400),
    activityCutoffBlocks: BigInt(rng.int(500)),
    kappa: rng.bool(0.7) ? 32_767 : rng.int(65_536),
    bondsPenalty: penalties[rng.int(3)] as number,
    bondsMovingAverage: rng.bool(0.7) ? 900_000n : BigInt(rng.int(1_000_001)),
    yuma3: rng.bool(),
    liquidAlpha: rng.bool(),
    alphaLow: rng.int(65_536),
    alphaHigh: rng.int(65_536),
    alphaSigmoidSteepness: rng.bool(0.6) ? 1000 : rng.int(65_536) - 32_768,
    maxAllowedValidators: rng.int(n + 3),
    stakeThreshold: rng.bool(0.7) ? 0n : rng.u64(10n ** 14n),
    ownerUid: rng.bool(0.3) ? rng.int(n) : null,
    taoWeight: rng.bool(0.5) ? 0n : rng.u64(0xffff_ffff_ffff_ffffn),
    raoEmission: rng.bool(0.8) ? 1_000_000_000n : rng.u64(0xffff_ffff_ffff_ffffn),
    lastMechanismStepBlock: rng.bool(0.5) ? 0n : block(),
    commitRevealEnabled: rng.bool(0.3),
  };
  return {
    params,
    state: {
      blockAtRegistration: Array.from({ length: n }, block),
      lastUpdate: Array.from({ length: n }, block),
      alphaStake: Array.from({ length: n }, stake),
      taoStake: Array.from({ length: n }, () => (rng.bool(0.3) ? stake() : 0n)),
      validatorPermits: Array.from({ length: n }, () => rng.bool(0.6)),
      weights: Array.from({ length: n }, row),
      bonds: Array.from({ length: n }, row),
      commitBlocks: Array.from({ length: n }, () => (rng.bool(0.5) ? null : block())),
    },
  };
}
