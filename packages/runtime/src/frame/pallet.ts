/**
 * Pallet declarations: storage, calls, events, errors, constants and block hooks, each declared
 * once; the runtime derives call/event codecs and (in the node) the metadata from them.
 */
import type { StorageItem } from '../storage/items.js';
import type { WritableStorage } from '../storage/kv.js';
import { enumType, type AnyType, type EnumValue, type FieldSpec } from '../types/type.js';
import type { AccountId, DispatchClass, Pays } from '../types/substrate.js';
import { DispatchError, type Origin } from './dispatch.js';

/** What a call, hook or helper sees of the chain. */
export interface Context {
  readonly storage: WritableStorage;
  /** Number of the block being built. */
  readonly blockNumber: bigint;
  readonly parentHash: Uint8Array;
  /** The block author (who collects fees), when known. */
  readonly author: AccountId | undefined;
  /** Record an event of a pallet (variant of its event enum). */
  deposit(pallet: PalletInfo, event: EnumValue): void;
  /** Dispatch another call (e.g. sudo's inner call) with the given origin. */
  dispatch(origin: Origin, call: RuntimeCallValue): void;
}

export interface PalletInfo {
  readonly name: string;
  readonly index: number;
}

export type RuntimeCallValue = {
  readonly tag: string;
  readonly value: { readonly tag: string; readonly value: unknown };
};

export interface CallDef<A = never> {
  readonly name: string;
  readonly index: number;
  readonly args: readonly FieldSpec[];
  readonly docs?: readonly string[];
  /** Reference-time weight in picoseconds, from the decoded arguments. */
  readonly weight: (args: A) => bigint;
  readonly pays?: Pays;
  readonly dispatchClass?: DispatchClass;
  /** An inherent: applied unsigned by the block author (e.g. Timestamp.set), never from the pool. */
  readonly inherent?: boolean;
  readonly dispatch: (ctx: Context, origin: Origin, args: A) => void;
}

/** A call with its argument type erased (how the runtime stores them). */
export type AnyCallDef = CallDef<never>;

export interface ErrorDef {
  readonly name: string;
  readonly docs?: string;
}

export interface ConstantDef {
  readonly name: string;
  readonly type: AnyType;
  readonly value: unknown;
  readonly docs?: readonly string[];
}

export interface EventVariantDef {
  readonly name: string;
  /** Named fields (value is an object), unnamed fields ('' names; value is an array), or one type. */
  readonly fields?: readonly FieldSpec[] | AnyType;
  readonly docs?: readonly string[];
}

export interface Hooks {
  onInitialize?(ctx: Context): void;
  onFinalize?(ctx: Context): void;
}

export interface PalletSpec {
  readonly name: string;
  readonly index: number;
  readonly docs?: readonly string[];
  // Storage items of any key and value types: only their metadata is read generically.
  readonly storage?: readonly { readonly meta: StorageItem<[], unknown>['meta'] }[];
  readonly calls?: readonly AnyCallDef[];
  readonly events?: readonly EventVariantDef[];
  readonly errors?: readonly ErrorDef[];
  readonly constants?: readonly ConstantDef[];
  readonly hooks?: Hooks;
}

export class Pallet implements PalletInfo {
  readonly name: string;
  readonly index: number;
  readonly spec: PalletSpec;
  readonly callType: AnyType | undefined;
  readonly eventType: AnyType | undefined;
  readonly errorType: AnyType | undefined;
  private readonly errorIndex = new Map<string, number>();
  private readonly callsByName = new Map<string, AnyCallDef>();

  constructor(spec: PalletSpec) {
    this.spec = spec;
    this.name = spec.name;
    this.index = spec.index;
    assertUnique(
      spec.name,
      'storage item',
      (spec.storage ?? []).map((s) => s.meta.name),
    );
    assertUnique(
      spec.name,
      'call',
      (spec.calls ?? []).map((c) => c.name),
    );
    assertUnique(
      spec.name,
      'call index',
      (spec.calls ?? []).map((c) => String(c.index)),
    );
    assertUnique(
      spec.name,
      'event',
      (spec.events ?? []).map((e) => e.name),
    );
    assertUnique(
      spec.name,
      'error',
      (spec.errors ?? []).map((e) => e.name),
    );
    (spec.errors ?? []).forEach((e, i) => this.errorIndex.set(e.name, i));
    for (const call of spec.calls ?? []) this.callsByName.set(call.name, call);
    const path = (kind: string): string[] => [palletModule(spec.name), 'pallet', kind];
    this.callType =
      spec.calls && spec.calls.length > 0
        ? enumType(
            path('Call'),
            spec.calls.map((c) => ({
              name: c.name,
              index: c.index,
              fields: c.args,
              ...(c.docs ? { docs: c.docs } : {}),
            })),
          )
        : undefined;
    this.eventType =
      spec.events && spec.events.length > 0
        ? enumType(
            path('Event'),
            spec.events.map((e) => ({
              name: e.name,
              ...(e.fields ? { fields: e.fields } : {}),
              ...(e.docs ? { docs: e.docs } : {}),
            })),
          )
        : undefined;
    this.errorType =
      spec.errors && spec.errors.length > 0
        ? enumType(
            path('Error'),
            spec.errors.map((e) => ({ name: e.name, ...(e.docs ? { docs: [e.docs] } : {}) })),
          )
        : undefined;
  }

  /** The module DispatchError for one of this pallet's errors, by name. */
  error(name: string): DispatchError {
    const index = this.errorIndex.get(name);
    if (index === undefined) throw new Error(`${this.name} declares no error ${name}`);
    const docs = this.spec.errors?.[index]?.docs;
    return new DispatchError(
      { tag: 'Module', value: { index: this.index, error: Uint8Array.of(index, 0, 0, 0) } },
      `${this.name}.${name}`,
      docs,
    );
  }

  errorName(index: number): ErrorDef | undefined {
    return this.spec.errors?.[index];
  }

  callNamed(name: string): AnyCallDef | undefined {
    return this.callsByName.get(name);
  }

  /** A RuntimeCall value for one of this pallet's calls. */
  call(name: string, args: object | undefined): RuntimeCallValue {
    if (!this.callsByName.has(name)) throw new Error(`${this.name} has no call ${name}`);
    return { tag: this.name, value: { tag: name, value: args } };
  }

  emit(ctx: Context, name: string, value?: unknown): void {
    ctx.deposit(this, { tag: name, value });
  }
}

/** Two declarations under one name would silently shadow each other in metadata and dispatch. */
function assertUnique(pallet: string, kind: string, names: readonly string[]): void {
  const seen = new Set<string>();
  for (const name of names) {
    if (seen.has(name)) throw new Error(`${pallet} declares ${kind} ${name} twice`);
    seen.add(name);
  }
}

/** pallet_subtensor for SubtensorModule, pallet_balances for Balances, … (scale-info paths). */
function palletModule(name: string): string {
  const known: Record<string, string> = {
    System: 'frame_system',
    SubtensorModule: 'pallet_subtensor',
    AdminUtils: 'pallet_admin_utils',
    TransactionPayment: 'pallet_transaction_payment',
  };
  return known[name] ?? `pallet_${name.replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase()}`;
}

/** Declare a call; A is its decoded argument object. */
export function call<A>(def: CallDef<A>): AnyCallDef {
  return def;
}
