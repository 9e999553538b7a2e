// Arithmetic modulo p = 2^255 - 19 and on the twisted Edwards curve -x² + y² = 1 + d·x²·y², compiled
// to WebAssembly at load time. A field element is ten signed 32-bit limbs in memory, alternately 26
// and 25 bits wide (limb i starts at bit ⌈25.5·i⌉), so every limb product fits an i64 with room for
// the sums. Points are extended coordinates (X, Y, Z, T) with x = X/Z, y = Y/Z, T = XY/Z; a point
// prepared for addition ("cached") holds (Y+X, Y-X, Z, 2d·T). The formulas are the a = -1 ones of
// Hisil–Wong–Carter–Dawson 2008 (add-2008-hwcd-3, dbl-2008-hwcd). Nothing here is constant-time: it
// serves signature verification, whose inputs are public.
import { emitKeccakF } from './keccak-wasm.js';
import { type FunctionBody, I32, I64, ModuleWriter } from './wasm-emit.js';

export const LIMBS = 10;
/** Bytes of one field element in memory. */
export const FE_BYTES = 4 * LIMBS;
/** Bytes of one point (extended or cached): four field elements. */
export const POINT_BYTES = 4 * FE_BYTES;
/** Bit offset of each limb. */
export const LIMB_OFFSETS = Array.from({ length: LIMBS }, (_, i) => (51 * i + 1) >> 1); // ⌈51i/2⌉
const width = (i: number): number => (i % 2 === 0 ? 26 : 25);

/** Fixed addresses the generated code relies on. */
export const ADDRESS = {
  /** The field element 0 (memory starts zeroed and nothing writes here). */
  zero: 0,
  /** 2·d, written by the loader. */
  d2: 64,
  /** Eight temporaries of the point formulas. */
  temps: 128,
  /** The 200-byte Keccak state of `keccakF` (8-byte aligned). */
  keccak: 3072,
} as const;

/** The parts of WebAssembly used here (the compiler's Node typings do not declare it). */
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WasmApi {
  readonly Module: new (bytes: Uint8Array) => object;
  readonly Instance: new (module: object) => { readonly exports: object };
}
const wasm = (globalThis as unknown as { readonly WebAssembly: WasmApi }).WebAssembly;

export interface FieldExports {
  readonly memory: WasmMemory;
  /** h = f·g (any of them may be the same address, as for every function here). */
  readonly feMul: (h: number, f: number, g: number) => void;
  readonly feSq: (h: number, f: number) => void;
  /** h = f^(2^n), n ≥ 1. */
  readonly feSqn: (h: number, f: number, n: number) => void;
  readonly feAdd: (h: number, f: number, g: number) => void;
  readonly feSub: (h: number, f: number, g: number) => void;
  /** h = f as its canonical limbs (each within its width, value below p). */
  readonly feFreeze: (h: number, f: number) => void;
  /** r = p + q, q cached. */
  readonly ptAdd: (r: number, p: number, q: number) => void;
  /** r = p - q, q cached. */
  readonly ptSub: (r: number, p: number, q: number) => void;
  readonly ptDouble: (r: number, p: number) => void;
  /** r = p in cached form. */
  readonly ptCached: (r: number, p: number) => void;
  /** Keccak-f[1600] on the 200 bytes at `state` (lanes little-endian). */
  readonly keccakF: (state: number) => void;
}

type Limbs = number[];

/** Loads the ten limbs at the address in param `pointer` into new i64 locals. */
function loadLimbs(b: FunctionBody, pointer: number): Limbs {
  return Array.from({ length: LIMBS }, (_, i) => {
    const local = b.local(I64);
    b.get(pointer)
      .load32s(4 * i)
      .set(local);
    return local;
  });
}

/**
 * Brings limbs back to about their widths (|limb i| ≤ 2^(width-1), limb 1 slightly more), rounding
 * each carry to the nearest so that signed limbs stay small; the carry out of limb 9 re-enters limb 0
 * times 19 (2^255 ≡ 19).
 */
