/**
 * An append-only SCALE writer for the metadata: the document is one long sequence of strings,
 * compact ids and nested vectors, so writing in place beats composing codecs that allocate a
 * buffer per node.
 */
import { encodeCompact } from '@tao-ts/primitives';

const utf8 = new TextEncoder();

export class ScaleWriter {
  private buffer = new Uint8Array(1 << 16);
  private length = 0;

  private reserve(extra: number): void {
    if (this.length + extra <= this.buffer.length) return;
    let size = this.buffer.length * 2;
    while (size < this.length + extra) size *= 2;
    const grown = new Uint8Array(size);
    grown.set(this.buffer.subarray(0, this.length));
    this.buffer = grown;
  }

  u8(value: number): this {
    this.reserve(1);
    this.buffer[this.length++] = value & 0xff;
    return this;
  }

  u32(value: number): this {
    this.reserve(4);
    for (let i = 0; i < 4; i++) this.buffer[this.length++] = (value >>> (8 * i)) & 0xff;
    return this;
  }

  /** Compact<u32> (ids, lengths, counts). */
  compact(value: number): this {
    if (value < 1 << 6) return this.u8(value << 2);
    if (value < 1 << 14) return this.u8(((value & 0x3f) << 2) | 0b01).u8(value >>> 6);
    return this.raw(encodeCompact(value));
  }

  /** Bytes as they are, without a length prefix. */
  raw(bytes: Uint8Array): this {
    this.reserve(bytes.length);
    this.buffer.set(bytes, this.length);
    this.length += bytes.length;
    return this;
  }

  /** Vec<u8>: compact length, then the bytes. */
  bytes(bytes: Uint8Array): this {
    return this.compact(bytes.length).raw(bytes);
  }

  str(text: string): this {
    return this.bytes(utf8.encode(text));
  }

  vec<T>(items: readonly T[], write: (item: T) => void): this {
    this.compact(items.length);
    for (const item of items) write(item);
    return this;
  }

  strings(texts: readonly string[]): this {
    return this.vec(texts, (text) => this.str(text));
  }

  option<T>(value: T | undefined, write: (value: T) => void): this {
    if (value === undefined) return this.u8(0);
    this.u8(1);
    write(value);
    return this;
  }

  finish(): Uint8Array {
    return this.buffer.slice(0, this.length);
  }
}
