/**
 * Neuron registration: burned_register (the coldkey pays the current burn) and the proof-of-work
 * `register` (signed by the hotkey, no TAO), with the seal solved on worker threads over one of
 * the chain's last blocks and re-solved on a fresher block when the chain moves past it.
 */
import { decodeAddress, toHex } from '@tao-ts/primitives';
import type { ChainClient } from './client.js';
import {
  ChainCallError,
  ChainQueryError,
  OperationCancelledError,
  TransactionRejectedError,
} from './errors.js';
import { PowSolver, type PowProgress } from './pow-solver.js';
import type { ChainSigner } from './signer.js';
import type { SubmitOptions, SubmitResult } from './submit.js';

export interface PowRegisterOptions extends SubmitOptions {
  /** The coldkey that will own the hotkey (default: the hotkey's own address). */
  readonly coldkey?: string;
  /** Worker threads (default: the machine's parallelism); ignored when `solver` is given. */
  readonly threads?: number;
  /** A solver to reuse (its threads stay up); otherwise one is made and closed here. */
  readonly solver?: PowSolver;
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: PowProgress) => void;
  /** Solve-and-submit rounds before giving up on stale work (default 5). */
  readonly maxAttempts?: number;
}

/**
 * Work on block b is accepted while the including block is < b + 3: once the best block is b + 2
 * the next block would already be too late, so the solver moves on to a fresh block.
 */
const STALE_AFTER = 2;

/** Errors that mean "the work got old or was spent on the way", worth a fresh attempt. */
const RETRY_ERRORS = new Set(['InvalidWorkBlock', 'InvalidSeal']);

function registeredUid(result: SubmitResult, call: string): number {
  const event = result.events.find((e) => e.section === 'subtensorModule' && e.method === 'NeuronRegistered');
  if (event === undefined) throw new ChainQueryError(call, 'included without a NeuronRegistered event');
  return Number(event.data[1]);
}

export async function burnedRegister(
  client: ChainClient,
  coldkey: ChainSigner,
  netuid: number,
  hotkey: string,
  options: SubmitOptions = {},
): Promise<{ uid: number; result: SubmitResult }> {
  const result = await client.submit(coldkey, 'subtensorModule', 'burnedRegister', [netuid, hotkey], options);
  const uid = options.waitFor === 'none' ? -1 : registeredUid(result, 'burnedRegister');
  return { uid, result };
}

export async function powRegister(
  client: ChainClient,
  hotkey: ChainSigner,
  netuid: number,
  options: PowRegisterOptions = {},
): Promise<{ uid: number; result: SubmitResult }> {
  const solver =
    options.solver ?? new PowSolver(options.threads === undefined ? {} : { threads: options.threads });
  const hotkeyBytes = decodeAddress(hotkey.address, 'hotkey');
  const coldkey = options.coldkey ?? hotkey.address;
  const attempts = options.maxAttempts ?? 5;
  const submitOptions: SubmitOptions = { waitFor: options.waitFor ?? 'inBlock' };
  try {
    for (let attempt = 1; ; attempt++) {
      if (options.signal?.aborted) throw new OperationCancelledError('proof of work');
      const header = await client.api.rpc.chain.getHeader();
      const blockNumber = header.number.toNumber();
      const [blockHash, difficulty] = await Promise.all([
        client.blockHash(blockNumber),
        client.difficulty(netuid),
      ]);
      const stale = new AbortController();
      const stopWatching = client.onNewHead((head) => {
        if (head.number - blockNumber >= STALE_AFTER) stale.abort();
      });
      const onUserAbort = (): void => stale.abort();
      options.signal?.addEventListener('abort', onUserAbort, { once: true });
      let solution;
      try {
        solution = await solver.solve(
          { blockNumber, blockHash, hotkey: hotkeyBytes, difficulty },
          { signal: stale.signal, ...(options.onProgress ? { onProgress: options.onProgress } : {}) },
        );
      } catch (error) {
        if (error instanceof OperationCancelledError && !options.signal?.aborted && attempt < attempts)
          continue;
        throw error;
      } finally {
        stopWatching();
        options.signal?.removeEventListener('abort', onUserAbort);
      }
      try {
        const result = await client.submit(
          hotkey,
          'subtensorModule',
          'register',
          [netuid, blockNumber, solution.nonce, toHex(solution.seal), hotkey.address, coldkey],
          submitOptions,
        );
        return { uid: submitOptions.waitFor === 'none' ? -1 : registeredUid(result, 'register'), result };
      } catch (error) {
        const retry =
          (error instanceof ChainCallError && RETRY_ERRORS.has(error.error)) ||
          (error instanceof TransactionRejectedError && /outdated|stale|ancient/i.test(error.reason));
        if (!retry || attempt >= attempts) throw error;
      }
    }
  } finally {
    if (options.solver === undefined) await solver.close();
  }
}
