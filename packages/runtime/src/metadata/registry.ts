/**
 * The scale-info PortableRegistry of a metadata document, built from type descriptors.
 *
 * Substrate gives every distinct Rust type one id. Here one Rust type is often several descriptor
 * objects (each `vec(u16)` call makes a new one), so types are first sorted into classes by what
 * they would emit (path, params, definition, docs, children's classes): two descriptors share an id
 * exactly when their portable entries would be identical. Recursion (RuntimeCall → Sudo.Call →
 * RuntimeCall) is handled by naming a type still being classified by a token of its own (so a copy of
 * a recursive type met outside its cycle may get an id of its own: harmless, and rare).
 *
 * Ids are then given in pre-order from the roots in registration order, as scale-info's registry
 * does, so the same declarations always yield the same ids.
 */
import type { AnyType, Field, Primitive, TypeInfo, Variant } from '../types/type.js';
import type { ScaleWriter } from './scale-writer.js';

export interface PortableParam {
  readonly name: string;
  readonly type: number | undefined;
}

export interface PortableField {
  readonly name: string | undefined;
  readonly type: number;
  readonly typeName: string | undefined;
  readonly docs: readonly string[];
}

export interface PortableVariant {
  readonly name: string;
  readonly fields: readonly PortableField[];
  readonly index: number;
  readonly docs: readonly string[];
}

export type PortableDef =
  | { readonly tag: 'composite'; readonly fields: readonly PortableField[] }
  | { readonly tag: 'variant'; readonly variants: readonly PortableVariant[] }
  | { readonly tag: 'sequence'; readonly type: number }
  | { readonly tag: 'array'; readonly len: number; readonly type: number }
  | { readonly tag: 'tuple'; readonly types: readonly number[] }
  | { readonly tag: 'primitive'; readonly name: Primitive }
  | { readonly tag: 'compact'; readonly type: number };

export interface PortableType {
  readonly id: number;
  readonly path: readonly string[];
  readonly params: readonly PortableParam[];
  readonly def: PortableDef;
  readonly docs: readonly string[];
}

/** Raised for a descriptor the registry cannot describe (an unresolved or circular `deferred`). */
export class MetadataTypeError extends Error {
  readonly code = 'METADATA_TYPE';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'MetadataTypeError';
  }
}

/** scale-info's TypeDefPrimitive variant indices. */
const PRIMITIVE_INDEX: Readonly<Record<Primitive, number>> = {
  bool: 0,
  str: 2,
  u8: 3,
  u16: 4,
  u32: 5,
  u64: 6,
  u128: 7,
  i8: 9,
  i16: 10,
  i32: 11,
  i64: 12,
  i128: 13,
};

type Resolved = AnyType & { readonly info: Exclude<TypeInfo, { kind: 'deferred' }> };

/** Follow `deferred` descriptors to the type they stand for. */
function resolve(type: AnyType): Resolved {
  let current = type;
  for (let hops = 0; hops < 64; hops++) {
    if (current.info.kind !== 'deferred') return current as Resolved;
    try {
      current = current.info.target();
    } catch (error) {
      throw new MetadataTypeError(`type ${type.name} is deferred and was never resolved`, { cause: error });
    }
  }
  throw new MetadataTypeError(`type ${type.name} defers to itself`);
}

export class TypeRegistry {
  /** Class of each descriptor already classified. */
  private readonly classOf = new Map<AnyType, number>();
  private readonly classByKey = new Map<string, number>();
  /** The first descriptor of each class: what its portable entry is written from. */
  private readonly representative: Resolved[] = [];
  /** Descriptors being classified, with the token that names them inside their own key. */
  private readonly inProgress = new Map<AnyType, number>();
  private nextToken = 0;
  private readonly idOfClass = new Map<number, number>();
  private readonly entries: PortableType[] = [];

  /** The portable id of a type, registering it (and everything it refers to) on first use. */
  register(type: AnyType): number {
    const resolved = resolve(type);
    this.classify(resolved);
    return this.assign(resolved);
  }

  /** Portable entries in id order. */
  get types(): readonly PortableType[] {
    return this.entries;
  }

  private classify(type: Resolved): string {
    const known = this.classOf.get(type);
    if (known !== undefined) return `c${known}`;
    const token = this.inProgress.get(type);
    if (token !== undefined) return `@${token}`;
    this.inProgress.set(type, this.nextToken++);
    const ref = (child: AnyType): string => this.classify(resolve(child));
    const key = JSON.stringify(describe(type.info, ref));
    this.inProgress.delete(type);
    let cls = this.classByKey.get(key);
    if (cls === undefined) {
      cls = this.representative.length;
      this.classByKey.set(key, cls);
      this.representative.push(type);
    }
    this.classOf.set(type, cls);
    return `c${cls}`;
  }

