/**
 * The vocabulary of the runtime's random call sequences (call-generator.ts makes them): who takes
 * part, by index, the actions they send as plain data (so fast-check can shrink and print
 * them), and how an action becomes a signed extrinsic for a runtime.
 */
import type { RuntimeCallValue } from '../frame/pallet.js';
import type { Runtime } from '../frame/runtime.js';
import { devAccount } from '../genesis.js';
import { commitHash } from '../pallets/subtensor/commit-reveal.js';
import type { AccountId } from '../types/substrate.js';
import type { TestExtrinsic } from './chain.js';

/** A key that belongs to no dev account: hotkeys never pay fees, so they need no funds. */
function byteKey(n: number): AccountId {
  const out = new Uint8Array(32);
  out[0] = 0xbb;
  out[31] = n;
  return out;
}

/**
 * Everyone in a sequence, by index: 0–3 the funded coldkeys (0 = Alice: sudo key, block author
 * and owner of subnet 1, whose uid 0 is her own key), 4–7 hotkeys, 8 an account nobody funds.
 */
export const ACCOUNTS: readonly AccountId[] = [
  ...['Alice', 'Bob', 'Charlie', 'Dave'].map(devAccount),
  ...[1, 2, 3, 4].map(byteKey),
  byteKey(99),
];
export const ALICE = 0;
export const STRANGER = 8;

export const account = (index: number): AccountId => ACCOUNTS[index] as AccountId;

/** Weight rows a validator commits and later reveals (uids, values, salt), shared so they can match. */
export const PAYLOADS: readonly (readonly [number[], number[], number[]])[] = [
  [[0], [65_535], [1, 2, 3]],
  [[0, 1], [100, 200], [7]],
  [
    [1, 2],
    [1, 65_535],
    [9, 9],
  ],
];

/** A root call (under Sudo.sudo) or an owner's AdminUtils call: a setter and its value. */
export type AdminCall =
  | {
      readonly kind: 'admin';
      readonly name: string;
      readonly netuid: number | undefined;
      readonly value: Value;
    }
  | {
      readonly kind: 'force_transfer';
      readonly source: number;
      readonly dest: number;
      readonly value: bigint;
    }
  | { readonly kind: 'force_set_balance'; readonly who: number; readonly value: bigint };

export type Value = number | bigint | boolean;

export type Action =
  | { kind: 'transfer'; signer: number; dest: number; value: bigint; keepAlive: boolean }
  | { kind: 'transfer_all'; signer: number; dest: number; keepAlive: boolean }
  | { kind: 'burned_register'; signer: number; netuid: number; hotkey: number }
  | { kind: 'register_network'; signer: number; hotkey: number }
  | { kind: 'add_stake'; signer: number; hotkey: number; netuid: number; amount: bigint }
  | { kind: 'remove_stake'; signer: number; hotkey: number; netuid: number; amount: bigint }
  | {
      kind: 'remove_stake_full_limit';
      signer: number;
      hotkey: number;
      netuid: number;
      limitPrice: bigint | undefined;
    }
  | {
      kind: 'set_weights';
      signer: number;
      netuid: number;
      dests: number[];
      weights: number[];
      version: bigint;
    }
  | { kind: 'commit_weights'; signer: number; netuid: number; payload: number }
  | { kind: 'reveal_weights'; signer: number; netuid: number; payload: number }
  | { kind: 'serve_axon'; signer: number; netuid: number; ip: bigint; port: number; ipType: number }
  | { kind: 'take'; signer: number; hotkey: number; take: number; increase: boolean }
  | { kind: 'start_call'; signer: number; netuid: number }
  | { kind: 'sudo'; signer: number; inner: AdminCall }
  | { kind: 'owner_set'; signer: number; inner: AdminCall };

export interface Xt {
  readonly action: Action;
  readonly tip: bigint;
  /** Added to the right nonce by drivers that test nonce rules (0 = the right nonce). */
  readonly nonceSkew: number;
}

/**
 * One block with extrinsics, a run of empty blocks (epochs, burn decay, emission), or a
 * validator's commit followed `wait` empty blocks later by the matching reveal.
 */
export type Step =
  | { readonly kind: 'block'; readonly xts: readonly Xt[] }
  | { readonly kind: 'idle'; readonly blocks: number }
  | {
      readonly kind: 'commit_reveal';
      readonly signer: number;
      readonly netuid: number;
      readonly payload: number;
      readonly wait: number;
    };

/** An extrinsic with the right nonce and no tip. */
export const xt = (action: Action): Xt => ({ action, tip: 0n, nonceSkew: 0 });

// ---- extrinsics ---------------------------------------------------------------------------------

const id = (index: number): { tag: 'Id'; value: AccountId } => ({ tag: 'Id', value: account(index) });

