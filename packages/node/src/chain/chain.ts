/**
 * The chain: genesis, the best and finalized blocks, block authoring on top of the best block,
 * and reads of any block's header, body and state. Single authority for now, so an authored
 * block is final at once; import and authoring stay separate so a network can feed blocks in.
 */
import { EventEmitter } from 'node:events';
import { TaoError, equalBytes, toHex, type Keypair } from '@tao-ts/primitives';
import {
  AuraStorage,
  Overlay,
  TimestampStorage,
  buildGenesis,
  createRuntime,
  hexToBytes,
  type AccountId,
  type BlockExecution,
  type ChainSpec,
  type EventRecord,
  type ReadableStorage,
  type RuntimeCallValue,
  type TaoRuntime,
} from '@tao-ts/runtime';
import { ChainDb, ChainDbError } from '../db/chain-db.js';
import {
  AURA_ENGINE,
  decodeHeader,
  encodeHeader,
  hashHeader,
  slotBytes,
  type DigestItem,
  type Header,
} from '../block/header.js';
import { BestState } from '../state/best-state.js';
import { CODE_KEY_HEX, runtimeCode } from './runtime-code.js';
import { TrieState, orderedTrieRoot, stateRoot, stateTrie, type StateTrie } from '../state/trie-state.js';

export interface ImportedBlock {
  readonly hash: Uint8Array;
  readonly header: Header;
  readonly extrinsics: readonly Uint8Array[];
  readonly events: readonly EventRecord[];
  /** The block's state changes: hex key → new value, null = deleted. */
  readonly changes: ReadonlyMap<string, Uint8Array | null>;
}

/** How an extrinsic's bytes become a result in a block (the runtime's extrinsic layer). */
export interface ExtrinsicLayer {
  /** The bytes of a bare inherent extrinsic for `call`. */
  inherent(call: RuntimeCallValue): Uint8Array;
  /** Apply one extrinsic; `included` false when it is invalid and must stay out of the block. */
  apply(exec: BlockExecution, bytes: Uint8Array): { included: boolean; error?: string };
}

export interface AuthorRequest {
  /** Wall-clock milliseconds; raised to one slot after the parent when earlier. */
  readonly timestamp: bigint;
  readonly candidates: readonly Uint8Array[];
  /** Raw state writes applied before the block executes (dev chains only). */
  readonly storageWrites?: ReadonlyMap<string, Uint8Array | null>;
}

export interface ChainOptions {
  readonly spec: ChainSpec;
  /** The runtime (createRuntime for the spec's minimum period when absent). */
  readonly tao?: TaoRuntime;
  readonly directory: string;
  readonly extrinsics: ExtrinsicLayer;
  /** The authority key that seals authored blocks. */
  readonly authority?: Keypair;
}

export class ChainError extends TaoError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('CHAIN', message, options);
  }
}

export interface ChainEvents {
  block: [ImportedBlock];
  finalized: [ImportedBlock];
}

/** Blocks kept in memory between import and finality (finality trails the best block closely). */
const MAX_UNFINALIZED = 1024;

export class Chain extends EventEmitter<ChainEvents> {
  readonly tao: TaoRuntime;
  readonly genesisHash: Uint8Array;
  private bestHeader: Header;
  private bestHash: Uint8Array;
  private finalizedHash: Uint8Array;
  /** Imported, not yet finalized blocks, oldest first. */
  private readonly unfinalized: ImportedBlock[] = [];
  private readonly bestState: BestState;
  private readonly trie: StateTrie;

