/**
 * A validator: each step it samples serving miners, sends them a challenge, scores the answers,
 * folds the rewards into a moving average per uid and, on the subnet's cadence and within its
 * weights rate limit, turns the scores into u16 weights on chain — set directly, or committed and
 * revealed when the subnet has commit-reveal on (the chain client decides). State survives
 * restarts when a state path is given.
 */
import { randomInt } from 'node:crypto';
import type { Keypair } from '@tao-ts/primitives';
import type { ChainClient, WeightsOutcome } from '../chain/index.js';
import { Metagraph } from '../metagraph/index.js';
import { MovingAverageScores, convertWeightsAndUidsForEmit, processWeights } from '../scoring/index.js';
import { Dendrite } from '../wire/dendrite.js';
import type { FieldSpecs, Synapse, SynapseType } from '../wire/synapse.js';
import { ensureRegistered, followHeads, type Registration } from './neuron.js';
import { availableUids, sampleWithoutReplacement, VPERMIT_TAO_LIMIT } from './sampling.js';
import { loadValidatorState, saveValidatorState } from './state.js';

export interface ValidatorOptions<F extends FieldSpecs> {
  readonly client: ChainClient;
  readonly netuid: number;
  /** The validator's hotkey: holds the uid, signs requests and weights. */
  readonly hotkey: Keypair;
  /** IP its dendrite announces to miners (default 0.0.0.0; `lookupExternalIp()` finds the public one). */
  readonly externalIp?: string;
  readonly registration?: Registration;
  readonly synapse: SynapseType<F>;
  /** The challenge of step `step` (a fresh synapse each time). */
  challenge(step: number): Synapse<F> | Promise<Synapse<F>>;
  /**
   * Rewards for the answers, one per queried uid (same order); failed calls come with their status
   * in `dendrite.statusCode`. NaN counts as 0.
   */
  score(
    challenge: Synapse<F>,
    responses: readonly Synapse<F>[],
    uids: readonly number[],
  ): ArrayLike<number> | Promise<ArrayLike<number>>;
  /** Miners queried per step (default 50, the template's). */
  readonly sampleSize?: number;
  /** Moving-average weight of a new reward (default 0.1). */
  readonly alpha?: number;
  /** Seconds each miner has to answer (default 12). */
  readonly timeoutS?: number;
  /** Blocks between weight settings; default max(tempo, weights rate limit). */
  readonly weightsIntervalBlocks?: number;
  readonly vpermitTaoLimit?: number;
  /** Where to keep scores between runs (JSON); none keeps them in memory only. */
  readonly statePath?: string;
  /** Uniform [0, 1) for sampling (default: the operating system's CSPRNG). */
  readonly random?: () => number;
  readonly onError?: (error: unknown) => void;
}

const RANDOM_RANGE = 2 ** 47;
const systemRandom = (): number => randomInt(RANDOM_RANGE) / RANDOM_RANGE;

export interface StepReport {
  readonly step: number;
  readonly block: number;
  readonly uids: readonly number[];
  readonly rewards: readonly number[];
  /** Present when this step set or committed weights. */
  readonly weights?: WeightsOutcome;
  /** Why weights were due but not set (a chain error), if so. */
  readonly weightsError?: unknown;
}

export class Validator<F extends FieldSpecs> {
  private stepCount: number;
  private lastWeightsBlock: number;
  private unfollow: (() => void) | undefined;
  private readonly dendrite: Dendrite;

  private constructor(
    private readonly options: ValidatorOptions<F>,
    readonly uid: number,
    readonly metagraph: Metagraph,
    readonly scores: MovingAverageScores,
    restored: { step: number; lastWeightsBlock: number },
  ) {
    this.stepCount = restored.step;
    this.lastWeightsBlock = restored.lastWeightsBlock;
    this.dendrite = new Dendrite({
      keypair: options.hotkey,
      ...(options.externalIp === undefined ? {} : { externalIp: options.externalIp }),
    });
  }

  /** Register if needed, sync the metagraph, restore saved scores, follow the chain. */
  static async start<F extends FieldSpecs>(options: ValidatorOptions<F>): Promise<Validator<F>> {
    const { client, netuid, hotkey } = options;
    const uid = await ensureRegistered(client, netuid, hotkey, options.registration ?? { kind: 'none' });
    const metagraph = await Metagraph.create(client, netuid);
    const saved =
      options.statePath === undefined
        ? undefined
        : await loadValidatorState(options.statePath, { netuid, hotkey: hotkey.address });
    const alpha = options.alpha ?? 0.1;
    const scores =
      saved === undefined
        ? new MovingAverageScores(metagraph.hotkeys, alpha)
        : new MovingAverageScores(saved.hotkeys, alpha, saved.scores);
    scores.resync(metagraph.hotkeys);
    const validator = new Validator(options, uid, metagraph, scores, {
      step: saved?.step ?? 0,
      lastWeightsBlock: saved?.lastWeightsBlock ?? -1,
    });
    validator.unfollow = followHeads(client, metagraph, options.onError ?? (() => undefined));
    return validator;
  }

