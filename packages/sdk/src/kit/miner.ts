/**
 * A miner: holds a uid on the subnet, serves an axon for one synapse type and publishes it on
 * chain. Callers are filtered as the subnet template does — unregistered hotkeys and (by default)
 * hotkeys without a validator permit are refused before the signature is even checked — and a busy
 * axon serves the callers with the most stake first (the template's priority by stake, which
 * bittensor's axon never applies; ours has a real priority queue).
 */
import type { Keypair } from '@tao-ts/primitives';
import type { ChainClient } from '../chain/index.js';
import { Metagraph } from '../metagraph/index.js';
import { Axon, type AxonOptions, type ForwardContext, type ForwardResult } from '../wire/axon.js';
import type { FieldSpecs, Synapse, SynapseType } from '../wire/synapse.js';
import { ensureRegistered, followHeads, type Registration } from './neuron.js';

export interface MinerOptions<F extends FieldSpecs> {
  readonly client: ChainClient;
  readonly netuid: number;
  /** The miner's hotkey: holds the uid, signs serve_axon, is the axon's identity. */
  readonly hotkey: Keypair;
  /** How to get a uid if the hotkey has none (default: fail). */
  readonly registration?: Registration;
  readonly synapse: SynapseType<F>;
  /** The miner's work: fill the synapse's output fields. */
  forward(synapse: Synapse<F>, ctx: ForwardContext): ForwardResult<F> | Promise<ForwardResult<F>>;
  /** Axon settings (bind address, port, external address, limits); the keypair is the hotkey. */
  readonly axon?: Omit<AxonOptions, 'keypair'>;
  /** Serve hotkeys that hold no uid (default false). */
  readonly allowNonRegistered?: boolean;
  /** Serve only hotkeys with a validator permit (default true). */
  readonly forceValidatorPermit?: boolean;
  /** The software version published with the axon (version_as_int). */
  readonly version?: number;
  /** Background failures (a metagraph sync that failed); default: ignored. */
  readonly onError?: (error: unknown) => void;
}

export class Miner<F extends FieldSpecs> {
  private unfollow: (() => void) | undefined;

  private constructor(
    readonly uid: number,
    readonly axon: Axon,
    readonly metagraph: Metagraph,
  ) {}

  /** Register if needed, start the axon, publish it with serve_axon, follow the chain. */
  static async start<F extends FieldSpecs>(options: MinerOptions<F>): Promise<Miner<F>> {
    const { client, netuid, hotkey } = options;
    const uid = await ensureRegistered(client, netuid, hotkey, options.registration ?? { kind: 'none' });
    const metagraph = await Metagraph.create(client, netuid);
    const axon = new Axon({ ...options.axon, keypair: hotkey });
    axon.attach(options.synapse, {
      forward: (synapse, ctx) => options.forward(synapse, ctx),
      blacklist: (synapse) => callerVerdict(metagraph, synapse.dendrite.hotkey, options),
      priority: (synapse) => {
        const caller = metagraph.uidOf(synapse.dendrite.hotkey ?? '');
        return caller === undefined ? 0 : (metagraph.stake[caller] ?? 0);
      },
    });
    await axon.start();
    const miner = new Miner<F>(uid, axon, metagraph);
    try {
      await miner.publish(client, options);
    } catch (error) {
      await axon.stop();
      throw error;
    }
    miner.unfollow = followHeads(client, metagraph, options.onError ?? (() => undefined));
    return miner;
  }

  /** serve_axon when the chain's record of this uid's axon differs from what is served. */
  private async publish(client: ChainClient, options: MinerOptions<F>): Promise<void> {
    const info = this.axon.info();
    const onChain = this.metagraph.axons[this.uid];
    const version = options.version ?? info.version;
    if (onChain?.ip === info.ip && onChain.port === info.port && onChain.version === version) return;
    await client.serveAxon(
      options.hotkey,
      { netuid: options.netuid, ip: info.ip, port: info.port, version, protocol: info.protocol },
      { waitFor: 'inBlock' },
    );
    await this.metagraph.sync({ force: true });
  }

  async stop(): Promise<void> {
    this.unfollow?.();
    this.unfollow = undefined;
    await this.axon.stop();
  }
}

/** The template's blacklist: `[true, reason]` refuses the call with 403. */
export function callerVerdict(
  metagraph: Metagraph,
  hotkey: string | null,
  options: { readonly allowNonRegistered?: boolean; readonly forceValidatorPermit?: boolean },
): readonly [boolean, string] {
  if (hotkey === null || hotkey === '') return [true, 'Missing dendrite hotkey'];
  const uid = metagraph.uidOf(hotkey);
  if (uid === undefined) {
    return options.allowNonRegistered === true
      ? [false, 'Unregistered hotkey allowed']
      : [true, 'Unrecognized hotkey'];
  }
  if ((options.forceValidatorPermit ?? true) && metagraph.validatorPermit[uid] !== 1) {
    return [true, 'Non-validator hotkey'];
  }
  return [false, 'Hotkey recognized!'];
}
