/**
 * Block execution that records, per extrinsic, exactly which storage keys `BlockExecution.apply`
 * changed. It runs a block the way TestChain.block does (timestamp inherent, then the signed
 * extrinsics with the nonces TestChain would give them), optionally skewing nonces so tests can
 * also send stale and future ones.
 */
import { blake2b256, concatBytes, u32 as u32Codec } from '@tao-ts/primitives';
import { InvalidTransaction } from '../frame/dispatch.js';
import type { ApplyResult } from '../frame/executive.js';
import type { RuntimeCallValue } from '../frame/pallet.js';
import type { EventRecord, Runtime } from '../frame/runtime.js';
import { account } from '../frame/system.js';
import { AuraStorage } from '../pallets/aura.js';
import { Overlay, type WritableStorage } from '../storage/kv.js';
import type { AccountId, AccountInfo } from '../types/substrate.js';
import type { TestChain } from './chain.js';

/** A key's bytes before and after (undefined = absent). */
export interface Change {
  readonly before: Uint8Array | undefined;
  readonly after: Uint8Array | undefined;
}

/** Passes everything through and remembers the first value of every key written since `take`. */
export class RecordingStorage implements WritableStorage {
  private readonly original = new Map<string, Uint8Array | undefined>();

  constructor(private readonly inner: WritableStorage) {}

  get(key: string): Uint8Array | undefined {
    return this.inner.get(key);
  }

  scan(prefix: string): Iterable<readonly [string, Uint8Array]> {
    return this.inner.scan(prefix);
  }

  set(key: string, value: Uint8Array): void {
    this.remember(key);
    this.inner.set(key, value);
  }

  delete(key: string): void {
    this.remember(key);
    this.inner.delete(key);
  }

  private remember(key: string): void {
    if (!this.original.has(key)) this.original.set(key, this.inner.get(key));
  }

  /** Keys whose value differs from before the recording started; then start afresh. */
  take(): Map<string, Change> {
    const changes = new Map<string, Change>();
    for (const [key, before] of this.original) {
      const after = this.inner.get(key);
      if (!sameBytes(before, after)) changes.set(key, { before, after });
    }
    this.original.clear();
    return changes;
  }
}

/** "Pallet.Item" of a storage key, for messages (the raw key when no item claims it). */
export function itemOfKey(runtime: Runtime, key: string): string {
  let names = itemNames.get(runtime);
  if (names === undefined) {
    names = new Map(runtime.storageItems().map(({ meta }) => [meta.prefix, `${meta.pallet}.${meta.name}`]));
    itemNames.set(runtime, names);
  }
  return names.get(key.slice(0, 64)) ?? key;
}

const itemNames = new WeakMap<Runtime, Map<string, string>>();

/** The items a change set touched, one entry per changed key, sorted. */
export function changedItems(runtime: Runtime, changes: ReadonlyMap<string, Change>): string[] {
  return [...changes.keys()].map((key) => itemOfKey(runtime, key)).sort();
}

function sameBytes(a: Uint8Array | undefined, b: Uint8Array | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

export interface RecordedExtrinsic {
  readonly signer: AccountId;
  /** The nonce sent, and the one the signer's account expected. */
  readonly nonce: number;
  readonly validNonce: number;
  /** The signer's and the block author's accounts just before the extrinsic. */
  readonly signerBefore: AccountInfo;
  readonly authorBefore: AccountInfo | undefined;
  readonly length: number;
  readonly result: ApplyResult | InvalidTransaction;
  readonly changes: Map<string, Change>;
}

export interface RecordedBlock {
  readonly author: AccountId | undefined;
  readonly extrinsics: readonly RecordedExtrinsic[];
  readonly events: readonly EventRecord[];
}

export interface SignedExtrinsic {
  readonly signer: AccountId;
  readonly call: RuntimeCallValue;
  readonly tip?: bigint;
  /** Added to the signer's current nonce (0 = the valid one). */
  readonly nonceSkew?: number;
}

/**
 * Execute the next block of `chain` with these signed extrinsics, recording each one's writes.
 * (The replay property checks that this gives the same states and events as TestChain.block.)
 */
export function recordedBlock(chain: TestChain, extrinsics: readonly SignedExtrinsic[]): RecordedBlock {
  const number = chain.number + 1n;
  const author = AuraStorage.Authorities.get(chain.storage)[0];
  const overlay = new Overlay(chain.storage);
  const recorder = new RecordingStorage(overlay);
  const exec = chain.tao.beginBlock(recorder, {
    number,
    parentHash: chain.parentHash,
    ...(author ? { author } : {}),
  });
  chain.timestamp += chain.spec.minimumPeriodMs * 2n;
  exec.apply({ call: chain.call('Timestamp', 'set', { now: chain.timestamp }), length: 10 });
  recorder.take();
  const recorded: RecordedExtrinsic[] = [];
  // Nonces as TestChain.block assigns them: one more than the signer's last included extrinsic
  // in this block (even if that reaped the account), else the account's nonce.
  const nextNonce = new Map<string, number>();
  for (const xt of extrinsics) {
    const signerBefore = account(recorder, xt.signer);
    const authorBefore = author === undefined ? undefined : account(recorder, author);
    const validNonce = signerBefore.nonce;
    const who = Buffer.from(xt.signer).toString('hex');
    const nonce = Math.max(0, (nextNonce.get(who) ?? validNonce) + (xt.nonceSkew ?? 0));
    const length = chain.runtime.callType.codec.enc(xt.call).length + 110;
    let result: ApplyResult | InvalidTransaction;
    try {
      result = exec.apply({ signed: { who: xt.signer, nonce, tip: xt.tip ?? 0n }, call: xt.call, length });
      nextNonce.set(who, nonce + 1);
    } catch (error) {
      if (!(error instanceof InvalidTransaction)) throw error;
      result = error;
    }
    recorded.push({
      signer: xt.signer,
      nonce,
      validNonce,
      signerBefore,
      authorBefore,
      length,
      result,
      changes: recorder.take(),
    });
  }
  const events = exec.finalize();
  overlay.commitTo(chain.storage);
  chain.parentHash = blake2b256(concatBytes(chain.parentHash, u32Codec.enc(Number(number))));
  chain.number = number;
  return { author, extrinsics: recorded, events };
}