function carry(b: FunctionBody, h: Limbs): void {
  const c = b.local(I64);
  const step = (i: number): void => {
    const w = width(i);
    b.get(h[i]!)
      .i64(1n << BigInt(w - 1))
      .op('i64Add')
      .i64(w)
      .op('i64ShrS')
      .set(c);
    b.get(h[i]!).get(c).i64(w).op('i64Shl').op('i64Sub').set(h[i]!);
    if (i < LIMBS - 1) {
      b.get(h[i + 1]!)
        .get(c)
        .op('i64Add')
        .set(h[i + 1]!);
    } else {
      b.get(h[0]!).get(c).i64(19).op('i64Mul').op('i64Add').set(h[0]!);
    }
  };
  for (let i = 0; i < LIMBS; i++) step(i);
  step(0);
}

function storeLimbs(b: FunctionBody, pointer: number, h: Limbs): void {
  for (let i = 0; i < LIMBS; i++)
    b.get(pointer)
      .get(h[i]!)
      .store32(4 * i);
}

/**
 * The coefficient of f_i·g_j in limb (i+j) mod 10: 2 when both limbs are odd (their offsets sum to
 * one bit past the target's), times 19 when the product wraps past 2^255.
 */
const coefficient = (i: number, j: number): number =>
  (i % 2 === 1 && j % 2 === 1 ? 2 : 1) * (i + j >= LIMBS ? 19 : 1);

function emitMul(b: FunctionBody): void {
  const f = loadLimbs(b, 1);
  const g = loadLimbs(b, 2);
  const g19 = g.map((gj) => {
    const local = b.local(I64);
    b.get(gj).i64(19).op('i64Mul').set(local);
    return local;
  });
  const f2 = f.map((fi, i) => {
    if (i % 2 === 0) return fi;
    const local = b.local(I64);
    b.get(fi).i64(2).op('i64Mul').set(local);
    return local;
  });
  const h = Array.from({ length: LIMBS }, () => b.local(I64));
  for (let k = 0; k < LIMBS; k++) {
    for (let i = 0; i < LIMBS; i++) {
      const j = (k - i + LIMBS) % LIMBS;
      const odd = i % 2 === 1 && j % 2 === 1;
      b.get(odd ? f2[i]! : f[i]!)
        .get(i + j >= LIMBS ? g19[j]! : g[j]!)
        .op('i64Mul');
      if (i > 0) b.op('i64Add');
    }
    b.set(h[k]!);
  }
  carry(b, h);
  storeLimbs(b, 0, h);
}

function emitSquare(b: FunctionBody): void {
  const f = loadLimbs(b, 1);
  const h = Array.from({ length: LIMBS }, () => b.local(I64));
  for (let k = 0; k < LIMBS; k++) {
    let terms = 0;
    for (let i = 0; i < LIMBS; i++) {
      const j = (k - i + LIMBS) % LIMBS;
      if (j < i) continue; // f_i·f_j and f_j·f_i are one term, doubled
      const scale = coefficient(i, j) * (i === j ? 1 : 2);
      b.get(f[i]!).get(f[j]!).op('i64Mul');
      if (scale !== 1) b.i64(scale).op('i64Mul');
      if (terms++ > 0) b.op('i64Add');
    }
    b.set(h[k]!);
  }
  carry(b, h);
  storeLimbs(b, 0, h);
}

function emitAddSub(b: FunctionBody, op: 'i64Add' | 'i64Sub'): void {
  const f = loadLimbs(b, 1);
  const g = loadLimbs(b, 2);
  for (let i = 0; i < LIMBS; i++) b.get(f[i]!).get(g[i]!).op(op).set(f[i]!);
  carry(b, f);
  storeLimbs(b, 0, f);
}

