/**
 * Inputs and outputs of one Yuma Consensus epoch for one mechanism of one subnet.
 * u64 quantities are bigint; u16 quantities and uids are numbers. Weights and bonds are the
 * stored u16 rows ([uid, value] pairs, in stored order), either as tuples or, for large subnets,
 * as a compact U16Matrix (a million tuples cost more in garbage collection than the epoch).
 */
export type U16Row = readonly (readonly [uid: number, value: number])[];

/** Compressed rows: row i holds entries start[i] .. start[i+1]-1 of uids/values. */
export interface U16Matrix {
  readonly start: Uint32Array;
  readonly uids: Uint16Array;
  readonly values: Uint16Array;
}

export type U16Rows = readonly U16Row[] | U16Matrix;

export interface EpochParams {
  /** Block at which the epoch runs. */
  readonly currentBlock: bigint;
  readonly tempo: number;
  /** Effective activity cutoff in blocks (the runtime derives it from the cutoff factor). */
  readonly activityCutoffBlocks: bigint;
  readonly kappa: number;
  readonly bondsPenalty: number;
  readonly bondsMovingAverage: bigint;
  readonly yuma3: boolean;
  readonly liquidAlpha: boolean;
  readonly alphaLow: number;
  readonly alphaHigh: number;
  /** i16 on chain. */
  readonly alphaSigmoidSteepness: number;
  readonly maxAllowedValidators: number;
  readonly stakeThreshold: bigint;
  /** Uid of the subnet owner hotkey, when registered. */
  readonly ownerUid: number | null;
  /** TaoWeight storage value (u64; weight = value / u64::MAX). */
  readonly taoWeight: bigint;
  readonly raoEmission: bigint;
  /** LastMechansimStepBlock; 0 means no coinbase-driven epoch ran yet. */
  readonly lastMechanismStepBlock: bigint;
  readonly commitRevealEnabled: boolean;
}

export interface EpochState {
  readonly blockAtRegistration: readonly bigint[];
  readonly lastUpdate: readonly bigint[];
  /** Inherited alpha stake per uid (u64). */
  readonly alphaStake: readonly bigint[];
  /** Inherited root TAO stake per uid (u64). */
  readonly taoStake: readonly bigint[];
  /** Permits from the previous epoch. */
  readonly validatorPermits: readonly boolean[];
  readonly weights: U16Rows;
  readonly bonds: U16Rows;
  /**
   * Earliest block among each uid's unexpired weight commits (null: none). Read only when
   * commit-reveal is enabled.
   */
  readonly commitBlocks?: readonly (bigint | null)[];
}

export interface EpochInput {
  readonly params: EpochParams;
  readonly state: EpochState;
}

export interface EpochOutput {
  readonly active: boolean[];
  /** u16 proportions, floor(x * 65535), as the chain stores them. */
  readonly incentive: number[];
  readonly dividends: number[];
  readonly consensus: number[];
  readonly validatorTrust: number[];
  readonly stakeWeight: number[];
  /** Combined emission (rao of alpha) — what `Emission` storage holds. */
  readonly emission: bigint[];
  readonly serverEmission: bigint[];
  readonly validatorEmission: bigint[];
  readonly newValidatorPermits: boolean[];
  /** New Bonds rows: the EMA row where the new permit is set, else empty. */
  readonly bonds: U16Matrix;
  /** Total stake weight per uid, floored to u64. */
  readonly stake: bigint[];
}
