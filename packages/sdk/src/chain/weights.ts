/**
 * Weights: set_weights when the subnet allows it, else commit-reveal v2 — commit the blake2 hash
 * of (hotkey, netuid index, uids, values, salt, version key) now, reveal the values in exactly the
 * commit's reveal epoch (commit epoch + RevealPeriodEpochs, epochs counted by SubnetEpochIndex).
 */
import { randomInt } from 'node:crypto';
import type { Codec } from '@polkadot/types/types';
import { commitHashV2, decodeAddress, toHex } from '@tao-ts/primitives';
import { checkU16, type ChainClient } from './client.js';
import { ChainArgumentError, ChainCallError, ChainQueryError, OperationCancelledError } from './errors.js';
import type { ChainSigner } from './signer.js';
import type { SubmitOptions, SubmitResult } from './submit.js';

export interface WeightsOptions extends SubmitOptions {
  /** Defaults to the subnet's weights_version hyperparameter (the lowest the chain accepts). */
  readonly versionKey?: bigint;
  /** Salt for a commit (u16s); random 8 values by default. */
  readonly salt?: readonly number[];
}

export interface RevealOptions extends SubmitOptions {
  readonly signal?: AbortSignal;
  /** Give up after this long (default: no limit). */
  readonly timeoutMs?: number;
}

export interface PendingCommit {
  readonly netuid: number;
  readonly hotkey: string;
  readonly uids: readonly number[];
  readonly values: readonly number[];
  readonly salt: readonly number[];
  readonly versionKey: bigint;
  /** 0x-hex of the committed hash. */
  readonly hash: string;
  /** The epoch the chain recorded for the commit, and the one the reveal must land in. */
  readonly commitEpoch: bigint;
  readonly revealEpoch: bigint;
  readonly commit: SubmitResult;
}

export type WeightsOutcome =
  | { readonly mode: 'set'; readonly result: SubmitResult }
  | {
      readonly mode: 'commit-reveal';
      readonly commit: PendingCommit;
      /** Settles when the reveal is in (or failed); awaiting it is optional. */
      readonly revealed: Promise<SubmitResult>;
    };

const SALT_LENGTH = 8;

function checkWeights(uids: readonly number[], values: readonly number[]): void {
  if (uids.length !== values.length)
    throw new ChainArgumentError('values', `${values.length} values for ${uids.length} uids`);
  uids.forEach((uid, i) => checkU16(`uids[${i}]`, uid));
  values.forEach((value, i) => checkU16(`values[${i}]`, value));
}

async function defaultVersionKey(
  client: ChainClient,
  netuid: number,
  options: WeightsOptions,
): Promise<bigint> {
  if (options.versionKey !== undefined) return options.versionKey;
  return (await client.hyperparameters(netuid)).weightsVersion;
}

const toBig = (codec: Codec): bigint => BigInt((codec as Codec & { toBigInt(): bigint }).toBigInt());

export async function setWeights(
  client: ChainClient,
  hotkey: ChainSigner,
  netuid: number,
  uids: readonly number[],
  values: readonly number[],
  options: WeightsOptions = {},
): Promise<WeightsOutcome> {
  checkWeights(uids, values);
  const hyper = await client.hyperparameters(netuid);
  const versionKey = options.versionKey ?? hyper.weightsVersion;
  if (!hyper.commitRevealWeightsEnabled) {
    const result = await client.submit(
      hotkey,
      'subtensorModule',
      'setWeights',
      [netuid, [...uids], [...values], versionKey],
      options,
    );
    return { mode: 'set', result };
  }
  const commit = await commitWeights(client, hotkey, netuid, uids, values, { ...options, versionKey });
  const revealed = revealWhenDue(client, hotkey, commit, options);
  // The caller may never await the reveal; its failure must not become an unhandled rejection.
  revealed.catch(() => undefined);
  return { mode: 'commit-reveal', commit, revealed };
}

