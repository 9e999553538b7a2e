/**
 * A SCALE decoder compiled from the chain's own type registry (metadata V14/V15 portable types),
 * producing plain JS values: it is what lets one runtime-API answer (the metagraph) turn into
 * typed arrays in well under a millisecond, where @polkadot/api's codec classes take tens.
 *
 * Shapes: composites → objects keyed by field name (one unnamed field → its value, several →
 * array); Option → value or undefined; other enums → { tag, value }; sequences → arrays, except
 * u8 sequences/arrays → Uint8Array; u8–u32 (and their compacts) → number; wider → bigint.
 */
import { TaoError } from '@tao-ts/primitives';

export class RegistryDecodeError extends TaoError {
  constructor(message: string) {
    super('SCALE_DECODE_FAILED', message, { field: 'scale' });
  }
}

/** A cursor over SCALE bytes. */
export class ScaleReader {
  pos = 0;
  private readonly view: DataView;

  constructor(readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  private need(count: number): void {
    if (this.pos + count > this.bytes.length)
      throw new RegistryDecodeError(
        `input ends at byte ${this.bytes.length}, needed ${count} more at ${this.pos}`,
      );
  }

  u8(): number {
    this.need(1);
    return this.bytes[this.pos++] as number;
  }

  u16(): number {
    this.need(2);
    const v = this.view.getUint16(this.pos, true);
    this.pos += 2;
    return v;
  }

  u32(): number {
    this.need(4);
    const v = this.view.getUint32(this.pos, true);
    this.pos += 4;
    return v;
  }

  u64(): bigint {
    this.need(8);
    const v = this.view.getBigUint64(this.pos, true);
    this.pos += 8;
    return v;
  }

  u128(): bigint {
    const lo = this.u64();
    return (this.u64() << 64n) | lo;
  }

  /** A compact integer as a number (exact up to 2^53; callers use compactBig beyond). */
  compact(): number {
    const first = this.u8();
    switch (first & 3) {
      case 0:
        return first >>> 2;
      case 1:
        return ((first | (this.u8() << 8)) >>> 2) & 0x3fff;
      case 2:
        this.pos -= 1;
        return this.u32() >>> 2;
      default: {
        const value = this.bigTail(first);
        if (value > BigInt(Number.MAX_SAFE_INTEGER))
          throw new RegistryDecodeError(`compact ${value} exceeds 2^53`);
        return Number(value);
      }
    }
  }

  compactBig(): bigint {
    const first = this.u8();
    switch (first & 3) {
      case 0:
        return BigInt(first >>> 2);
      case 1:
        return BigInt(((first | (this.u8() << 8)) >>> 2) & 0x3fff);
      case 2:
        this.pos -= 1;
        return BigInt(this.u32() >>> 2);
      default:
        return this.bigTail(first);
    }
  }

  private bigTail(first: number): bigint {
    const length = (first >>> 2) + 4;
    this.need(length);
    let value = 0n;
    for (let i = length - 1; i >= 0; i--) value = (value << 8n) | BigInt(this.bytes[this.pos + i] as number);
    this.pos += length;
    return value;
  }

  take(count: number): Uint8Array {
    this.need(count);
    const out = this.bytes.slice(this.pos, this.pos + count);
    this.pos += count;
    return out;
  }
}

export type Decoder = (reader: ScaleReader) => unknown;

/** The JSON form of a portable registry entry (`lookup.getSiType(id).toJSON()`). */
export interface SiTypeJson {
  readonly path?: readonly string[];
  readonly def: Record<string, unknown>;
}

interface FieldJson {
  readonly name?: string | null;
  readonly type: number;
}

interface VariantJson {
  readonly name: string;
  readonly index: number;
  readonly fields: readonly FieldJson[];
}

const text = new TextDecoder();

function primitive(name: string): Decoder {
  switch (name.toLowerCase()) {
    case 'bool':
      return (r) => r.u8() === 1;
    case 'u8':
      return (r) => r.u8();
    case 'u16':
      return (r) => r.u16();
    case 'u32':
      return (r) => r.u32();
    case 'u64':
      return (r) => r.u64();
    case 'u128':
      return (r) => r.u128();
    case 'i8':
      return (r) => (r.u8() << 24) >> 24;
    case 'i16':
      return (r) => (r.u16() << 16) >> 16;
    case 'i32':
      return (r) => r.u32() | 0;
    case 'i64':
      return (r) => BigInt.asIntN(64, r.u64());
    case 'i128':
      return (r) => BigInt.asIntN(128, r.u128());
    case 'str':
      return (r) => text.decode(r.take(r.compact()));
    case 'char':
      return (r) => String.fromCodePoint(r.u32());
    default:
      throw new RegistryDecodeError(`primitive ${name} is not supported`);
  }
}

/** Compiles decoders for type ids of one registry, caching each. */
export class RegistryDecoder {
  private readonly cache = new Map<number, Decoder>();