  get step(): number {
    return this.stepCount;
  }

  /** One round: query a sample, score, update the averages, set weights when due, save. */
  async runStep(): Promise<StepReport> {
    const { options, metagraph } = this;
    await metagraph.sync();
    this.scores.resync(metagraph.hotkeys);
    const candidates = availableUids(metagraph, this.uid, options.vpermitTaoLimit ?? VPERMIT_TAO_LIMIT);
    const uids = sampleWithoutReplacement(
      candidates,
      options.sampleSize ?? 50,
      options.random ?? systemRandom,
    );
    const challenge = await options.challenge(this.stepCount);
    const targets = uids.map((uid) => {
      const axon = metagraph.axons[uid];
      return { ip: axon?.ip ?? '0.0.0.0', port: axon?.port ?? 0, hotkey: metagraph.hotkeys[uid] ?? '' };
    });
    const responses = await this.dendrite.forward(targets, challenge, { timeout: options.timeoutS ?? 12 });
    const rewards = Array.from(uids.length === 0 ? [] : await options.score(challenge, responses, uids));
    if (rewards.length !== uids.length) {
      throw new RangeError(`score() returned ${rewards.length} rewards for ${uids.length} queried uids`);
    }
    this.scores.update(uids, rewards);
    const block = metagraph.block;
    let report: StepReport = { step: this.stepCount, block, uids, rewards };
    if (this.stepCount > 0 && (await this.weightsDue(block))) {
      try {
        const weights = await this.setWeights();
        if (weights !== undefined) {
          this.lastWeightsBlock = block;
          report = { ...report, weights };
        }
      } catch (error) {
        report = { ...report, weightsError: error };
      }
    }
    this.stepCount += 1;
    await this.save();
    return report;
  }

  /** Steps until `signal` aborts, pausing `intervalMs` between them; a failed step is reported, not fatal. */
  async run(options: { readonly intervalMs?: number; readonly signal?: AbortSignal } = {}): Promise<void> {
    const { signal } = options;
    while (signal?.aborted !== true) {
      try {
        await this.runStep();
      } catch (error) {
        (this.options.onError ?? (() => undefined))(error);
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, options.intervalMs ?? 5000);
        signal?.addEventListener('abort', () => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** The weights the current scores give, as u16 values per uid (empty when all scores are 0). */
  async weightsToEmit(): Promise<{ uids: number[]; values: number[] }> {
    const { metagraph } = this;
    const hyper = await this.options.client.hyperparameters(this.options.netuid);
    const raw = this.scores.rawWeights();
    const uids = Array.from({ length: raw.length }, (_, uid) => uid);
    const processed = processWeights(uids, raw, {
      numNeurons: metagraph.n,
      minAllowedWeights: hyper.minAllowedWeights,
      maxWeightLimit: hyper.maxWeightsLimit / 65_535,
    });
    return convertWeightsAndUidsForEmit(processed.uids, processed.weights);
  }

  /** Set (or commit) weights from the current scores now; undefined when there is nothing to set. */
  async setWeights(): Promise<WeightsOutcome | undefined> {
    const emit = await this.weightsToEmit();
    if (emit.uids.length === 0) return undefined;
    return this.options.client.setWeights(this.options.hotkey, this.options.netuid, emit.uids, emit.values, {
      waitFor: 'inBlock',
    });
  }

  private async weightsDue(block: number): Promise<boolean> {
    const hyper = await this.options.client.hyperparameters(this.options.netuid);
    const interval =
      this.options.weightsIntervalBlocks ?? Math.max(hyper.tempo, Number(hyper.weightsRateLimit));
    const lastOnChain = Number(this.metagraph.lastUpdate[this.uid] ?? 0n);
    const last = Math.max(lastOnChain, this.lastWeightsBlock);
    return this.lastWeightsBlock < 0 || block - last >= interval;
  }

  private async save(): Promise<void> {
    if (this.options.statePath === undefined) return;
    const snapshot = this.scores.snapshot();
    await saveValidatorState(this.options.statePath, {
      netuid: this.options.netuid,
      hotkey: this.options.hotkey.address,
      step: this.stepCount,
      scores: snapshot.scores,
      hotkeys: snapshot.hotkeys,
      lastWeightsBlock: this.lastWeightsBlock,
    });
  }

  async stop(): Promise<void> {
    this.unfollow?.();
    this.unfollow = undefined;
    await this.dendrite.close();
  }
}
