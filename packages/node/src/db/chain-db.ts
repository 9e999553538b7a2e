/**
 * The node's database: one LMDB environment holding headers, bodies, the canonical number index,
 * the best state as a flat key-value map, and the state trie's nodes (content-addressed, kept for
 * every block so any block's state can be read and proven). Every block is imported in one LMDB
 * transaction, so a crash leaves either the whole block or none of it.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { open, type Database, type RootDatabase } from 'lmdb';
import { TaoError, toHex } from '@tao-ts/primitives';
import { lmdbFileProblem } from './lmdb-file.js';

/** Bumped when the layout changes; a database with another value is refused, never rewritten. */
export const DB_FORMAT = 'tao-ts-chain/1';

export class ChainDbError extends TaoError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('CHAIN_DB', message, options);
  }
}

export interface ChainDbMeta {
  readonly format: string;
  readonly chainId: string;
  readonly genesisHash: Uint8Array;
  readonly bestHash: Uint8Array;
  readonly finalizedHash: Uint8Array;
}

/** Everything one imported block writes, applied atomically. */
export interface BlockWrite {
  readonly hash: Uint8Array;
  readonly number: number;
  readonly header: Uint8Array;
  readonly body: readonly Uint8Array[];
  /** Best-state changes: raw key → value, null = deleted. */
  readonly stateChanges: Iterable<readonly [Uint8Array, Uint8Array | null]>;
  /** New trie nodes (and hashed values) by hash. */
  readonly trieNodes: Iterable<readonly [Uint8Array, Uint8Array]>;
  readonly finalized: boolean;
}

const u32Key = (n: number): Buffer => {
  const key = Buffer.alloc(4);
  key.writeUInt32BE(n);
  return key;
};

/** A fresh Uint8Array that owns its bytes (LMDB and Buffer pools hand out shared views). */
const own = (bytes: Uint8Array | undefined): Uint8Array | undefined =>
  bytes === undefined ? undefined : new Uint8Array(bytes);

export class ChainDb {
  private constructor(
    private readonly env: RootDatabase,
    private readonly meta: Database<string | Uint8Array, string>,
    private readonly headers: Database<Uint8Array, Uint8Array>,
    private readonly bodies: Database<Uint8Array[], Uint8Array>,
    private readonly numbers: Database<Uint8Array, Uint8Array>,
    readonly state: Database<Uint8Array, Uint8Array>,
    private readonly trie: Database<Uint8Array, Uint8Array>,
  ) {}

  static open(directory: string): ChainDb {
    mkdirSync(directory, { recursive: true });
    const file = join(directory, 'chain.mdb');
    const problem = lmdbFileProblem(file);
    if (problem !== undefined) throw new ChainDbError(`the chain database ${file} is damaged: ${problem}`);
    let env: RootDatabase;
    try {
      env = open({ path: file, maxDbs: 8, compression: false, mapSize: 2 ** 34 });
    } catch (cause) {
      throw new ChainDbError(`cannot open the chain database in ${directory}: ${String(cause)}`, { cause });
    }
    const binary = { keyEncoding: 'binary', encoding: 'binary' } as const;
    try {
      return new ChainDb(
        env,
        env.openDB<string | Uint8Array, string>({ name: 'meta', encoding: 'binary' }),
        env.openDB<Uint8Array, Uint8Array>({ name: 'headers', ...binary }),
        env.openDB<Uint8Array[], Uint8Array>({ name: 'bodies', keyEncoding: 'binary', encoding: 'msgpack' }),
        env.openDB<Uint8Array, Uint8Array>({ name: 'numbers', ...binary }),
        env.openDB<Uint8Array, Uint8Array>({ name: 'state', ...binary }),
        env.openDB<Uint8Array, Uint8Array>({ name: 'trie', ...binary }),
      );
    } catch (cause) {
      void env.close();
      throw new ChainDbError(
        `the database in ${directory} is damaged or not a tao-ts chain: ${String(cause)}`,
        {
          cause,
        },
      );
    }
  }