  private constructor(
    readonly spec: ChainSpec,
    readonly db: ChainDb,
    tao: TaoRuntime | undefined,
    private readonly extrinsics: ExtrinsicLayer,
    private readonly authority: Keypair | undefined,
  ) {
    super();
    // Every head or storage subscription of every RPC connection listens here; many is normal.
    this.setMaxListeners(0);
    this.tao = tao ?? createRuntime({ minimumPeriodMs: spec.minimumPeriodMs });
    this.bestState = new BestState(db);
    this.trie = stateTrie(db);
    const genesis = this.genesisWrite();
    const meta = db.readMeta();
    if (meta === undefined) {
      db.writeGenesis(spec.id, genesis.write);
    } else if (!equalBytes(meta.genesisHash, genesis.write.hash)) {
      throw new ChainDbError(
        `the database belongs to chain "${meta.chainId}" (genesis ${toHex(meta.genesisHash)}), ` +
          `not "${spec.id}" (genesis ${toHex(genesis.write.hash)}); use another --base-path`,
      );
    }
    this.genesisHash = genesis.write.hash;
    const current = db.readMeta();
    if (current === undefined) throw new ChainDbError('the genesis block was not written');
    this.bestHash = current.bestHash;
    this.finalizedHash = current.finalizedHash;
    this.bestHeader = this.requireHeader(this.bestHash);
    // LMDB keeps no checksums, so a damaged page would only show as a wrong state later: check
    // that the stored state is the one the best block commits to before building on it.
    if (meta !== undefined) {
      const root = stateRoot(db.stateRange(new Uint8Array()));
      if (!equalBytes(root, this.bestHeader.stateRoot)) {
        throw new ChainDbError(
          `the database is damaged: the stored state hashes to ${toHex(root)}, but best block ` +
            `#${this.bestHeader.number} commits to ${toHex(this.bestHeader.stateRoot)}`,
        );
      }
    }
  }

  static open(options: ChainOptions): Chain {
    const db = ChainDb.open(options.directory);
    try {
      return new Chain(options.spec, db, options.tao, options.extrinsics, options.authority);
    } catch (error) {
      void db.close();
      throw error;
    }
  }

  private genesisWrite() {
    const storage = buildGenesis(this.spec);
    // A raw spec exported from a running chain may carry `:code` already; otherwise it is added here.
    if (storage.get(CODE_KEY_HEX) === undefined)
      storage.set(CODE_KEY_HEX, runtimeCode(this.tao.runtime.version.specName));
    const entries: [Uint8Array, Uint8Array][] = [...storage.scan('')].map(([k, v]) => [hexToBytes(k), v]);
    const update = this.trie.build(entries);
    const header: Header = {
      parentHash: new Uint8Array(32),
      number: 0,
      stateRoot: update.root,
      extrinsicsRoot: orderedTrieRoot([]),
      digest: [],
    };
    return {
      write: {
        hash: hashHeader(header),
        number: 0,
        header: encodeHeader(header),
        body: [],
        stateChanges: entries,
        trieNodes: update.nodes,
        finalized: true,
      },
    };
  }

  get best(): { hash: Uint8Array; header: Header } {
    return { hash: this.bestHash, header: this.bestHeader };
  }

  get finalized(): Uint8Array {
    return this.finalizedHash;
  }

  header(hash: Uint8Array): Header | undefined {
    const bytes = this.db.header(hash);
    return bytes === undefined ? undefined : decodeHeader(bytes);
  }

  private requireHeader(hash: Uint8Array): Header {
    const header = this.header(hash);
    if (header === undefined) throw new ChainDbError(`block ${toHex(hash)} is missing from the database`);
    return header;
  }

  body(hash: Uint8Array): Uint8Array[] | undefined {
    return this.db.body(hash);
  }

  hashAt(number: number): Uint8Array | undefined {
    return number <= this.bestHeader.number ? this.db.hashAt(number) : undefined;
  }

  /** The state after block `hash` (the best state directly, older ones through the trie). */
  stateAt(hash: Uint8Array): ReadableStorage | undefined {
    if (equalBytes(hash, this.bestHash)) return this.bestState;
    const header = this.header(hash);
    return header === undefined ? undefined : new TrieState(this.trie, header.stateRoot);
  }

  /** A Substrate read proof of `keys` in the state after block `hash`. */
  readProof(hash: Uint8Array, keys: readonly Uint8Array[]): Uint8Array[] {
    const header = this.header(hash);
    if (header === undefined) throw new ChainError(`unknown block ${toHex(hash)}`);
    return this.trie.proof(header.stateRoot, keys);
  }

  get bestStorage(): ReadableStorage {
    return this.bestState;
  }

  /** Milliseconds per Aura slot: twice Timestamp.MinimumPeriod, as pallet_aura has it. */
  get slotDurationMs(): bigint {
    return this.spec.minimumPeriodMs * 2n;
  }