export async function commitWeights(
  client: ChainClient,
  hotkey: ChainSigner,
  netuid: number,
  uids: readonly number[],
  values: readonly number[],
  options: WeightsOptions = {},
): Promise<PendingCommit> {
  checkWeights(uids, values);
  const versionKey = await defaultVersionKey(client, netuid, options);
  const salt = options.salt ?? Array.from({ length: SALT_LENGTH }, () => randomInt(0, 65536));
  salt.forEach((s, i) => checkU16(`salt[${i}]`, s));
  const hotkeyBytes = decodeAddress(hotkey.address, 'hotkey');
  // Mechanism 0: the netuid index is the netuid itself.
  const { hash } = commitHashV2({ hotkey: hotkeyBytes, netuidIndex: netuid, uids, values, salt, versionKey });
  const hashHex = toHex(hash);
  const commit = await client.submit(hotkey, 'subtensorModule', 'commitWeights', [netuid, hashHex], {
    ...options,
    waitFor: options.waitFor === 'finalized' ? 'finalized' : 'inBlock',
  });
  const [queue, period] = await Promise.all([
    client.query('subtensorModule', 'weightCommits')(netuid, hotkey.address),
    client.query('subtensorModule', 'revealPeriodEpochs')(netuid),
  ]);
  const entries =
    (
      ((queue as Codec & { unwrapOr?: (d: null) => Codec | null }).unwrapOr?.(null) ?? queue) as Codec & {
        toArray?: () => Codec[];
      }
    ).toArray?.() ?? [];
  const mine = entries.find((entry) => toHex((entry as Codec & { [0]: Codec })[0].toU8a()) === hashHex) as
    (Codec & { [1]: Codec }) | undefined;
  if (mine === undefined)
    throw new ChainQueryError('weightCommits', `commit ${hashHex} not found after inclusion`);
  const commitEpoch = toBig(mine[1]);
  return {
    netuid,
    hotkey: hotkey.address,
    uids: [...uids],
    values: [...values],
    salt: [...salt],
    versionKey,
    hash: hashHex,
    commitEpoch,
    revealEpoch: commitEpoch + toBig(period),
    commit,
  };
}

/** Resolves once the subnet's epoch index reaches `epoch` (checked at every new head). */
function waitForEpoch(
  client: ChainClient,
  netuid: number,
  epoch: bigint,
  options: RevealOptions,
): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let checking = false;
    let done = false;
    const timer =
      options.timeoutMs === undefined
        ? undefined
        : setTimeout(
            () =>
              finish(new ChainQueryError('reveal', `epoch ${epoch} not reached in ${options.timeoutMs} ms`)),
            options.timeoutMs,
          );
    const onAbort = (): void => finish(new OperationCancelledError('weights reveal'));
    const finish = (error?: Error): void => {
      if (done) return;
      done = true;
      stop();
      if (timer !== undefined) clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      if (error) reject(error);
      else resolve();
    };
    const check = (): void => {
      if (checking || done) return;
      checking = true;
      client
        .query(
          'subtensorModule',
          'subnetEpochIndex',
        )(netuid)
        .then((index) => {
          checking = false;
          if (toBig(index) >= epoch) finish();
        })
        .catch((error: unknown) => finish(error instanceof Error ? error : new Error(String(error))));
    };
    const stop = client.onNewHead(check);
    options.signal?.addEventListener('abort', onAbort, { once: true });
    if (options.signal?.aborted) onAbort();
    check();
  });
}

export async function revealWhenDue(
  client: ChainClient,
  hotkey: ChainSigner,
  commit: PendingCommit,
  options: RevealOptions = {},
): Promise<SubmitResult> {
  for (;;) {
    await waitForEpoch(client, commit.netuid, commit.revealEpoch, options);
    try {
      return await client.submit(
        hotkey,
        'subtensorModule',
        'revealWeights',
        [commit.netuid, [...commit.uids], [...commit.values], [...commit.salt], commit.versionKey],
        options,
      );
    } catch (error) {
      // The epoch may turn between our read and the reveal's block: try again at the next head.
      if (!(error instanceof ChainCallError && error.error === 'RevealTooEarly')) throw error;
      await new Promise<void>((resolve) => {
        const stop = client.onNewHead(() => {
          stop();
          resolve();
        });
      });
    }
  }
}
