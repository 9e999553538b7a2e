/**
 * An in-memory chain for tests and benchmarks: genesis from a spec, then blocks with a timestamp
 * inherent and any extrinsics, exactly as the node will execute them (minus signatures, which
 * the node checks before the runtime sees an extrinsic).
 */
import { blake2b256, concatBytes, u32 as u32Codec } from '@tao-ts/primitives';
import { createRuntime, type TaoRuntime } from '../chain.js';
import type { ApplyResult } from '../frame/executive.js';
import { InvalidTransaction } from '../frame/dispatch.js';
import type { RuntimeCallValue } from '../frame/pallet.js';
import type { EventRecord } from '../frame/runtime.js';
import { account } from '../frame/system.js';
import { buildGenesis, devSpec, type ChainSpec } from '../genesis.js';
import type { MemoryStorage } from '../storage/kv.js';
import { Overlay } from '../storage/kv.js';
import { AuraStorage } from '../pallets/aura.js';
import type { AccountId } from '../types/substrate.js';

export interface TestExtrinsic {
  readonly signer?: AccountId;
  readonly call: RuntimeCallValue;
  readonly tip?: bigint;
}

export interface BlockOutcome {
  readonly number: bigint;
  readonly results: (ApplyResult | InvalidTransaction)[];
  readonly events: readonly EventRecord[];
}

export class TestChain {
  readonly tao: TaoRuntime;
  readonly storage: MemoryStorage;
  readonly spec: ChainSpec;
  number = 0n;
  timestamp = 0n;
  parentHash: Uint8Array = new Uint8Array(32);

  constructor(spec: ChainSpec = devSpec()) {
    this.spec = spec;
    this.tao = createRuntime({ minimumPeriodMs: spec.minimumPeriodMs });
    this.storage = buildGenesis(spec);
    this.parentHash = blake2b256(new TextEncoder().encode(`genesis:${spec.id}`));
  }

  get runtime(): TaoRuntime['runtime'] {
    return this.tao.runtime;
  }

  /** A RuntimeCall value: chain.call('Balances', 'transfer_keep_alive', { dest, value }). */
  call(pallet: string, name: string, args: object = {}): RuntimeCallValue {
    return this.runtime.pallet(pallet).call(name, args);
  }

  nonce(who: AccountId): number {
    return account(this.storage, who).nonce;
  }

  /**
   * Execute the next block with the given extrinsics (signed ones get the right nonces). Invalid
   * extrinsics are reported and left out, as a block author would.
   */
  block(extrinsics: readonly TestExtrinsic[] = []): BlockOutcome {
    const number = this.number + 1n;
    const author = AuraStorage.Authorities.get(this.storage)[0];
    const overlay = new Overlay(this.storage);
    const exec = this.tao.beginBlock(overlay, {
      number,
      parentHash: this.parentHash,
      ...(author ? { author } : {}),
    });
    this.timestamp += this.spec.minimumPeriodMs * 2n;
    exec.apply({ call: this.call('Timestamp', 'set', { now: this.timestamp }), length: 10 });
    const nonces = new Map<string, number>();
    const results: (ApplyResult | InvalidTransaction)[] = [];
    for (const xt of extrinsics) {
      try {
        if (xt.signer === undefined) {
          results.push(exec.apply({ call: xt.call, length: this.lengthOf(xt.call) }));
          continue;
        }
        const key = Buffer.from(xt.signer).toString('hex');
        const nonce = nonces.get(key) ?? account(overlay, xt.signer).nonce;
        results.push(
          exec.apply({
            signed: { who: xt.signer, nonce, tip: xt.tip ?? 0n },
            call: xt.call,
            length: this.lengthOf(xt.call) + 110,
          }),
        );
        nonces.set(key, nonce + 1);
      } catch (error) {
        if (!(error instanceof InvalidTransaction)) throw error;
        results.push(error);
      }
    }
    const events = exec.finalize();
    overlay.commitTo(this.storage);
    this.parentHash = blake2b256(concatBytes(this.parentHash, u32Codec.enc(Number(number))));
    this.number = number;
    return { number, results, events };
  }

  /** Run `count` empty blocks. */
  blocks(count: number): void {
    for (let i = 0; i < count; i++) this.block();
  }

  /** One signed call in its own block; returns its result (or the InvalidTransaction). */
  exec(signer: AccountId, call: RuntimeCallValue, tip?: bigint): ApplyResult | InvalidTransaction {
    const outcome = this.block([{ signer, call, ...(tip !== undefined ? { tip } : {}) }]);
    return outcome.results[0] as ApplyResult | InvalidTransaction;
  }

  /** Like exec, but throws unless the call succeeded (for test setup). */
  ok(signer: AccountId, call: RuntimeCallValue): ApplyResult {
    const result = this.exec(signer, call);
    if (result instanceof InvalidTransaction) throw result;
    if (!result.ok) throw result.error ?? new Error('call failed');
    return result;
  }

  /** Events of the last block with the given pallet and name. */
  eventsNamed(events: readonly EventRecord[], pallet: string, name: string): unknown[] {
    return events
      .filter((e) => e.event.tag === pallet && e.event.value.tag === name)
      .map((e) => e.event.value.value);
  }

  private lengthOf(call: RuntimeCallValue): number {
    return this.runtime.callType.codec.enc(call).length;
  }
}

/** Assert-friendly name of an ApplyResult's error ("SubtensorModule.NotEnoughBalanceToStake"). */
export function errorName(result: ApplyResult | InvalidTransaction): string | undefined {
  if (result instanceof InvalidTransaction)
    return `Invalid:${typeof result.reason === 'string' ? result.reason : 'Custom'}`;
  return result.error?.errorName ?? result.error?.value.tag;
}
