/**
 * Pallet metadata (frame-metadata's PalletMetadata, V14 and V15): storage entries, call, event and
 * error enums, constants with their encoded values. Collected first (registering types, so ids are
 * known), written after the type registry that precedes them in the document.
 */
import type { ConstantDef, Pallet } from '../frame/pallet.js';
import type { Runtime } from '../frame/runtime.js';
import type { Hasher } from '../storage/hashers.js';
import type { StorageItemMeta } from '../storage/items.js';
import { encodeAny } from '../types/type.js';
import { MetadataTypeError, type TypeRegistry } from './registry.js';
import { tupleOf } from './runtime-types.js';
import type { ScaleWriter } from './scale-writer.js';

type EntryType =
  | { readonly plain: number }
  | { readonly hashers: readonly Hasher[]; readonly key: number; readonly value: number };

export interface StorageEntryModel {
  readonly name: string;
  readonly modifier: 'Optional' | 'Default';
  readonly type: EntryType;
  readonly fallback: Uint8Array;
  readonly docs: readonly string[];
}

export interface ConstantModel {
  readonly name: string;
  readonly type: number;
  readonly value: Uint8Array;
  readonly docs: readonly string[];
}

export interface PalletModel {
  readonly name: string;
  readonly index: number;
  readonly docs: readonly string[];
  readonly storage: { readonly prefix: string; readonly entries: readonly StorageEntryModel[] } | undefined;
  readonly calls: number | undefined;
  readonly event: number | undefined;
  readonly constants: readonly ConstantModel[];
  readonly error: number | undefined;
}

/** frame-metadata's StorageHasher variant indices. */
const HASHER_INDEX: Readonly<Record<Hasher, number>> = {
  Blake2_128: 0,
  Blake2_256: 1,
  Blake2_128Concat: 2,
  Twox128: 3,
  Twox256: 4,
  Twox64Concat: 5,
  Identity: 6,
};

function storageEntry(meta: StorageItemMeta, registry: TypeRegistry): StorageEntryModel {
  let type: EntryType;
  if (meta.keys.length === 0) {
    type = { plain: registry.register(meta.value) };
  } else {
    // One key is described by its own type, several (double and N-maps) by the tuple of them.
    const keyTypes = meta.keys.map((k) => k.type);
    const key = registry.register(
      keyTypes.length === 1 ? (keyTypes[0] as (typeof keyTypes)[0]) : tupleOf(keyTypes),
    );
    type = { hashers: meta.keys.map((k) => k.hasher), key, value: registry.register(meta.value) };
  }
  return { name: meta.name, modifier: meta.modifier, type, fallback: meta.defaultBytes, docs: meta.docs };
}

function constantValue(pallet: Pallet, constant: ConstantDef): Uint8Array {
  try {
    return encodeAny(constant.type, constant.value);
  } catch (error) {
    throw new MetadataTypeError(
      `constant ${pallet.name}.${constant.name} does not encode as ${constant.type.name}`,
      { cause: error },
    );
  }
}

/**
 * Every pallet of the runtime in index order, with types registered in frame-metadata's order
 * (storage, calls, event, constants, error). `constants` supplies each pallet's constant list.
 */
export function collectPallets(
  runtime: Runtime,
  registry: TypeRegistry,
  constants: (pallet: Pallet) => readonly ConstantDef[],
): PalletModel[] {
  const itemsByPallet = new Map<string, StorageItemMeta[]>();
  for (const { meta } of runtime.storageItems()) {
    const list = itemsByPallet.get(meta.pallet) ?? [];
    list.push(meta);
    itemsByPallet.set(meta.pallet, list);
  }
  return runtime.pallets.map((pallet) => {
    const items = itemsByPallet.get(pallet.name) ?? [];
    const storage =
      items.length > 0
        ? { prefix: pallet.name, entries: items.map((meta) => storageEntry(meta, registry)) }
        : undefined;
    const calls = pallet.callType ? registry.register(pallet.callType) : undefined;
    const event = pallet.eventType ? registry.register(pallet.eventType) : undefined;
    const constantModels = constants(pallet).map((c) => ({
      name: c.name,
      type: registry.register(c.type),
      value: constantValue(pallet, c),
      docs: c.docs ?? [],
    }));
    const error = pallet.errorType ? registry.register(pallet.errorType) : undefined;
    return {
      name: pallet.name,
      index: pallet.index,
      docs: pallet.spec.docs ?? [],
      storage,
      calls,
      event,
      constants: constantModels,
      error,
    };
  });
}

function encodeEntry(w: ScaleWriter, e: StorageEntryModel): void {
  w.str(e.name);
  w.u8(e.modifier === 'Optional' ? 0 : 1);
  if ('plain' in e.type) {
    w.u8(0).compact(e.type.plain);
  } else {
    w.u8(1);
    w.vec(e.type.hashers, (h) => w.u8(HASHER_INDEX[h]));
    w.compact(e.type.key).compact(e.type.value);
  }
  w.bytes(e.fallback);
  w.strings(e.docs);
}

/** PalletMetadata V14, or V15 (which adds the pallet's docs at the end). */
export function encodePallet(w: ScaleWriter, p: PalletModel, version: 14 | 15): void {
  const enumRef = (id: number | undefined): void => {
    w.option(id, (ty) => w.compact(ty));
  };
  w.str(p.name);
  w.option(p.storage, (s) => {
    w.str(s.prefix);
    w.vec(s.entries, (e) => encodeEntry(w, e));
  });
  enumRef(p.calls);
  enumRef(p.event);
  w.vec(p.constants, (c) => {
    w.str(c.name).compact(c.type).bytes(c.value).strings(c.docs);
  });
  enumRef(p.error);
  w.u8(p.index);
  if (version === 15) w.strings(p.docs);
}
