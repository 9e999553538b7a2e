/**
 * Submitting extrinsics: sign with our key, send, follow the status to the level asked for, and
 * turn every failure into a typed error (pool refusal → TransactionRejectedError, failed
 * dispatch → ChainCallError with the pallet error's name and docs from the metadata).
 */
import type { ApiPromise } from '@polkadot/api';
import type { SubmittableExtrinsic } from '@polkadot/api/types';
import type { Codec, ISubmittableResult } from '@polkadot/types/types';
import { ChainArgumentError, ChainCallError, TransactionRejectedError } from './errors.js';
import { polkadotSigner, type ChainSigner } from './signer.js';

/** How long a submit waits: only for the node's acceptance, for inclusion, or for finality. */
export type WaitFor = 'none' | 'inBlock' | 'finalized';

export interface SubmitOptions {
  /** Default 'inBlock'. */
  readonly waitFor?: WaitFor;
  /** Tip in rao, paid to the block author for priority. */
  readonly tip?: bigint;
}

export interface ChainEvent {
  /** Pallet section as @polkadot/api names it (`subtensorModule`, `balances`, `system`). */
  readonly section: string;
  /** Event name (`NeuronRegistered`). */
  readonly method: string;
  /** The event's fields: integers as bigint, accounts as SS58 strings, bytes as 0x-hex. */
  readonly data: readonly unknown[];
}

export interface SubmitResult {
  /** Hash of the extrinsic. */
  readonly txHash: string;
  /** Block that holds it (undefined with waitFor 'none'). */
  readonly blockHash: string | undefined;
  /** This extrinsic's events (empty with waitFor 'none'). */
  readonly events: readonly ChainEvent[];
  /** Whether the block was already finalized when the submit resolved. */
  readonly finalized: boolean;
}

export type Extrinsic = SubmittableExtrinsic<'promise'>;
type CallBuilder = (...args: unknown[]) => Extrinsic;

/**
 * api.tx.<section>.<method>, looked up by name: the sections come from the metadata at run time,
 * so a runtime without the call gives a clear error instead of `undefined is not a function`.
 */
export function buildCall(
  api: ApiPromise,
  section: string,
  method: string,
  args: readonly unknown[],
): Extrinsic {
  const sections = api.tx as unknown as Record<string, Record<string, CallBuilder> | undefined>;
  const builder = sections[section]?.[method];
  if (builder === undefined)
    throw new ChainArgumentError('call', `the runtime has no call ${section}.${method}`);
  return builder(...args);
}

/** A codec's value as plain JS: integers → bigint, the rest through toPrimitive (accounts → SS58). */
export function plain(codec: Codec): unknown {
  const maybeInt = codec as Codec & { toBigInt?: () => bigint };
  const raw = codec.toRawType();
  if (typeof maybeInt.toBigInt === 'function' && /^(Compact<)?[ui]\d+>?$/.test(raw))
    return maybeInt.toBigInt();
  return codec.toPrimitive();
}

function eventsOf(result: ISubmittableResult): ChainEvent[] {
  return result.events.map(({ event }) => ({
    section: event.section,
    method: event.method,
    data: event.data.map((value) => plain(value)),
  }));
}

/** "1010: Invalid Transaction: Transaction is outdated" → code 1010 and the reason. */
function rejection(label: string, error: unknown): TransactionRejectedError {
  const message = error instanceof Error ? error.message : String(error);
  const match = /^(\d{4}): (.*)$/s.exec(message);
  if (match) return new TransactionRejectedError(label, match[2] as string, Number(match[1]), error);
  return new TransactionRejectedError(label, message, undefined, error);
}

function dispatchFailure(
  api: ApiPromise,
  label: string,
  result: ISubmittableResult,
  blockHash: string,
): ChainCallError | undefined {
  const failure = result.dispatchError;
  if (failure === undefined) return undefined;
  if (failure.isModule) {
    const meta = api.registry.findMetaError(failure.asModule);
    return new ChainCallError(label, {
      pallet: meta.section,
      error: meta.name,
      docs: meta.docs.join(' ').trim(),
      blockHash,
    });
  }
  // BadOrigin, CannotLookup, Token(...), Arithmetic(...): the variant (and its inner kind) is the name.
  const inner = (failure as unknown as { value?: Codec }).value;
  const detail = inner !== undefined && !inner.isEmpty ? `${failure.type}.${inner.toString()}` : failure.type;
  return new ChainCallError(label, { pallet: '', error: detail, docs: '', blockHash });
}

/**
 * Sign `call` with `signer` (next nonce from the node, counting the pool) and submit it. Resolves
 * as `waitFor` asks; rejects with TransactionRejectedError or ChainCallError.
 */
export async function submit(
  api: ApiPromise,
  call: Extrinsic,
  signer: ChainSigner,
  options: SubmitOptions = {},
): Promise<SubmitResult> {
  const label = `${call.method.section}.${call.method.method}`;
  const waitFor = options.waitFor ?? 'inBlock';
  const signOptions = {
    signer: polkadotSigner(api, signer),
    nonce: -1,
    ...(options.tip === undefined ? {} : { tip: options.tip }),
  };
  if (waitFor === 'none') {
    try {
      await call.signAsync(signer.address, signOptions);
      const hash = await api.rpc.author.submitExtrinsic(call);
      return { txHash: hash.toHex(), blockHash: undefined, events: [], finalized: false };
    } catch (error) {
      throw rejection(label, error);
    }
  }
  return new Promise<SubmitResult>((resolve, reject) => {
    let settled = false;
    let unsubscribe: (() => void) | undefined;
    const settle = (action: () => void): void => {
      if (settled) return;
      settled = true;
      unsubscribe?.();
      action();
    };
    const onStatus = (result: ISubmittableResult): void => {
      const status = result.status;
      if (status.isInvalid || status.isDropped || status.isUsurped) {
        settle(() => reject(new TransactionRejectedError(label, `transaction ${status.type}`, undefined)));
        return;
      }
      const reached = status.isFinalized || (waitFor === 'inBlock' && status.isInBlock);
      if (!reached) return;
      const blockHash = (status.isFinalized ? status.asFinalized : status.asInBlock).toHex();
      const failure = dispatchFailure(api, label, result, blockHash);
      settle(() =>
        failure
          ? reject(failure)
          : resolve({
              txHash: result.txHash.toHex(),
              blockHash,
              events: eventsOf(result),
              finalized: status.isFinalized,
            }),
      );
    };
    call
      .signAndSend(signer.address, signOptions, onStatus)
      .then((unsub) => {
        unsubscribe = unsub;
        if (settled) unsub();
      })
      .catch((error: unknown) => settle(() => reject(rejection(label, error))));
  });
}