/**
 * Canonical limbs: with q = ⌊(h + 19) / 2^255⌋ (0 or 1 for carried input), h + 19q reduced by
 * floor carries and dropping bit 255 is h mod p.
 */
function emitFreeze(b: FunctionBody): void {
  const h = loadLimbs(b, 1);
  const q = b.local(I64);
  b.get(h[LIMBS - 1]!)
    .i64(19)
    .op('i64Mul')
    .i64(1 << 24)
    .op('i64Add')
    .i64(25)
    .op('i64ShrS')
    .set(q);
  for (let i = 0; i < LIMBS; i++) b.get(h[i]!).get(q).op('i64Add').i64(width(i)).op('i64ShrS').set(q);
  b.get(h[0]!).get(q).i64(19).op('i64Mul').op('i64Add').set(h[0]!);
  const c = b.local(I64);
  for (let i = 0; i < LIMBS; i++) {
    const w = width(i);
    b.get(h[i]!).i64(w).op('i64ShrS').set(c);
    b.get(h[i]!).get(c).i64(w).op('i64Shl').op('i64Sub').set(h[i]!);
    if (i < LIMBS - 1)
      b.get(h[i + 1]!)
        .get(c)
        .op('i64Add')
        .set(h[i + 1]!);
  }
  storeLimbs(b, 0, h);
}

/** Field indices, filled as the functions are declared. */
interface Fns {
  mul: number;
  sq: number;
  add: number;
  sub: number;
}

/** An operand: a fixed address, or a pointer parameter plus an offset. */
type Operand = number | { readonly param: number; readonly offset: number };

function push(b: FunctionBody, o: Operand): void {
  if (typeof o === 'number') {
    b.i32(o);
    return;
  }
  b.get(o.param);
  if (o.offset !== 0) b.i32(o.offset).op('i32Add');
}

function feCall(b: FunctionBody, fn: number, ...operands: Operand[]): void {
  for (const o of operands) push(b, o);
  b.call(fn);
}

type Quad = readonly [Operand, Operand, Operand, Operand];

/** The four coordinates of the point at pointer parameter `param`. */
const coordinates = (param: number): Quad =>
  [0, 1, 2, 3].map((i) => ({ param, offset: i * FE_BYTES })) as unknown as Quad;

/** The temporaries of the point formulas, by name. */
const T = {
  a: ADDRESS.temps,
  b: ADDRESS.temps + FE_BYTES,
  c: ADDRESS.temps + 2 * FE_BYTES,
  d: ADDRESS.temps + 3 * FE_BYTES,
  e: ADDRESS.temps + 4 * FE_BYTES,
  f: ADDRESS.temps + 5 * FE_BYTES,
  g: ADDRESS.temps + 6 * FE_BYTES,
  h: ADDRESS.temps + 7 * FE_BYTES,
} as const;

/** r = (E·F, G·H, F·G, E·H) from the temporaries: the last step of both formulas. */
function emitFinish(b: FunctionBody, fns: Fns): void {
  const [rx, ry, rz, rt] = coordinates(0);
  feCall(b, fns.mul, rx, T.e, T.f);
  feCall(b, fns.mul, ry, T.g, T.h);
  feCall(b, fns.mul, rz, T.f, T.g);
  feCall(b, fns.mul, rt, T.e, T.h);
}

/** r = p ± q (q cached), through the temporaries; r may be p. */
function emitPointAdd(b: FunctionBody, fns: Fns, subtract: boolean): void {
  const [x, y, z, t] = coordinates(1);
  const [qPlus, qMinus, qZ, qT2d] = coordinates(2);
  feCall(b, fns.sub, T.a, y, x);
  feCall(b, fns.mul, T.a, T.a, subtract ? qPlus : qMinus);
  feCall(b, fns.add, T.b, y, x);
  feCall(b, fns.mul, T.b, T.b, subtract ? qMinus : qPlus);
  feCall(b, fns.mul, T.c, t, qT2d);
  feCall(b, fns.mul, T.d, z, qZ);
  feCall(b, fns.add, T.d, T.d, T.d);
  feCall(b, fns.sub, T.e, T.b, T.a);
  feCall(b, fns.add, T.h, T.b, T.a);
  feCall(b, subtract ? fns.add : fns.sub, T.f, T.d, T.c);
  feCall(b, subtract ? fns.sub : fns.add, T.g, T.d, T.c);
  emitFinish(b, fns);
}

