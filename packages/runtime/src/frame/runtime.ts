/**
 * A runtime: its pallets, the RuntimeCall and RuntimeEvent enums built from them, the event log
 * and call dispatch. Block execution lives in executive.ts.
 */
import { storageValue, type StorageItem } from '../storage/items.js';
import { H256 } from '../types/substrate.js';
import { enumType, struct, u32, vec, type AnyType, type EnumValue, type Type } from '../types/type.js';
import { DispatchError, type Origin } from './dispatch.js';
import type { AnyCallDef, Context, Pallet, RuntimeCallValue } from './pallet.js';

export interface RuntimeVersion {
  readonly specName: string;
  readonly implName: string;
  readonly authoringVersion: number;
  readonly specVersion: number;
  readonly implVersion: number;
  readonly transactionVersion: number;
  readonly stateVersion: number;
}

export type Phase =
  | { tag: 'ApplyExtrinsic'; value: number }
  | { tag: 'Finalization'; value: undefined }
  | { tag: 'Initialization'; value: undefined };

export interface EventRecord {
  phase: Phase;
  event: { tag: string; value: EnumValue };
  topics: Uint8Array[];
}

export const PhaseType = enumType<Phase>(
  ['frame_system', 'Phase'],
  [{ name: 'ApplyExtrinsic', fields: u32 }, { name: 'Finalization' }, { name: 'Initialization' }],
);

export class Runtime {
  readonly version: RuntimeVersion;
  readonly pallets: readonly Pallet[];
  readonly callType: Type<RuntimeCallValue>;
  readonly eventType: AnyType;
  readonly eventRecordType: Type<EventRecord>;
  readonly events: StorageItem<[], EventRecord[]>;
  private readonly byName = new Map<string, Pallet>();

  constructor(version: RuntimeVersion, pallets: readonly Pallet[]) {
    this.version = version;
    this.pallets = [...pallets].sort((a, b) => a.index - b.index);
    for (const p of this.pallets) {
      if (this.byName.has(p.name)) throw new Error(`duplicate pallet ${p.name}`);
      this.byName.set(p.name, p);
    }
    const runtimePath = (kind: string): string[] => [`${version.specName.replace(/-/g, '_')}_runtime`, kind];
    this.callType = enumType<RuntimeCallValue>(
      runtimePath('RuntimeCall'),
      this.pallets
        .filter((p) => p.callType)
        .map((p) => ({ name: p.name, index: p.index, fields: p.callType as AnyType })),
    );
    this.eventType = enumType(
      runtimePath('RuntimeEvent'),
      this.pallets
        .filter((p) => p.eventType)
        .map((p) => ({ name: p.name, index: p.index, fields: p.eventType as AnyType })),
    );
    this.eventRecordType = struct<EventRecord>(
      ['frame_system', 'EventRecord'],
      [
        ['phase', PhaseType, 'Phase'],
        ['event', this.eventType, 'E'],
        ['topics', vec(H256), 'Vec<T>'],
      ],
      undefined,
      // Clients find the runtime's event enum through EventRecord's `E` parameter.
      [
        { name: 'E', type: this.eventType },
        { name: 'T', type: H256 },
      ],
    );
    this.events = storageValue('System', 'Events', vec(this.eventRecordType), {
      default: [],
      docs: ['Events deposited for the current block.'],
    });
  }

  pallet(name: string): Pallet {
    const p = this.byName.get(name);
    if (p === undefined) throw new Error(`no pallet ${name}`);
    return p;
  }

  palletByIndex(index: number): Pallet | undefined {
    return this.pallets.find((p) => p.index === index);
  }

  /** The definition of a decoded call; undefined for an unknown pallet or call. */
  callDef(call: RuntimeCallValue): AnyCallDef | undefined {
    return this.byName.get(call.tag)?.callNamed(call.value.tag);
  }

  /** Every storage item, in pallet order (genesis, metadata). */
  storageItems(): { meta: StorageItem<[], unknown>['meta'] }[] {
    const items = this.pallets.flatMap((p) => [...(p.spec.storage ?? [])]);
    const systemIndex = items.findIndex((i) => i.meta.pallet === 'System');
    items.splice(systemIndex < 0 ? 0 : systemIndex, 0, this.events);
    return items;
  }

  /** Run a call's dispatch function; throws DispatchError when it fails. */
  dispatch(ctx: Context, origin: Origin, call: RuntimeCallValue): void {
    const def = this.callDef(call);
    if (def === undefined)
      throw new DispatchError({ tag: 'CannotLookup', value: undefined }, `${call.tag}.${call.value.tag}`);
    def.dispatch(ctx, origin, call.value.value as never);
  }

  weightOf(call: RuntimeCallValue): bigint {
    const def = this.callDef(call);
    return def === undefined ? 0n : def.weight(call.value.value as never);
  }
}
