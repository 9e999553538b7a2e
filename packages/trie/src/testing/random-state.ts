// Seeded random state for benchmarks and large tests: reproducible, and no Math.random.

/** A small xorshift32 generator. */
export class SeededRandom {
  private s: number;

  constructor(seed: number) {
    this.s = seed >>> 0 || 0x9e3779b9;
  }

  next(): number {
    let x = this.s;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.s = x >>> 0;
    return this.s;
  }

  int(min: number, max: number): number {
    return min + (this.next() % (max - min + 1));
  }

  bytes(n: number): Uint8Array {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = this.next() & 0xff;
    return out;
  }
}

/** `count` entries with random 32-byte keys and values of `minValue`..`maxValue` bytes. */
export function randomEntries(
  rng: SeededRandom,
  count: number,
  minValue = 8,
  maxValue = 100,
): [Uint8Array, Uint8Array][] {
  const out: [Uint8Array, Uint8Array][] = [];
  for (let i = 0; i < count; i++) out.push([rng.bytes(32), rng.bytes(rng.int(minValue, maxValue))]);
  return out;
}