/** The arguments of a setter: its one value argument named as the call declares it. */
function adminArgs(runtime: Runtime, call: AdminCall & { kind: 'admin' }): Record<string, unknown> {
  const def = runtime.pallet('AdminUtils').callNamed(call.name);
  if (def === undefined) throw new Error(`AdminUtils has no call ${call.name}`);
  const valueArg = def.args[def.args.length - 1]?.[0] as string;
  return call.netuid === undefined
    ? { [valueArg]: call.value }
    : { netuid: call.netuid, [valueArg]: call.value };
}

function adminCall(runtime: Runtime, call: AdminCall): RuntimeCallValue {
  switch (call.kind) {
    case 'admin':
      return runtime.pallet('AdminUtils').call(call.name, adminArgs(runtime, call));
    case 'force_transfer':
      return runtime
        .pallet('Balances')
        .call('force_transfer', { source: id(call.source), dest: id(call.dest), value: call.value });
    case 'force_set_balance':
      return runtime
        .pallet('Balances')
        .call('force_set_balance', { who: id(call.who), new_free: call.value });
  }
}

function subtensorCall(runtime: Runtime, action: Action): RuntimeCallValue {
  const st = (name: string, args: object): RuntimeCallValue =>
    runtime.pallet('SubtensorModule').call(name, args);
  switch (action.kind) {
    case 'transfer':
      return runtime
        .pallet('Balances')
        .call(action.keepAlive ? 'transfer_keep_alive' : 'transfer_allow_death', {
          dest: id(action.dest),
          value: action.value,
        });
    case 'transfer_all':
      return runtime
        .pallet('Balances')
        .call('transfer_all', { dest: id(action.dest), keep_alive: action.keepAlive });
    case 'burned_register':
      return st('burned_register', { netuid: action.netuid, hotkey: account(action.hotkey) });
    case 'register_network':
      return st('register_network', { hotkey: account(action.hotkey) });
    case 'add_stake':
      return st('add_stake', {
        hotkey: account(action.hotkey),
        netuid: action.netuid,
        amount_staked: action.amount,
      });
    case 'remove_stake':
      return st('remove_stake', {
        hotkey: account(action.hotkey),
        netuid: action.netuid,
        amount_unstaked: action.amount,
      });
    case 'remove_stake_full_limit':
      return st('remove_stake_full_limit', {
        hotkey: account(action.hotkey),
        netuid: action.netuid,
        limit_price: action.limitPrice,
      });
    case 'set_weights':
      return st('set_weights', {
        netuid: action.netuid,
        dests: action.dests,
        weights: action.weights,
        version_key: action.version,
      });
    case 'commit_weights': {
      const [uids, values, salt] = PAYLOADS[action.payload] as (typeof PAYLOADS)[number];
      const hash = commitHash(account(action.signer), action.netuid, uids, values, salt, 0n);
      return st('commit_weights', { netuid: action.netuid, commit_hash: hash });
    }
    case 'reveal_weights': {
      const [uids, values, salt] = PAYLOADS[action.payload] as (typeof PAYLOADS)[number];
      return st('reveal_weights', { netuid: action.netuid, uids, values, salt, version_key: 0n });
    }
    case 'serve_axon':
      return st('serve_axon', {
        netuid: action.netuid,
        version: 1,
        ip: action.ip,
        port: action.port,
        ip_type: action.ipType,
        protocol: 0,
        placeholder1: 0,
        placeholder2: 0,
      });
    case 'take':
      return st(action.increase ? 'increase_take' : 'decrease_take', {
        hotkey: account(action.hotkey),
        take: action.take,
      });
    case 'start_call':
      return st('start_call', { netuid: action.netuid });
    case 'sudo':
      return runtime.pallet('Sudo').call('sudo', { call: adminCall(runtime, action.inner) });
    case 'owner_set':
      return adminCall(runtime, action.inner);
  }
}

export interface GeneratedExtrinsic extends TestExtrinsic {
  readonly signer: AccountId;
  readonly nonceSkew: number;
}

export function toExtrinsic(runtime: Runtime, x: Xt): GeneratedExtrinsic {
  return {
    signer: account(x.action.signer),
    call: subtensorCall(runtime, x.action),
    tip: x.tip,
    nonceSkew: x.nonceSkew,
  };
}

/** The sequence as blocks: idle steps expand to empty blocks, commit-reveal steps to their three parts. */
export function* blocksOf(steps: readonly Step[]): Iterable<readonly Xt[]> {
  for (const step of steps) {
    if (step.kind === 'block') {
      yield step.xts;
    } else if (step.kind === 'idle') {
      for (let i = 0; i < step.blocks; i++) yield [];
    } else {
      const { signer, netuid, payload } = step;
      yield [xt({ kind: 'commit_weights', signer, netuid, payload })];
      for (let i = 0; i < step.wait; i++) yield [];
      yield [xt({ kind: 'reveal_weights', signer, netuid, payload })];
    }
  }
}