  /** The stored identity of the chain, or undefined for an empty database. */
  readMeta(): ChainDbMeta | undefined {
    const format = this.metaString('format');
    if (format === undefined) {
      if (this.headers.getKeysCount() > 0 || this.state.getKeysCount() > 0) {
        throw new ChainDbError('the database holds data but no format marker: refusing to use it');
      }
      return undefined;
    }
    if (format !== DB_FORMAT) {
      throw new ChainDbError(`the database format is ${format}, this node reads ${DB_FORMAT}`);
    }
    const field = (name: string): Uint8Array => {
      const value = own(this.meta.getBinary(name));
      if (value === undefined || value.length !== 32)
        throw new ChainDbError(`the database lacks its ${name} hash`);
      return value;
    };
    return {
      format,
      chainId: this.metaString('chainId') ?? '',
      genesisHash: field('genesis'),
      bestHash: field('best'),
      finalizedHash: field('finalized'),
    };
  }

  private metaString(name: string): string | undefined {
    const raw = this.meta.getBinary(name);
    return raw === undefined ? undefined : Buffer.from(raw).toString('utf8');
  }

  /** Write the genesis block and mark the database as this chain's. */
  writeGenesis(chainId: string, block: BlockWrite): void {
    this.env.transactionSync(() => {
      this.meta.putSync('format', Buffer.from(DB_FORMAT));
      this.meta.putSync('chainId', Buffer.from(chainId));
      this.meta.putSync('genesis', block.hash);
      this.writeBlockInTxn(block);
    });
  }

  /** Import one block: header, body, canonical index, state, trie nodes, best (and finalized). */
  writeBlock(block: BlockWrite): void {
    this.env.transactionSync(() => this.writeBlockInTxn(block));
  }

  private writeBlockInTxn(block: BlockWrite): void {
    this.headers.putSync(block.hash, block.header);
    this.bodies.putSync(block.hash, [...block.body]);
    this.numbers.putSync(u32Key(block.number), block.hash);
    for (const [key, value] of block.stateChanges) {
      if (value === null) this.state.removeSync(key);
      else this.state.putSync(key, value);
    }
    for (const [hash, node] of block.trieNodes) this.trie.putSync(hash, node);
    this.meta.putSync('best', block.hash);
    if (block.finalized) this.meta.putSync('finalized', block.hash);
  }

  /** Record a block as finalized (its ancestors implicitly are). */
  setFinalized(hash: Uint8Array): void {
    this.meta.putSync('finalized', hash);
  }

  header(hash: Uint8Array): Uint8Array | undefined {
    return own(this.headers.getBinary(hash));
  }

  body(hash: Uint8Array): Uint8Array[] | undefined {
    const body = this.bodies.get(hash);
    return body?.map((xt) => new Uint8Array(xt));
  }

  hashAt(number: number): Uint8Array | undefined {
    if (!Number.isInteger(number) || number < 0 || number > 0xffff_ffff) return undefined;
    return own(this.numbers.getBinary(u32Key(number)));
  }

  stateValue(key: Uint8Array): Uint8Array | undefined {
    // LMDB refuses empty keys (it throws); no state entry has one, so the answer is "absent".
    if (key.length === 0) return undefined;
    return own(this.state.getBinary(key));
  }

  /** Best-state entries whose key starts with `prefix`, in key order. */
  *stateRange(prefix: Uint8Array, startAfter?: Uint8Array): Iterable<[Uint8Array, Uint8Array]> {
    const start = startAfter !== undefined && compare(startAfter, prefix) > 0 ? startAfter : prefix;
    for (const { key, value } of this.state.getRange({ start: Buffer.from(start) })) {
      const k = key;
      if (!startsWith(k, prefix)) break;
      if (startAfter !== undefined && compare(k, startAfter) <= 0) continue;
      yield [new Uint8Array(k), new Uint8Array(value)];
    }
  }

  trieNode(hash: Uint8Array): Uint8Array | undefined {
    return own(this.trie.getBinary(hash));
  }

  async close(): Promise<void> {
    await this.env.close();
  }

  describe(): string {
    const meta = this.readMeta();
    return meta === undefined ? 'empty' : `${meta.chainId} genesis ${toHex(meta.genesisHash)}`;
  }
}

export function startsWith(bytes: Uint8Array, prefix: Uint8Array): boolean {
  if (bytes.length < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (bytes[i] !== prefix[i]) return false;
  return true;
}

export function compare(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const d = (a[i] as number) - (b[i] as number);
    if (d !== 0) return d;
  }
  return a.length - b.length;
}
