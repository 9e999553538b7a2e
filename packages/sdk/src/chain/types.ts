/** The shapes ChainClient reads from and writes to the chain: plain values, bigint rao, SS58 strings. */

export interface ConnectOptions {
  /** Give up connecting after this long (default 15 s). */
  readonly timeoutMs?: number;
}

export interface Head {
  readonly number: number;
  readonly hash: string;
}

/** The subnet hyperparameters (SubnetInfoRuntimeApi.get_subnet_hyperparams_v2): u8–u32 as number, u64+ as bigint. */
export interface SubnetHyperparameters {
  readonly rho: number;
  readonly kappa: number;
  readonly immunityPeriod: number;
  readonly minAllowedWeights: number;
  readonly maxWeightsLimit: number;
  readonly tempo: number;
  readonly minDifficulty: bigint;
  readonly maxDifficulty: bigint;
  readonly weightsVersion: bigint;
  readonly weightsRateLimit: bigint;
  readonly adjustmentInterval: number;
  readonly activityCutoff: number;
  readonly registrationAllowed: boolean;
  readonly targetRegsPerInterval: number;
  readonly minBurn: bigint;
  readonly maxBurn: bigint;
  readonly bondsMovingAvg: bigint;
  readonly maxRegsPerBlock: number;
  readonly servingRateLimit: bigint;
  readonly maxValidators: number;
  readonly adjustmentAlpha: bigint;
  readonly difficulty: bigint;
  readonly commitRevealPeriod: bigint;
  readonly commitRevealWeightsEnabled: boolean;
  readonly alphaHigh: number;
  readonly alphaLow: number;
  readonly liquidAlphaEnabled: boolean;
  /** Fields this interface does not name (the runtime may add some). */
  readonly [extra: string]: unknown;
}

export interface AxonEndpoint {
  readonly netuid: number;
  readonly ip: string;
  readonly port: number;
  /** bittensor's protocol field (4 by convention). */
  readonly protocol?: number;
  /** The software version as version_as_int (e.g. 10002000). */
  readonly version?: number;
  readonly placeholder1?: number;
  readonly placeholder2?: number;
}

export interface NeuronAxon {
  readonly block: bigint;
  readonly version: number;
  readonly ip: string;
  readonly port: number;
  readonly ipType: number;
  readonly protocol: number;
}

export interface NeuronLite {
  readonly netuid: number;
  readonly uid: number;
  readonly hotkey: string;
  readonly coldkey: string;
  readonly active: boolean;
  readonly axon: NeuronAxon;
  /** Stake per coldkey, rao (alpha). */
  readonly stake: readonly { readonly coldkey: string; readonly amount: bigint }[];
  readonly emission: bigint;
  /** u16 proportions / 65535. */
  readonly incentive: number;
  readonly consensus: number;
  readonly trust: number;
  readonly validatorTrust: number;
  readonly dividends: number;
  readonly lastUpdate: bigint;
  readonly validatorPermit: boolean;
}

export interface DelegateSummary {
  readonly hotkey: string;
  readonly owner: string;
  /** take / 65535. */
  readonly take: number;
  readonly takeRaw: number;
  readonly nominators: number;
  readonly registrations: readonly number[];
  readonly validatorPermits: readonly number[];
}
