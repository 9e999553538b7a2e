/**
 * Shared set-up for the extrinsic tests: a dev chain, dev keypairs, signing with the chain's
 * genesis and block hashes, and the contexts the pool and block paths check against.
 */
import { blake2b256, concatBytes, keypairFromUri, u32, type Keypair } from '@tao-ts/primitives';
import type { RuntimeCallValue } from '../frame/pallet.js';
import { Overlay } from '../storage/kv.js';
import { AuraStorage } from '../pallets/aura.js';
import type { TestChain } from '../testing/chain.js';
import type { BlockExecution } from '../frame/executive.js';
import { signExtrinsic, type ExtrinsicSigner, type SignExtrinsicOptions } from './codec.js';
import { mortalEra, type Era } from './era.js';
import type { PoolContext } from './validate.js';

const pairs = new Map<string, Keypair>();

export function pair(name: string, type: 'sr25519' | 'ed25519' = 'sr25519'): Keypair {
  const key = `${type}:${name}`;
  let p = pairs.get(key);
  if (p === undefined) {
    p = keypairFromUri(`//${name}`, type);
    pairs.set(key, p);
  }
  return p;
}

/** TestChain's genesis hash (the parent hash of block 1). */
export function genesisHash(chain: TestChain): Uint8Array {
  return blake2b256(new TextEncoder().encode(`genesis:${chain.spec.id}`));
}

export interface SignOptions extends Partial<Omit<SignExtrinsicOptions, 'call' | 'signer'>> {
  /** A mortal era of this period, born at the chain's current block. */
  readonly period?: number;
}

/** Sign `call` for the chain as it is now: its next nonce, immortal unless a period is given. */
export function sign(
  chain: TestChain,
  signer: Keypair | ExtrinsicSigner,
  call: RuntimeCallValue,
  options: SignOptions = {},
): Uint8Array {
  const account = 'signPayload' in signer ? signer.accountId : signer.publicKey;
  let era: Era | undefined = options.era;
  let birthHash = options.birthHash;
  if (era === undefined && options.period !== undefined) {
    era = mortalEra(options.period, chain.number);
    birthHash ??= chain.parentHash;
  }
  return signExtrinsic(chain.runtime, {
    nonce: chain.nonce(account),
    genesisHash: genesisHash(chain),
    ...options,
    ...(era === undefined ? {} : { era }),
    ...(birthHash === undefined ? {} : { birthHash }),
    call,
    signer,
  });
}

/** The pool's view: validation on top of the chain's best block. */
export function poolContext(chain: TestChain): PoolContext {
  return {
    tao: chain.tao,
    storage: chain.storage,
    blockNumber: chain.number,
    blockHash: chain.parentHash,
    genesisHash: genesisHash(chain),
  };
}

/**
 * Run `fn` inside the chain's next block (timestamp inherent applied), then finalize and commit it
 * unless `commit` is false.
 */
export function inBlock<T>(chain: TestChain, fn: (exec: BlockExecution) => T, commit = true): T {
  const number = chain.number + 1n;
  const author = AuraStorage.Authorities.get(chain.storage)[0];
  const overlay = new Overlay(chain.storage);
  const exec = chain.tao.beginBlock(overlay, {
    number,
    parentHash: chain.parentHash,
    ...(author ? { author } : {}),
  });
  chain.timestamp += chain.spec.minimumPeriodMs * 2n;
  exec.apply({ call: chain.call('Timestamp', 'set', { now: chain.timestamp }), length: 10 });
  const result = fn(exec);
  if (commit) {
    exec.finalize();
    overlay.commitTo(chain.storage);
    // The same block hash TestChain.block() gives.
    chain.parentHash = blake2b256(concatBytes(chain.parentHash, u32.enc(Number(number))));
    chain.number = number;
  }
  return result;
}

export const remark = (chain: TestChain, bytes: Uint8Array = new Uint8Array([1, 2, 3])): RuntimeCallValue =>
  chain.call('System', 'remark', { remark: bytes });
