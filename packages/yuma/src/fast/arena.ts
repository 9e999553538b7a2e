/**
 * Scratch memory for one fast epoch. Large intermediate matrices (several megabytes each on a
 * 4096-uid subnet) are carved from one buffer that stays mapped between epochs: freshly
 * allocated typed arrays of that size are returned to the OS when freed, so every epoch would
 * pay page faults to touch them again, which cost more than the arithmetic. Nothing carved from
 * the arena escapes an epoch; outputs are always freshly allocated. The buffer is held weakly, so
 * an idle process lets the garbage collector reclaim it.
 */
export class Arena {
  private buffer: ArrayBuffer;
  private offset = 0;

  constructor(bytes: number) {
    this.buffer = new ArrayBuffer(bytes);
  }

  /** Forget every carved region (their contents become scratch). */
  reset(): void {
    this.offset = 0;
  }

  private carve(bytes: number): number {
    const start = this.offset;
    const end = start + ((bytes + 7) & ~7);
    if (end > this.buffer.byteLength) {
      // Regions carved earlier keep the old buffer alive; later epochs use the larger one.
      this.buffer = new ArrayBuffer(Math.max(end * 2, this.buffer.byteLength * 2));
      this.offset = 0;
      return this.carve(bytes);
    }
    this.offset = end;
    return start;
  }

  /** A Float64Array of `length` with unspecified contents. */
  f64(length: number): Float64Array {
    const offset = this.carve(length * 8); // may replace the buffer: take it afterwards
    return new Float64Array(this.buffer, offset, length);
  }

  /** An Int32Array of `length` with unspecified contents. */
  i32(length: number): Int32Array {
    const offset = this.carve(length * 4);
    return new Int32Array(this.buffer, offset, length);
  }

  /** An Int32Array row index of rowCount + 1 entries, start[0] = 0. */
  rowStarts(rowCount: number): Int32Array {
    const start = this.i32(rowCount + 1);
    start[0] = 0;
    return start;
  }
}

let shared: WeakRef<Arena> | undefined;

/** The process-wide arena, emptied: one fast epoch runs at a time (JavaScript is single-threaded). */
export function epochArena(): Arena {
  let arena = shared?.deref();
  if (arena === undefined) {
    arena = new Arena(1 << 20);
    shared = new WeakRef(arena);
  }
  arena.reset();
  return arena;
}
