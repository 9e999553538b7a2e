/**
 * What the chain-facing commands share: opening a client on the configured network (and always closing
 * it), opening the configured wallet with the CLI's password prompt, spinners around submissions, and
 * turning the SDK's chain failures into errors the framework explains by name.
 *
 * The SDK is only imported lazily (inside functions) or as types, so command modules that import this
 * helper stay light for `tao --help`.
 */
import { createConnection } from 'node:net';
import type { ChainClient, SubmitResult, Wallet } from '@tao-ts/sdk';
import { CliError, NodeUnreachableError } from '../errors.js';
import type { CommandContext } from '../framework/context.js';

/**
 * A dispatch failure as the framework's error renderer understands it: `errorName` selects the row of
 * CHAIN_ERRORS. The SDK's ChainCallError names the variant `error`, which the renderer does not read.
 */
export class ChainFailureError extends CliError {
  readonly errorName: string;
  readonly pallet: string | undefined;
  readonly docs: string;

  constructor(call: string, errorName: string, pallet: string | undefined, docs: string, cause?: unknown) {
    super('CHAIN_CALL_FAILED', `${call} failed: ${errorName}${docs === '' ? '' : ` (${docs})`}`, {
      field: call,
      ...(cause === undefined ? {} : { cause }),
    });
    this.errorName = errorName;
    this.pallet = pallet;
    this.docs = docs;
  }
}

interface SdkChainCallError {
  readonly code: 'CHAIN_CALL_FAILED';
  readonly message: string;
  readonly field?: string;
  readonly pallet: string;
  readonly error: string;
  readonly docs: string;
}

function isSdkChainCallError(error: unknown): error is SdkChainCallError {
  const e = error as Partial<SdkChainCallError> | null;
  return (
    typeof e === 'object' &&
    e !== null &&
    e.code === 'CHAIN_CALL_FAILED' &&
    typeof e.error === 'string' &&
    !(error instanceof ChainFailureError)
  );
}

/** Maps SDK failures onto CLI errors; anything else passes through unchanged. */
export function cliChainError(error: unknown): unknown {
  if (isSdkChainCallError(error)) {
    // Non-module errors arrive as 'Token.FundsUnavailable' / 'BadOrigin': the last part is the name.
    const name = error.error.split('.').pop() ?? error.error;
    return new ChainFailureError(
      error.field ?? 'call',
      name,
      error.pallet === '' ? undefined : error.pallet,
      error.docs,
      error,
    );
  }
  const coded = error as { code?: unknown; reason?: unknown; message?: unknown } | null;
  if (coded !== null && typeof coded === 'object' && coded.code === 'KEYFILE_NOT_FOUND') {
    return new CliError('KEYFILE_NOT_FOUND', String(coded.message), {
      field: '--wallet.name',
      hint: "create it with 'tao wallet create', or choose another with --wallet.name / --wallet.hotkey / --wallet.path",
      cause: error,
    });
  }
  if (coded !== null && typeof coded === 'object' && coded.code === 'TX_REJECTED') {
    const reason = typeof coded.reason === 'string' ? coded.reason : String(coded.message);
    return new CliError('TX_REJECTED', `the node refused the transaction: ${reason}`, {
      hint: /signing address/i.test(reason)
        ? 'this call needs the sudo key (//Alice on a dev chain): choose that wallet with --wallet.name'
        : /pay some fees|balance/i.test(reason)
          ? "the coldkey cannot pay the fee: check 'tao wallet balance' and fund it"
          : 'check the arguments and the account, then retry',
      cause: error,
    });
  }
  return error;
}

/**
 * Resolves once something accepts TCP connections at the URL's host and port. The WebSocket provider
 * would keep retrying a refused port until its timeout; this fails at once instead.
 */
export function probe(url: string, timeoutMs: number): Promise<void> {
  const parsed = new URL(url);
  const port = parsed.port !== '' ? Number(parsed.port) : parsed.protocol === 'wss:' ? 443 : 80;
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  return new Promise((resolve, reject) => {
    const socket = createConnection({ host, port });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.destroy();
      resolve();
    });
    socket.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

/** Connects to the configured network, runs `fn`, and always disconnects. */
export async function withClient<T>(
  ctx: CommandContext,
  fn: (client: ChainClient) => Promise<T>,
): Promise<T> {
  const { ChainClient } = await import('@tao-ts/sdk');
  const url = ctx.globals.network.url;
  let client: ChainClient;
  try {
    await probe(url, 5_000);
    client = await ChainClient.connect(url, { timeoutMs: 10_000 });
  } catch (error) {
    throw new NodeUnreachableError(url, error);
  }
  try {
    return await fn(client);
  } catch (error) {
    throw cliChainError(error);
  } finally {
    await client.disconnect().catch(() => undefined);
  }
}

/** The wallet chosen by --wallet.name / --wallet.hotkey / --wallet.path, prompting for passwords. */
export async function openWallet(ctx: CommandContext, hotkey?: string): Promise<Wallet> {
  const { Wallet } = await import('@tao-ts/sdk');
  const w = ctx.globals.wallet;
  return new Wallet({
    name: w.name,
    hotkey: hotkey ?? w.hotkey,
    path: w.path,
    env: ctx.io.env,
    prompt: (question) => ctx.prompt.password(question.replace(/:\s*$/, '')),
  });
}

/** The hotkey's address from its public file (no unlock), falling back to the keyfile itself. */
export async function hotkeyAddress(wallet: Wallet): Promise<string> {
  try {
    return (await wallet.hotkeypub()).address;
  } catch {
    try {
      return (await wallet.hotkey()).address;
    } catch (error) {
      throw cliChainError(error);
    }
  }
}

/** The coldkey's address from coldkeypub.txt (no password needed). */
export async function coldkeyAddress(wallet: Wallet): Promise<string> {
  try {
    return (await wallet.coldkeypub()).address;
  } catch (error) {
    throw cliChainError(error);
  }
}

/** Runs a submission under a spinner ('Waiting for inclusion…'), marking it done or failed. */
export async function submitting<T>(ctx: CommandContext, text: string, fn: () => Promise<T>): Promise<T> {
  const spinner = await ctx.out.spinner(text);
  try {
    const value = await fn();
    spinner.succeed();
    return value;
  } catch (error) {
    spinner.fail();
    throw error;
  }
}

/** A chain event's field as bigint (events decode integers as bigint, but be lenient). */
export function eventBig(value: unknown): bigint {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number') return BigInt(value);
  if (typeof value === 'string' && /^\d+$/.test(value.replace(/,/g, '')))
    return BigInt(value.replace(/,/g, ''));
  return 0n;
}

/** The first event `section.method` in a result, if any. */
export function findEvent(
  result: SubmitResult,
  section: string,
  method: string,
): SubmitResult['events'][number] | undefined {
  return result.events.find((e) => e.section === section && e.method === method);
}

/** Percent with up to 2 decimals, no trailing zeros: 0.18 → '18', 0.1234 → '12.34'. */
export function percent(fraction: number): string {
  return `${Number((fraction * 100).toFixed(2))}`;
}