  constructor(private readonly lookup: (id: number) => SiTypeJson) {}

  decoder(id: number): Decoder {
    const cached = this.cache.get(id);
    if (cached !== undefined) return cached;
    // Recursive types: a forwarder stands in while the real decoder is built.
    const slot: { built?: Decoder } = {};
    this.cache.set(id, (r) => (slot.built as Decoder)(r));
    const built = this.build(id);
    slot.built = built;
    this.cache.set(id, built);
    return built;
  }

  /** Decode the whole of `bytes` as type `id`; trailing bytes are an error. */
  decode(id: number, bytes: Uint8Array): unknown {
    const reader = new ScaleReader(bytes);
    const value = this.decoder(id)(reader);
    if (reader.pos !== bytes.length)
      throw new RegistryDecodeError(`type ${id}: ${bytes.length - reader.pos} bytes left after decoding`);
    return value;
  }

  /** The primitive name behind a type (through compacts and newtype composites), if any. */
  primitiveOf(id: number): string | undefined {
    const def = this.lookup(id).def;
    if (typeof def['primitive'] === 'string') return def['primitive'].toLowerCase();
    const composite = def['composite'] as { fields: readonly FieldJson[] } | undefined;
    if (composite !== undefined && composite.fields.length === 1)
      return this.primitiveOf((composite.fields[0] as FieldJson).type);
    return undefined;
  }

  private build(id: number): Decoder {
    const { def, path } = this.lookup(id);
    if (typeof def['primitive'] === 'string') return primitive(def['primitive']);
    const compact = def['compact'] as { type: number } | undefined;
    if (compact !== undefined) {
      const inner = this.primitiveOf(compact.type);
      if (inner === 'u64' || inner === 'u128') return (r) => r.compactBig();
      if (inner === undefined) return () => undefined; // Compact<()>
      return (r) => r.compact();
    }
    const sequence = def['sequence'] as { type: number } | undefined;
    if (sequence !== undefined) {
      if (
        this.primitiveOf(sequence.type) === 'u8' &&
        this.lookup(sequence.type).def['primitive'] !== undefined
      )
        return (r) => r.take(r.compact());
      const item = this.decoder(sequence.type);
      return (r) => {
        const length = r.compact();
        const out = new Array<unknown>(length);
        for (let i = 0; i < length; i++) out[i] = item(r);
        return out;
      };
    }
    const array = def['array'] as { len: number; type: number } | undefined;
    if (array !== undefined) {
      if (
        this.lookup(array.type).def['primitive'] === 'U8' ||
        this.lookup(array.type).def['primitive'] === 'u8'
      )
        return (r) => r.take(array.len);
      const item = this.decoder(array.type);
      return (r) => Array.from({ length: array.len }, () => item(r));
    }
    const tuple = def['tuple'] as readonly number[] | undefined;
    if (tuple !== undefined) {
      const items = tuple.map((t) => this.decoder(t));
      return (r) => items.map((item) => item(r));
    }
    const composite = def['composite'] as { fields: readonly FieldJson[] } | undefined;
    if (composite !== undefined) return this.fields(composite.fields);
    const variant = def['variant'] as { variants: readonly VariantJson[] } | undefined;
    if (variant !== undefined) {
      const byIndex = new Map(
        variant.variants.map((v) => [v.index, { name: v.name, read: this.fields(v.fields) }]),
      );
      const isOption = path?.length === 1 && path[0] === 'Option';
      return (r) => {
        const index = r.u8();
        const found = byIndex.get(index);
        if (found === undefined) throw new RegistryDecodeError(`type ${id}: no variant ${index}`);
        if (isOption) return found.name === 'None' ? undefined : found.read(r);
        return { tag: found.name, value: found.read(r) };
      };
    }
    throw new RegistryDecodeError(`type ${id}: ${Object.keys(def).join(',')} is not supported`);
  }

  private fields(fields: readonly FieldJson[]): Decoder {
    if (fields.length === 0) return () => undefined;
    const reads = fields.map((f) => ({ name: f.name ?? undefined, read: this.decoder(f.type) }));
    if (reads.every((f) => f.name === undefined)) {
      if (reads.length === 1) return (reads[0] as { read: Decoder }).read;
      return (r) => reads.map((f) => f.read(r));
    }
    return (r) => {
      const out: Record<string, unknown> = {};
      for (const f of reads) out[f.name as string] = f.read(r);
      return out;
    };
  }
}