  /**
   * Author and import a block on top of the best one. `timestamp` is raised to the earliest the
   * runtime accepts (one slot after the parent) so blocks can be produced faster than wall time.
   */
  author(request: AuthorRequest): { block: ImportedBlock; rejected: Map<number, string> } {
    const { timestamp, candidates } = request;
    const parent = this.best;
    const number = parent.header.number + 1;
    const previous = TimestampStorage.Now.get(this.bestState);
    const now = timestamp > previous + this.slotDurationMs ? timestamp : previous + this.slotDurationMs;
    const slot = now / this.slotDurationMs;
    const authorities = AuraStorage.Authorities.get(this.bestState);
    const author: AccountId | undefined = authorities[Number(slot % BigInt(Math.max(authorities.length, 1)))];
    const overlay = new Overlay(this.bestState);
    // Dev writes land before on_initialize, as if the previous block had left them.
    for (const [key, value] of request.storageWrites ?? []) {
      if (value === null) overlay.delete(key);
      else overlay.set(key, value);
    }
    const exec = this.tao.beginBlock(overlay, {
      number: BigInt(number),
      parentHash: parent.hash,
      ...(author ? { author } : {}),
    });
    const inherent = this.extrinsics.inherent(this.tao.runtime.pallet('Timestamp').call('set', { now }));
    const included: Uint8Array[] = [inherent];
    const first = this.extrinsics.apply(exec, inherent);
    if (!first.included)
      throw new ChainError(`the timestamp inherent was rejected: ${first.error ?? 'unknown'}`);
    const rejected = new Map<number, string>();
    candidates.forEach((xt, i) => {
      const outcome = this.extrinsics.apply(exec, xt);
      if (outcome.included) included.push(xt);
      else rejected.set(i, outcome.error ?? 'invalid');
    });
    const events = exec.finalize();
    // The block's layer is done with: its map of changes is the block's, not copied.
    const pending = overlay.pending();
    const changes = [...pending];
    // Raw keys once, for both the trie and the database.
    const rawChanges = changes.map(([k, v]) => [hexToBytes(k), v] as const);
    const update = this.trie.apply(parent.header.stateRoot, rawChanges);
    const preRuntime: DigestItem = { tag: 'PreRuntime', value: [AURA_ENGINE, slotBytes(slot)] };
    const unsealed: Header = {
      parentHash: parent.hash,
      number,
      stateRoot: update.root,
      extrinsicsRoot: orderedTrieRoot(included),
      digest: [preRuntime],
    };
    const header: Header = this.authority
      ? {
          ...unsealed,
          digest: [
            preRuntime,
            { tag: 'Seal', value: [AURA_ENGINE, this.authority.sign(hashHeader(unsealed))] },
          ],
        }
      : unsealed;
    const hash = hashHeader(header);
    this.db.writeBlock({
      hash,
      number,
      header: encodeHeader(header),
      body: included,
      stateChanges: rawChanges,
      trieNodes: update.nodes,
      finalized: false,
    });
    this.bestState.committed(changes);
    this.bestHash = hash;
    this.bestHeader = header;
    const block: ImportedBlock = { hash, header, extrinsics: included, events, changes: pending };
    this.unfinalized.push(block);
    // A finality gadget that never answered would let this grow without bound.
    if (this.unfinalized.length > MAX_UNFINALIZED) this.finalize(this.unfinalized[0]?.hash ?? hash);
    this.emit('block', block);
    return { block, rejected };
  }

  /**
   * Finalize the imported block `hash` and its unfinalized ancestors (oldest first, each
   * announced). A single-authority chain finalizes what it authors shortly after import, which
   * gives clients the in-block → finalized sequence they expect.
   */
  finalize(hash: Uint8Array): void {
    const index = this.unfinalized.findIndex((b) => equalBytes(b.hash, hash));
    if (index < 0) return;
    const done = this.unfinalized.splice(0, index + 1);
    this.db.setFinalized(hash);
    this.finalizedHash = hash;
    for (const block of done) this.emit('finalized', block);
  }

  /** Finalize every imported block except the newest `keep` (a finality lag of `keep` blocks). */
  finalizeAllBut(keep: number): void {
    const target = this.unfinalized[this.unfinalized.length - 1 - keep];
    if (target !== undefined) this.finalize(target.hash);
  }

  /** How many imported blocks are not final yet. */
  get unfinalizedCount(): number {
    return this.unfinalized.length;
  }

  /** The hash of the newest imported block not yet final, if any. */
  get unfinalizedHead(): Uint8Array | undefined {
    return this.unfinalized[this.unfinalized.length - 1]?.hash;
  }

  async close(): Promise<void> {
    await this.db.close();
  }
}
