/**
 * Talking to the chain from a wallet command: connect to the endpoint in `--network` (failing fast and
 * naming the URL when nothing listens there), always disconnect (an open socket would keep the process
 * alive), and present the SDK's chain failures the way the CLI's error renderer explains them (it keys
 * its table on `errorName`; the SDK's ChainCallError calls that field `error`).
 */
import { CliError, NodeUnreachableError } from '../../errors.js';
import type { CommandContext } from '../../framework/context.js';
import { probe } from '../_chain.js';
import type { ChainClient } from '@tao-ts/sdk';

/** A dispatch failure in the shape `render-error` understands (pallet error by name). */
export class ChainCallFailure extends CliError {
  readonly errorName: string;
  readonly pallet: string | undefined;
  readonly docs: string;
  constructor(errorName: string, pallet: string, docs: string, message: string, cause: unknown) {
    super('CHAIN_CALL_FAILED', message, { cause });
    this.errorName = errorName;
    this.pallet = pallet === '' ? undefined : pallet;
    this.docs = docs;
  }
}

/** Maps the SDK's chain errors onto the CLI's vocabulary; other errors pass through. */
export function chainError(error: unknown, url: string): unknown {
  const code = (error as { code?: unknown }).code;
  if (code === 'CHAIN_CONNECTION_FAILED') return new NodeUnreachableError(url, error);
  if (code === 'CHAIN_CALL_FAILED' && !(error instanceof ChainCallFailure)) {
    const e = error as { error?: unknown; pallet?: unknown; docs?: unknown; message: string };
    if (typeof e.error === 'string' && e.error !== '') {
      // DispatchError variants such as 'Token.FundsUnavailable' are named by their inner kind.
      const name = e.error.includes('.') ? (e.error.split('.').pop() ?? e.error) : e.error;
      return new ChainCallFailure(
        name,
        typeof e.pallet === 'string' ? e.pallet : '',
        typeof e.docs === 'string' ? e.docs : '',
        e.message,
        error,
      );
    }
  }
  if (code === 'TX_REJECTED') {
    const raw = (error as { reason?: unknown }).reason;
    const reason = typeof raw === 'string' ? raw : '';
    if (/pay some fees|inability to pay/i.test(reason)) {
      return new CliError('TX_REJECTED', (error as Error).message, {
        hint: "the account cannot pay the fee: check it with 'tao wallet balance' and fund it",
        cause: error,
      });
    }
  }
  return error;
}

/**
 * Connects to the network in the settings, runs `work`, and disconnects. A refused or silent endpoint
 * fails within seconds naming its URL, instead of waiting out the client's reconnect loop.
 */
export async function withChain<T>(
  ctx: CommandContext,
  work: (client: ChainClient) => Promise<T>,
): Promise<T> {
  const url = ctx.globals.network.url;
  try {
    await probe(url, 5_000);
  } catch (error) {
    throw new NodeUnreachableError(url, error);
  }
  const { ChainClient } = await import('@tao-ts/sdk');
  let client: ChainClient;
  try {
    client = await ChainClient.connect(url, { timeoutMs: 15_000 });
  } catch (error) {
    throw chainError(error, url);
  }
  try {
    return await work(client);
  } catch (error) {
    throw chainError(error, url);
  } finally {
    await client.disconnect().catch(() => undefined);
  }
}

/** Free balance and total stake (alpha summed over subnets) of a coldkey; stake is undefined when the runtime lacks the API. */
export async function accountBalance(
  client: ChainClient,
  address: string,
): Promise<{ free: bigint; staked: bigint | undefined }> {
  const free = await client.balance(address);
  let staked: bigint | undefined;
  try {
    const infos = await client.runtimeApi('stakeInfoRuntimeApi', 'getStakeInfoForColdkey')(address);
    const list = infos.toJSON() as { stake?: number | string }[] | null;
    staked = (list ?? []).reduce((sum, info) => sum + BigInt(info.stake ?? 0), 0n);
  } catch {
    staked = undefined;
  }
  return { free, staked };
}