  private assign(type: Resolved): number {
    const cls = this.classOf.get(type);
    if (cls === undefined) throw new MetadataTypeError(`type ${type.name} was not classified`);
    const known = this.idOfClass.get(cls);
    if (known !== undefined) return known;
    const id = this.entries.length;
    this.idOfClass.set(cls, id);
    // Reserve the slot first: children get later ids (pre-order), and recursion finds this one.
    this.entries.push(undefined as unknown as PortableType);
    const rep = this.representative[cls] as Resolved;
    const idOf = (child: AnyType): number => this.assign(resolve(child));
    this.entries[id] = portable(id, rep.info, idOf);
    return id;
  }

  /** Write the registry as scale-info's PortableRegistry (Vec<PortableType>). */
  encode(w: ScaleWriter): void {
    w.vec(this.entries, (t) => encodeType(w, t));
  }
}

/** A type's portable content with children named by `ref`: equal descriptions, equal entries. */
function describe(info: Resolved['info'], ref: (t: AnyType) => string): unknown {
  const fields = (list: readonly Field[]): unknown[] =>
    list.map((f) => [f.name || null, ref(f.type), f.typeName ?? null, f.docs ?? []]);
  const params = (list: readonly { name: string; type?: AnyType }[] | undefined): unknown[] =>
    (list ?? []).map((p) => [p.name, p.type ? ref(p.type) : null]);
  switch (info.kind) {
    case 'primitive':
      return ['p', info.name];
    case 'compact':
      return ['c', ref(info.of)];
    case 'sequence':
      return ['s', ref(info.of)];
    case 'array':
      return ['a', info.len, ref(info.of)];
    case 'tuple':
      return ['t', info.of.map(ref)];
    case 'composite':
      return ['C', info.path, params(info.params), fields(info.fields), info.docs ?? []];
    case 'variant':
      return [
        'V',
        info.path,
        params(info.params),
        info.variants.map((v: Variant) => [v.name, v.index, fields(v.fields), v.docs ?? []]),
        info.docs ?? [],
      ];
  }
}

function portable(id: number, info: Resolved['info'], idOf: (t: AnyType) => number): PortableType {
  const bare = { id, path: [], params: [], docs: [] };
  const fields = (list: readonly Field[]): PortableField[] =>
    list.map((f) => ({
      // Rust has no empty field names: '' is how declarations spell an unnamed field.
      name: f.name === '' ? undefined : f.name,
      type: idOf(f.type),
      typeName: f.typeName,
      docs: f.docs ?? [],
    }));
  switch (info.kind) {
    case 'primitive':
      return { ...bare, def: { tag: 'primitive', name: info.name } };
    case 'compact':
      return { ...bare, def: { tag: 'compact', type: idOf(info.of) } };
    case 'sequence':
      return { ...bare, def: { tag: 'sequence', type: idOf(info.of) } };
    case 'array':
      return { ...bare, def: { tag: 'array', len: info.len, type: idOf(info.of) } };
    case 'tuple':
      return { ...bare, def: { tag: 'tuple', types: info.of.map(idOf) } };
    case 'composite':
    case 'variant': {
      // Params before the definition, as scale-info registers them.
      const params = (info.params ?? []).map((p) => ({
        name: p.name,
        type: p.type ? idOf(p.type) : undefined,
      }));
      const def: PortableDef =
        info.kind === 'composite'
          ? { tag: 'composite', fields: fields(info.fields) }
          : {
              tag: 'variant',
              variants: info.variants.map((v) => ({
                name: v.name,
                fields: fields(v.fields),
                index: v.index,
                docs: v.docs ?? [],
              })),
            };
      return { id, path: info.path, params, def, docs: info.docs ?? [] };
    }
  }
}

function encodeField(w: ScaleWriter, f: PortableField): void {
  w.option(f.name, (n) => w.str(n));
  w.compact(f.type);
  w.option(f.typeName, (n) => w.str(n));
  w.strings(f.docs);
}

function encodeType(w: ScaleWriter, t: PortableType): void {
  w.compact(t.id);
  w.strings(t.path);
  w.vec(t.params, (p) => {
    w.str(p.name);
    w.option(p.type, (id) => w.compact(id));
  });
  const def = t.def;
  switch (def.tag) {
    case 'composite':
      w.u8(0).vec(def.fields, (f) => encodeField(w, f));
      break;
    case 'variant':
      w.u8(1).vec(def.variants, (v) => {
        w.str(v.name);
        w.vec(v.fields, (f) => encodeField(w, f));
        w.u8(v.index);
        w.strings(v.docs);
      });
      break;
    case 'sequence':
      w.u8(2).compact(def.type);
      break;
    case 'array':
      w.u8(3).u32(def.len).compact(def.type);
      break;
    case 'tuple':
      w.u8(4).vec(def.types, (id) => w.compact(id));
      break;
    case 'primitive':
      w.u8(5).u8(PRIMITIVE_INDEX[def.name]);
      break;
    case 'compact':
      w.u8(6).compact(def.type);
      break;
  }
  w.strings(t.docs);
}
