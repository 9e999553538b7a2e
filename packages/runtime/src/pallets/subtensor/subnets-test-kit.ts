/**
 * Shared setup for the subnet, registration and serving tests: one dev spec (deriving its keys
 * is the slow part of a chain), plain byte keys for hotkeys, and assertions on call outcomes.
 */
import assert from 'node:assert/strict';
import { concatBytes, keccak256, sha256 } from '@tao-ts/primitives';
import type { ApplyResult } from '../../frame/executive.js';
import type { InvalidTransaction } from '../../frame/dispatch.js';
import type { RuntimeCallValue } from '../../frame/pallet.js';
import { devAccount, devSpec, type ChainSpec } from '../../genesis.js';
import { TestChain, errorName } from '../../testing/chain.js';
import type { AccountId } from '../../types/substrate.js';

let spec: ChainSpec | undefined;

/** A dev chain at genesis (Alice owns subnet 1 and holds its uid 0). */
export function devChain(): TestChain {
  spec ??= devSpec();
  return new TestChain(spec);
}

const accounts = new Map<string, AccountId>();
/** Dev accounts, derived once (sr25519 derivation is slow). */
function dev(name: string): AccountId {
  let account = accounts.get(name);
  if (account === undefined) accounts.set(name, (account = devAccount(name)));
  return account;
}

export const alice = (): AccountId => dev('Alice');
export const bob = (): AccountId => dev('Bob');
export const charlie = (): AccountId => dev('Charlie');

/** A deterministic key that is no dev account (hotkeys never need to sign a fee here). */
export function key(n: number): AccountId {
  const out = new Uint8Array(32);
  out[0] = 0xaa;
  new DataView(out.buffer).setUint32(28, n);
  return out;
}

export function st(chain: TestChain, name: string, args: object): RuntimeCallValue {
  return chain.call('SubtensorModule', name, args);
}

/** The call failed with exactly this error name (e.g. 'SubtensorModule.InvalidSeal'). */
export function assertFails(result: ApplyResult | InvalidTransaction, error: string): void {
  assert.equal(errorName(result), error);
}

export function assertOk(result: ApplyResult | InvalidTransaction): ApplyResult {
  assert.equal(errorName(result), undefined);
  return result as ApplyResult;
}

/** The events of one kind in a result, by SubtensorModule variant name. */
export function eventsOf(result: ApplyResult, name: string): unknown[] {
  return result.events
    .filter((e) => e.event.tag === 'SubtensorModule' && e.event.value.tag === name)
    .map((e) => e.event.value.value);
}

/**
 * The registration seal, written out independently of the runtime's pow.ts:
 * keccak256(sha256(nonce as 8 little-endian bytes ‖ keccak256(block hash ‖ hotkey))).
 */
export function referenceSeal(blockHash: Uint8Array, nonce: bigint, hotkey: AccountId): Uint8Array {
  const nonceBytes = new Uint8Array(8);
  for (let i = 0; i < 8; i++) nonceBytes[i] = Number((nonce >> BigInt(8 * i)) & 0xffn);
  return keccak256(sha256(concatBytes(nonceBytes, keccak256(concatBytes(blockHash, hotkey)))));
}

/** Search nonces from 0 until the seal times the difficulty fits in 256 bits. */
export function solvePow(
  blockHash: Uint8Array,
  hotkey: AccountId,
  difficulty: bigint,
): { nonce: bigint; work: Uint8Array } {
  const limit = 1n << 256n;
  for (let nonce = 0n; ; nonce++) {
    const work = referenceSeal(blockHash, nonce, hotkey);
    let value = 0n;
    for (let i = 31; i >= 0; i--) value = (value << 8n) | BigInt(work[i] as number);
    if (value * difficulty < limit) return { nonce, work };
  }
}