/** r = 2p (dbl-2008-hwcd with a = -1); r may be p. */
function emitPointDouble(b: FunctionBody, fns: Fns): void {
  const [x, y, z] = coordinates(1);
  feCall(b, fns.sq, T.a, x);
  feCall(b, fns.sq, T.b, y);
  feCall(b, fns.sq, T.c, z);
  feCall(b, fns.add, T.c, T.c, T.c);
  feCall(b, fns.add, T.e, x, y);
  feCall(b, fns.sq, T.e, T.e);
  feCall(b, fns.sub, T.e, T.e, T.a);
  feCall(b, fns.sub, T.e, T.e, T.b);
  feCall(b, fns.sub, T.g, T.b, T.a); // G = D + B with D = -A
  feCall(b, fns.sub, T.f, T.g, T.c);
  feCall(b, fns.add, T.h, T.a, T.b);
  feCall(b, fns.sub, T.h, ADDRESS.zero, T.h); // H = D - B = -(A + B)
  emitFinish(b, fns);
}

function emitCached(b: FunctionBody, fns: Fns): void {
  const [x, y, z, t] = coordinates(1);
  const [rPlus, rMinus, rZ, rT2d] = coordinates(0);
  feCall(b, fns.add, rZ, z, ADDRESS.zero);
  feCall(b, fns.mul, rT2d, t, ADDRESS.d2);
  feCall(b, fns.sub, rMinus, y, x);
  feCall(b, fns.add, rPlus, y, x);
}

/** The module's binary. */
export function fieldModule(): Uint8Array {
  const m = new ModuleWriter();
  const three = [I32, I32, I32] as const;
  const mul = m.add('feMul', three);
  emitMul(mul.body);
  const sq = m.add('feSq', [I32, I32]);
  emitSquare(sq.body);
  const add = m.add('feAdd', three);
  emitAddSub(add.body, 'i64Add');
  const sub = m.add('feSub', three);
  emitAddSub(sub.body, 'i64Sub');
  const fns: Fns = { mul: mul.index, sq: sq.index, add: add.index, sub: sub.index };

  const sqn = m.add('feSqn', three).body;
  feCall(sqn, fns.sq, { param: 0, offset: 0 }, { param: 1, offset: 0 });
  sqn.loop(() => {
    sqn.block(() => {
      sqn.get(2).i32(1).op('i32Sub').set(2);
      sqn.get(2).op('i32Eqz').brIf(0);
      feCall(sqn, fns.sq, { param: 0, offset: 0 }, { param: 0, offset: 0 });
      sqn.br(1);
    });
  });

  emitFreeze(m.add('feFreeze', [I32, I32]).body);
  emitPointAdd(m.add('ptAdd', three).body, fns, false);
  emitPointAdd(m.add('ptSub', three).body, fns, true);
  emitPointDouble(m.add('ptDouble', [I32, I32]).body, fns);
  emitCached(m.add('ptCached', [I32, I32]).body, fns);
  emitKeccakF(m.add('keccakF', [I32]).body);
  return m.encode(1);
}

let compiled: object | undefined;

/** A fresh instance (its own memory of `pages` × 64 KiB to start with). */
export function instantiateField(pages: number): FieldExports {
  compiled ??= new wasm.Module(fieldModule());
  const instance = new wasm.Instance(compiled);
  const exports = instance.exports as unknown as FieldExports;
  if (pages > 1) exports.memory.grow(pages - 1);
  return exports;
}
