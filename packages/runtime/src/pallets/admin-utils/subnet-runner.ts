/**
 * The table-driven check of AdminUtils' per-subnet setters against subtensor's rules: who may
 * call (root, or also the subnet owner), whether the admin freeze window and the owner rate limit
 * apply, whether a missing subnet is refused, which values are refused with which error, and what
 * a success writes and announces.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { U64F64 } from '@tao-ts/primitives';
import type { RuntimeCallValue } from '../../frame/pallet.js';
import type { StorageItem } from '../../storage/items.js';
import type { MemoryStorage } from '../../storage/kv.js';
import { ALICE, BOB, events, freeze, freshChain, signedAs, sudo, thaw, type Chain } from './test-helpers.js';

export type Args = Record<string, unknown>;
export type Access = 'root' | 'owner' | 'owner-unlimited';

export interface Invalid {
  readonly args: Args;
  readonly error: string;
  /** Who tries (default root). */
  readonly as?: 'root' | 'owner';
  readonly netuid?: number;
  readonly setup?: (chain: Chain) => void;
}

export interface Case {
  readonly call: string;
  readonly access: Access;
  /** Blocks between an owner's changes (default: 2 tempos of 10 blocks). */
  readonly limitBlocks?: number;
  readonly window: boolean;
  /** Outcome of a root call on a subnet that does not exist. */
  readonly missing: string;
  readonly rootArgs: Args;
  readonly ownerArgs?: Args;
  readonly read: (storage: MemoryStorage, netuid: number) => unknown;
  readonly rootExpect: unknown;
  readonly ownerExpect?: unknown;
  /** 'Pallet.Event' deposited on success. */
  readonly event?: string;
  readonly invalid?: readonly Invalid[];
  readonly setup?: (chain: Chain) => void;
}

export const NETUID = 1;
export const MISSING = 42;
export const NOT_FOUND = 'AdminUtils.SubnetDoesNotExist';

/** A setter of one per-subnet storage value. */
export function simple<V>(
  call: string,
  arg: string,
  item: StorageItem<[number], V>,
  access: Access,
  values: { root: V; owner?: V },
  options: Omit<Case, 'call' | 'access' | 'rootArgs' | 'ownerArgs' | 'read' | 'rootExpect' | 'ownerExpect'>,
): Case {
  return {
    call,
    access,
    rootArgs: { [arg]: values.root },
    ...(values.owner !== undefined ? { ownerArgs: { [arg]: values.owner }, ownerExpect: values.owner } : {}),
    read: (storage, netuid) => item.get(storage, netuid),
    rootExpect: values.root,
    ...options,
  };
}

export const ok = { window: true, missing: NOT_FOUND } as const;
export const fx = (text: string): bigint => U64F64.fromDecimal(text);

export function callOf(chain: Chain, name: string, netuid: number, args: Args): RuntimeCallValue {
  return chain.call('AdminUtils', name, { netuid, ...args });
}

/** One test per setter, each on a fresh chain, checking every rule of its row. */
export function runSubnetCases(title: string, cases: readonly Case[]): void {
  void describe(title, () => {
    for (const c of cases) {
      void test(c.call, () => {
        const chain = freshChain();
        c.setup?.(chain);
        const read = (netuid = NETUID): unknown => c.read(chain.storage, netuid);
        const initial = read();
        const owner = c.access !== 'root';

        // Nobody but root (and, where allowed, the owner) gets through, and a refusal writes nothing.
        assert.equal(
          signedAs(chain, BOB, callOf(chain, c.call, NETUID, c.ownerArgs ?? c.rootArgs)),
          'BadOrigin',
        );
        if (!owner)
          assert.equal(signedAs(chain, ALICE, callOf(chain, c.call, NETUID, c.rootArgs)), 'BadOrigin');
        assert.deepEqual(read(), initial);

        // The freeze window stops root and owner alike, where it applies.
        freeze(chain, NETUID);
        if (c.window) {
          assert.equal(
            sudo(chain, callOf(chain, c.call, NETUID, c.rootArgs)).error,
            'SubtensorModule.AdminActionProhibitedDuringWeightsWindow',
          );
          if (owner) {
            const refused = signedAs(chain, ALICE, callOf(chain, c.call, NETUID, c.ownerArgs ?? c.rootArgs));
            assert.equal(refused, 'SubtensorModule.AdminActionProhibitedDuringWeightsWindow');
          }
          assert.deepEqual(read(), initial);
        }
        thaw(chain, NETUID);

        for (const bad of c.invalid ?? []) {
          bad.setup?.(chain);
          const netuid = bad.netuid ?? NETUID;
          const before = read(netuid);
          const inner = callOf(chain, c.call, netuid, bad.args);
          const error = bad.as === 'owner' ? signedAs(chain, ALICE, inner) : sudo(chain, inner).error;
          assert.equal(
            error,
            bad.error,
            `${JSON.stringify(bad.args, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}` : v))}`,
          );
          assert.deepEqual(read(netuid), before);
        }
        c.setup?.(chain);

        // Root sets the value (even inside a window for setters the window does not cover).
        if (!c.window) freeze(chain, NETUID);
        const done = sudo(chain, callOf(chain, c.call, NETUID, c.rootArgs));
        thaw(chain, NETUID);
        assert.equal(done.error, undefined);
        assert.deepEqual(read(), c.rootExpect);
        if (c.event !== undefined) assert.ok(events(done.result).includes(c.event), `${c.event} deposited`);

        if (owner) {
          const ownerArgs = c.ownerArgs ?? c.rootArgs;
          assert.equal(signedAs(chain, ALICE, callOf(chain, c.call, NETUID, ownerArgs)), undefined);
          assert.deepEqual(read(), c.ownerExpect ?? c.rootExpect);
          if (c.access === 'owner') {
            // Recorded at block b: refused until b + limit, and root is never limited.
            const limit = c.limitBlocks ?? 20;
            assert.equal(
              signedAs(chain, ALICE, callOf(chain, c.call, NETUID, ownerArgs)),
              'SubtensorModule.TxRateLimitExceeded',
            );
            assert.equal(sudo(chain, callOf(chain, c.call, NETUID, c.rootArgs)).error, undefined);
            chain.blocks(limit - 4);
            assert.equal(
              signedAs(chain, ALICE, callOf(chain, c.call, NETUID, ownerArgs)),
              'SubtensorModule.TxRateLimitExceeded',
            );
            assert.equal(signedAs(chain, ALICE, callOf(chain, c.call, NETUID, ownerArgs)), undefined);
          } else {
            assert.equal(signedAs(chain, ALICE, callOf(chain, c.call, NETUID, ownerArgs)), undefined);
          }
        }

        const missing = sudo(chain, callOf(chain, c.call, MISSING, c.rootArgs)).error;
        assert.equal(missing ?? 'ok', c.missing);
      });
    }
  });
}
