/**
 * Block production: on a timer (one block per `blockTimeMs`) or on demand (manual seal, dev
 * RPCs). Production is serialized, so a timer tick and an RPC request never build on the same
 * parent; each block takes ready pool transactions by priority.
 */
import type { Chain, ImportedBlock } from './chain/chain.js';
import type { Logger } from './log.js';
import type { NodeMetrics } from './metrics.js';
import type { TxPool } from './pool/pool.js';

/** How long an authored block waits for finality when no next block comes first. */
/**
 * How long after import a block becomes final when no newer block comes first. Long enough for a
 * client that reacts to in-block (fetching the block and its events, as @polkadot/api does) to do
 * so before finalized arrives, even on a loaded machine.
 */
const FINALITY_DELAY_MS = 500;

/** Normal-class share of subtensor's 10 MiB block length. */
const BLOCK_BYTES = Math.floor(10 * 1024 * 1024 * 0.75);

export interface ProducerOptions {
  readonly chain: Chain;
  readonly pool: TxPool;
  readonly log: Logger;
  readonly metrics: NodeMetrics | undefined;
  /** Undefined: manual seal (blocks only on request). */
  readonly blockTimeMs: number | undefined;
  /** Only a node holding an authority key may author. */
  readonly canAuthor: boolean;
}

export interface BlockRequest {
  readonly storageWrites?: ReadonlyMap<string, Uint8Array | null>;
}

export class BlockProducer {
  private queue: Promise<unknown> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;
  private finalityTimer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(private readonly options: ProducerOptions) {}

  start(): void {
    const { blockTimeMs } = this.options;
    if (blockTimeMs === undefined || !this.options.canAuthor) return;
    const tick = (): void => {
      if (this.stopped) return;
      const started = Date.now();
      void this.produce(1)
        .catch((error: unknown) =>
          this.options.log.error('block production failed', { error: String(error) }),
        )
        .finally(() => {
          if (this.stopped) return;
          this.timer = setTimeout(tick, Math.max(0, blockTimeMs - (Date.now() - started)));
        });
    };
    this.timer = setTimeout(tick, blockTimeMs);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    await this.queue.catch(() => undefined);
    if (this.finalityTimer !== undefined) clearTimeout(this.finalityTimer);
    this.finalityTimer = undefined;
    // What was imported is final before the node goes away.
    this.finalizeImported();
  }

  /** Produce `count` blocks in a row (the first with `request`'s writes); resolves with their hashes. */
  produce(count: number, request: BlockRequest = {}): Promise<Uint8Array[]> {
    if (!this.options.canAuthor)
      return Promise.reject(new Error('this node holds no authority key: it cannot author blocks'));
    const run = this.queue.then(() => {
      const hashes: Uint8Array[] = [];
      for (let i = 0; i < count && !this.stopped; i++) {
        hashes.push(this.produceOne(i === 0 ? request : {}).hash);
      }
      return hashes;
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  /**
   * Finality follows import after a delay, and lags one block behind authoring (a new block makes
   * its grandparent and older final), so watchers see in-block before finalized, as on a chain with
   * a finality gadget.
   */
  private scheduleFinality(): void {
    // Restarted by each import: the newest block waits the whole delay.
    if (this.finalityTimer !== undefined) clearTimeout(this.finalityTimer);
    this.finalityTimer = setTimeout(() => {
      this.finalityTimer = undefined;
      this.finalizeImported();
    }, FINALITY_DELAY_MS);
  }

  private finalizeImported(keep = 0): void {
    const { chain, metrics } = this.options;
    chain.finalizeAllBut(keep);
    metrics?.finalizedHeight.set(chain.best.header.number - chain.unfinalizedCount);
  }

  private produceOne(request: BlockRequest): ImportedBlock {
    const { chain, pool, metrics, log } = this.options;
    const started = performance.now();
    this.finalizeImported(1);
    const ready = pool.ready(BLOCK_BYTES);
    const { block, rejected } = chain.author({
      timestamp: BigInt(Date.now()),
      candidates: ready.map((tx) => tx.bytes),
      ...(request.storageWrites ? { storageWrites: request.storageWrites } : {}),
    });
    pool.rejected(
      [...rejected.keys()].map((i) => ready[i]?.hash).filter((h): h is string => h !== undefined),
    );
    const hashHex = `0x${Buffer.from(block.hash).toString('hex')}`;
    pool.blockImported(hashHex, block.extrinsics);
    this.scheduleFinality();
    const seconds = (performance.now() - started) / 1000;
    if (metrics) {
      metrics.blockImportSeconds.observe(seconds);
      metrics.bestHeight.set(block.header.number);
      metrics.poolTransactions.set(pool.size);
      metrics.poolBytes.set(pool.totalBytes);
    }
    log.info('imported block', {
      number: block.header.number,
      hash: hashHex,
      extrinsics: block.extrinsics.length - 1,
      rejected: rejected.size || undefined,
      ms: Math.round(seconds * 1000),
    });
    return block;
  }
}
