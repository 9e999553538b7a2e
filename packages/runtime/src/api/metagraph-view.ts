/**
 * One subnet's state as the metagraph-style runtime APIs read it, each part read at most once per
 * call and only when a requested field needs it: per-uid columns come from one prefix scan of
 * their storage item rather than a lookup per uid, and the hyperparameters from one pass of
 * listHyperparameters.
 */
import { I64F64, U96F32, toHex } from '@tao-ts/primitives';
import { ROOT_NETUID, U64_MAX } from '../pallets/subtensor/module.js';
import { stakeWeightOf } from '../pallets/subtensor/staking.js';
import { S } from '../pallets/subtensor/storage.js';
import type { AxonInfo } from '../pallets/subtensor/types.js';
import type { ReadableStorage } from '../storage/kv.js';
import type { AccountId } from '../types/substrate.js';
import { Hyperparams } from './hyperparams.js';

const ZERO_ACCOUNT: AccountId = new Uint8Array(32);

/** get_axon_info's answer for a hotkey that never served. */
const NO_AXON: AxonInfo = {
  block: 0n,
  version: 0,
  ip: 0n,
  port: 0,
  ip_type: 0,
  protocol: 0,
  placeholder1: 0,
  placeholder2: 0,
};

/** get_stake_weights_for_network: per uid, as I64F64 bits. */
export interface StakeWeights {
  readonly total: readonly bigint[];
  readonly alpha: readonly bigint[];
  readonly tao: readonly bigint[];
}

/** Memoises one computation on first use. */
function lazy<T>(compute: () => T): () => T {
  let done = false;
  let value: T | undefined;
  return () => {
    if (!done) {
      value = compute();
      done = true;
    }
    return value as T;
  };
}

export class MetagraphView {
  /** NetUidStorageIndex of the mechanism whose LastUpdate and Incentive rows are read. */
  readonly index: number;

  constructor(
    readonly storage: ReadableStorage,
    readonly netuid: number,
    /** The block the state belongs to (get_current_block_as_u64). */
    readonly block: bigint,
    index?: number,
  ) {
    this.index = index ?? netuid;
  }

  readonly n = lazy(() => S.SubnetworkN.get(this.storage, this.netuid));

  readonly hyper = lazy(() => Hyperparams.of(this.storage, this.netuid));

  /** Keys of uids 0..n-1 (the zero account where a uid has none) and which uids have one. */
  private readonly keys = lazy(() => {
    const n = this.n();
    const hotkeys = new Array<AccountId>(n).fill(ZERO_ACCOUNT);
    const present = new Array<boolean>(n).fill(false);
    for (const [[uid], hotkey] of S.Keys.entries(this.storage, this.netuid)) {
      const k = uid as number;
      if (k < n) {
        hotkeys[k] = hotkey;
        present[k] = true;
      }
    }
    return { hotkeys, present };
  });

  readonly hotkeys = (): AccountId[] => this.keys().hotkeys;

  readonly coldkeys = lazy(() => this.hotkeys().map((hotkey) => S.Owner.get(this.storage, hotkey)));

  readonly blockAtRegistration = lazy(() => {
    const blocks = new Array<bigint>(this.n()).fill(0n);
    for (const [[uid], block] of S.BlockAtRegistration.entries(this.storage, this.netuid)) {
      if ((uid as number) < blocks.length) blocks[uid as number] = block;
    }
    return blocks;
  });

  readonly axons = lazy(() => {
    const served = new Map<string, AxonInfo>();
    for (const [[hotkey], axon] of S.Axons.entries(this.storage, this.netuid)) {
      served.set(toHex(hotkey as AccountId), axon);
    }
    return this.hotkeys().map((hotkey) => served.get(toHex(hotkey)) ?? NO_AXON);
  });

  /** AlphaDividendsPerSubnet of each uid's hotkey (0 when absent). */
  readonly alphaDividends = lazy(() => {
    const paid = new Map<string, bigint>();
    for (const [[hotkey], alpha] of S.AlphaDividendsPerSubnet.entries(this.storage, this.netuid)) {
      paid.set(toHex(hotkey as AccountId), alpha);
    }
    return this.hotkeys().map((hotkey) => paid.get(toHex(hotkey)) ?? 0n);
  });

  /**
   * get_stake_weights_for_network: alpha (inherited) and root TAO per uid as I64F64, and
   * alpha + TAO × TaoWeight; uids without a key count zero.
   */
  readonly stakeWeights = lazy((): StakeWeights => {
    const taoWeight = I64F64.saturatingFromFixed(
      U96F32,
      U96F32.safeDiv(
        U96F32.saturatingFromInt(S.TaoWeight.get(this.storage)),
        U96F32.saturatingFromInt(U64_MAX),
      ),
    );
    const { hotkeys, present } = this.keys();
    const alpha: bigint[] = [];
    const tao: bigint[] = [];
    const total: bigint[] = [];
    hotkeys.forEach((hotkey, uid) => {
      const a = present[uid]
        ? I64F64.saturatingFromInt(stakeWeightOf(this.storage, hotkey, this.netuid))
        : 0n;
      const t = present[uid]
        ? I64F64.saturatingFromInt(stakeWeightOf(this.storage, hotkey, ROOT_NETUID))
        : 0n;
      alpha.push(a);
      tao.push(t);
      total.push(I64F64.saturatingAdd(a, I64F64.saturatingMul(t, taoWeight)));
    });
    return { total, alpha, tao };
  });

  readonly lastStep = lazy(() => S.LastMechansimStepBlock.get(this.storage, this.netuid));

  /** Blocks since the last coinbase-driven epoch, saturating at 0. */
  readonly blocksSinceLastStep = (): bigint => {
    const last = this.lastStep();
    return this.block > last ? this.block - last : 0n;
  };
}

/** fixed64_to_u64: floor, clamped to u64. */
export function fixed64ToU64(bits: bigint): bigint {
  return I64F64.saturatingToU64(bits);
}
