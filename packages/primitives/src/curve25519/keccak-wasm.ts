// Keccak-f[1600] as a generated WebAssembly function (24 unrolled rounds on 25 i64 locals): the
// permutation under Merlin transcripts. In JavaScript the 64-bit lanes must be split in halves,
// which made the transcript of one sr25519 check cost more than its curve arithmetic.
import { type FunctionBody, I64 } from './wasm-emit.js';

/** Rotation of lane (x, y), from the standard walk (x, y) → (y, 2x + 3y). */
function rotations(): number[] {
  const r = new Array<number>(25).fill(0);
  let x = 1;
  let y = 0;
  for (let t = 0; t < 24; t++) {
    r[x + 5 * y] = (((t + 1) * (t + 2)) / 2) % 64;
    [x, y] = [y, (2 * x + 3 * y) % 5];
  }
  return r;
}

/** The 24 round constants, from the degree-8 LFSR of the specification. */
export function roundConstants(): bigint[] {
  let state = 1;
  const bit = (): number => {
    const out = state & 1;
    state = (state << 1) ^ ((state & 0x80) !== 0 ? 0x171 : 0);
    return out;
  };
  return Array.from({ length: 24 }, () => {
    let rc = 0n;
    for (let j = 0; j < 7; j++) if (bit() === 1) rc |= 1n << BigInt((1 << j) - 1);
    return rc;
  });
}

/** Emits the permutation of the 200-byte state at the address in param 0. */
export function emitKeccakF(b: FunctionBody): void {
  const a = Array.from({ length: 25 }, (_, i) => {
    const local = b.local(I64);
    b.get(0)
      .load64(8 * i)
      .set(local);
    return local;
  });
  const t = Array.from({ length: 25 }, () => b.local(I64));
  const c = Array.from({ length: 5 }, () => b.local(I64));
  const d = b.local(I64);
  const rot = rotations();
  for (const rc of roundConstants()) {
    for (let x = 0; x < 5; x++) {
      b.get(a[x]!);
      for (let y = 1; y < 5; y++) b.get(a[x + 5 * y]!).op('i64Xor');
      b.set(c[x]!);
    }
    for (let x = 0; x < 5; x++) {
      b.get(c[(x + 4) % 5]!)
        .get(c[(x + 1) % 5]!)
        .i64(1)
        .op('i64Rotl')
        .op('i64Xor')
        .set(d);
      for (let y = 0; y < 5; y++)
        b.get(a[x + 5 * y]!)
          .get(d)
          .op('i64Xor')
          .set(a[x + 5 * y]!);
    }
    // ρ and π: lane (x, y) rotated lands at (y, 2x + 3y).
    for (let x = 0; x < 5; x++) {
      for (let y = 0; y < 5; y++) {
        b.get(a[x + 5 * y]!);
        if (rot[x + 5 * y] !== 0) b.i64(rot[x + 5 * y]!).op('i64Rotl');
        b.set(t[y + 5 * ((2 * x + 3 * y) % 5)]!);
      }
    }
    // χ, then ι on lane 0.
    for (let y = 0; y < 5; y++) {
      for (let x = 0; x < 5; x++) {
        b.get(t[x + 5 * y]!);
        b.get(t[((x + 1) % 5) + 5 * y]!)
          .i64(-1)
          .op('i64Xor')
          .get(t[((x + 2) % 5) + 5 * y]!)
          .op('i64And');
        b.op('i64Xor');
        if (x === 0 && y === 0) b.i64(BigInt.asIntN(64, rc)).op('i64Xor');
        b.set(a[x + 5 * y]!);
      }
    }
  }
  for (let i = 0; i < 25; i++)
    b.get(0)
      .get(a[i]!)
      .store64(8 * i);
}
