/**
 * One builder for AdminUtils' per-subnet setters: they differ only in which of subtensor's guards
 * they run (and in which order), their validation and what they write, so each is a table row.
 */
import { ensureRoot } from '../../frame/dispatch.js';
import { call, type AnyCallDef, type Context } from '../../frame/pallet.js';
import type { AccountId, DispatchClass, Pays } from '../../types/substrate.js';
import type { StorageItem } from '../../storage/items.js';
import { bool, u16, u64, type Type } from '../../types/type.js';
import { emit } from '../subtensor/module.js';
import { NetUid, TaoBalance } from '../subtensor/types.js';
import { adminEnsure } from './defs.js';
import {
  ensureAdminWindowOpen,
  ensureOwnerOrRootWithLimits,
  recordOwnerRateLimit,
  type OwnerLimit,
} from '../subtensor/owner-guards.js';
import { subnetExists } from '../subtensor/subnets.js';

/** Subtensor's RocksDbWeight: what one storage read and one write add to a call's weight. */
const DB_READ = 25_000_000n;
const DB_WRITE = 100_000_000n;

/** A benchmarked weight: reference time (ps) plus its database accesses. */
export function weightOf(refTime: bigint, reads: number, writes: number): bigint {
  return refTime + BigInt(reads) * DB_READ + BigInt(writes) * DB_WRITE;
}

/** Who may call: root only, or the subnet owner or root (rate-limited for the owner or not). */
export type Access = 'root' | 'owner' | 'owner-unlimited';

/** A validation step; `owner` is undefined when root called. */
export type Check<V> = (ctx: Context, netuid: number, value: V, owner: AccountId | undefined) => void;

export interface SubnetSetter<V> {
  readonly name: string;
  readonly index: number;
  readonly arg: string;
  readonly type: Type<V>;
  readonly rustType: string;
  readonly docs: string;
  readonly weight: bigint;
  readonly access: Access;
  /** The owner rate limit the call is counted under (access 'owner'). */
  readonly limit?: OwnerLimit;
  /** Whether the admin freeze window applies. */
  readonly window: boolean;
  /** Whether a missing subnet is refused (SubnetDoesNotExist); some setters write regardless. */
  readonly exists: boolean;
  /** Refused on the root network (NotPermittedOnRootSubnet). */
  readonly notRoot?: boolean;
  /** Validation subtensor runs before the existence check. */
  readonly precheck?: Check<V>;
  readonly check?: Check<V>;
  readonly apply: (ctx: Context, netuid: number, value: V) => void;
  readonly dispatchClass?: DispatchClass;
  readonly pays?: Pays;
}

/**
 * The guards in subtensor's order: origin (and owner rate limit), freeze window, early
 * validation, subnet existence, root-network refusal, validation; the write; then the owner's
 * rate-limit record. Every check precedes every write, so a refused call leaves no trace even
 * where the caller (Sudo) does not roll back.
 */
export function subnetSetter<V>(spec: SubnetSetter<V>): AnyCallDef {
  const limits: readonly OwnerLimit[] = spec.limit === undefined ? [] : [spec.limit];
  return call<Record<string, unknown>>({
    name: spec.name,
    index: spec.index,
    args: [
      ['netuid', NetUid, 'NetUid'],
      [spec.arg, spec.type, spec.rustType],
    ],
    docs: [spec.docs],
    weight: () => spec.weight,
    ...(spec.pays !== undefined ? { pays: spec.pays } : {}),
    ...(spec.dispatchClass !== undefined ? { dispatchClass: spec.dispatchClass } : {}),
    dispatch: (ctx, origin, args) => {
      const netuid = args['netuid'] as number;
      const value = args[spec.arg] as V;
      let owner: AccountId | undefined;
      if (spec.access === 'root') ensureRoot(origin);
      else owner = ensureOwnerOrRootWithLimits(ctx, origin, netuid, spec.access === 'owner' ? limits : []);
      if (spec.window) ensureAdminWindowOpen(ctx, netuid);
      spec.precheck?.(ctx, netuid, value, owner);
      if (spec.exists) adminEnsure(subnetExists(ctx.storage, netuid), 'SubnetDoesNotExist');
      if (spec.notRoot) adminEnsure(netuid !== 0, 'NotPermittedOnRootSubnet');
      spec.check?.(ctx, netuid, value, owner);
      spec.apply(ctx, netuid, value);
      if (spec.access === 'owner') recordOwnerRateLimit(ctx, owner, netuid, limits);
    },
  });
}

export interface GlobalSetter<V> {
  readonly name: string;
  readonly index: number;
  readonly arg: string;
  readonly type: Type<V>;
  readonly rustType: string;
  readonly docs: string;
  readonly weight: bigint;
  readonly check?: (ctx: Context, value: V) => void;
  readonly apply: (ctx: Context, value: V) => void;
}

/** A root-only setter of a chain-wide parameter. */
export function globalSetter<V>(spec: GlobalSetter<V>): AnyCallDef {
  return call<Record<string, unknown>>({
    name: spec.name,
    index: spec.index,
    args: [[spec.arg, spec.type, spec.rustType]],
    docs: [spec.docs],
    weight: () => spec.weight,
    dispatch: (ctx, origin, args) => {
      ensureRoot(origin);
      const value = args[spec.arg] as V;
      spec.check?.(ctx, value);
      spec.apply(ctx, value);
    },
  });
}

export type Row<V> = Omit<SubnetSetter<V>, 'docs'> & { readonly docs?: string };
type TypedRow<V> = Omit<Row<V>, 'type' | 'rustType'>;

/** A row with a default doc line naming the value it sets. */
export function row<V>(spec: Row<V>): AnyCallDef {
  return subnetSetter<V>({ docs: `Set ${spec.arg} of a subnet.`, ...spec });
}

export const u16Row = (spec: TypedRow<number>): AnyCallDef =>
  row<number>({ type: u16, rustType: 'u16', ...spec });
export const u64Row = (spec: TypedRow<bigint>): AnyCallDef =>
  row<bigint>({ type: u64, rustType: 'u64', ...spec });
export const boolRow = (spec: TypedRow<boolean>): AnyCallDef =>
  row<boolean>({ type: bool, rustType: 'bool', ...spec });
export const taoRow = (spec: TypedRow<bigint>): AnyCallDef =>
  row<bigint>({ type: TaoBalance, rustType: 'TaoBalance', ...spec });

/** The common shape: write one per-subnet value and emit SubtensorModule's (netuid, value) event. */
export function put<V>(
  item: StorageItem<[number], V>,
  event?: string,
): (ctx: Context, netuid: number, value: V) => void {
  return (ctx, netuid, value) => {
    item.set(ctx.storage, value, netuid);
    if (event !== undefined) emit(ctx, event, [netuid, value]);
  };
}

export const ROOT_ONLY = { access: 'root' } as const;
/** The burn and owner-cut setters: Operational, fee-paying. */
export const OPERATIONAL = { dispatchClass: 'Operational', pays: 'Yes' } as const;
