// ristretto255 (RFC 9496) over the WebAssembly field code: decoding (once per point, in bigint),
// encoding, and s·B + k·P with precomputed tables. A table holds j·256^w·P for j = 1..8 and
// w = 0..31 (256 cached points, 40 KiB): a 253-bit scalar in signed radix-16 digits then costs 64
// table additions and 4 doublings, against about 250 doublings and 50 additions without one. Tables
// pay off for points used again and again: the base point, and the public keys of regular callers.
import {
  ADDRESS,
  FE_BYTES,
  type FieldExports,
  LIMBS,
  LIMB_OFFSETS,
  POINT_BYTES,
  instantiateField,
} from './field-wasm.js';
import { bigintFromLe, bigintToLe } from '../bytes.js';

export const P = (1n << 255n) - 19n;
const D = 37095705934669439343138083508754565189542113879843219016388785533085940283555n;
const SQRT_M1 = 19681161376707505956807079304988542015446066515923890162744021073123829784752n;
const INVSQRT_A_MINUS_D = 54469307008909316920995813868745141605393597292927456921205312896311721017578n;
/** The ristretto255 encoding of the generator. */
export const BASE_POINT_BYTES = Buffer.from(
  'e2f2ae0a6abc4e71a884a961c500515f58e30b6aa582dd8db6a65945e08d2d76',
  'hex',
);

const mod = (x: bigint): bigint => ((x % P) + P) % P;

function pow(base: bigint, exponent: bigint): bigint {
  let result = 1n;
  let b = mod(base);
  for (let e = exponent; e > 0n; e >>= 1n) {
    if ((e & 1n) === 1n) result = (result * b) % P;
    b = (b * b) % P;
  }
  return result;
}

const isNegative = (x: bigint): boolean => (mod(x) & 1n) === 1n;
const abs = (x: bigint): bigint => (isNegative(x) ? mod(-x) : mod(x));

/** RFC 9496 SQRT_RATIO_M1: whether u/v is a square, and the non-negative root of u/v or of i·u/v. */
function sqrtRatio(u: bigint, v: bigint): { square: boolean; root: bigint } {
  const v3 = mod(v * v * v);
  const v7 = mod(v3 * v3 * v);
  let r = mod(u * v3 * pow(u * v7, (P - 5n) / 8n));
  const check = mod(v * r * r);
  const correct = check === mod(u);
  const flipped = check === mod(-u);
  if (flipped || check === mod(-u * SQRT_M1)) r = mod(r * SQRT_M1);
  return { square: correct || flipped, root: abs(r) };
}

/** Extended coordinates of a point. */
export interface ExtendedPoint {
  readonly x: bigint;
  readonly y: bigint;
  readonly z: bigint;
  readonly t: bigint;
}

/** RFC 9496 §4.3.1 decoding; undefined for bytes that are not a canonical encoding. */
export function decodeRistretto(bytes: Uint8Array): ExtendedPoint | undefined {
  if (bytes.length !== 32) return undefined;
  const s = bigintFromLe(bytes);
  if (s >= P || isNegative(s)) return undefined;
  const ss = mod(s * s);
  const u1 = mod(1n - ss);
  const u2 = mod(1n + ss);
  const u2Squared = mod(u2 * u2);
  const v = mod(-(D * u1 * u1) - u2Squared);
  const { square, root } = sqrtRatio(1n, mod(v * u2Squared));
  const denX = mod(root * u2);
  const denY = mod(root * denX * v);
  const x = abs(2n * s * denX);
  const y = mod(u1 * denY);
  const t = mod(x * y);
  if (!square || isNegative(t) || y === 0n) return undefined;
  return { x, y, z: 1n, t };
}

function limbsOf(x: bigint): number[] {
  const v = mod(x);
  return LIMB_OFFSETS.map((o, i) => Number((v >> BigInt(o)) & ((1n << BigInt(i % 2 === 0 ? 26 : 25)) - 1n)));
}

/** Canonical limbs of a few constants, for comparisons after `feFreeze`. */
const NEG_ONE = limbsOf(-1n);
const NEG_SQRT_M1 = limbsOf(-SQRT_M1);
/** The neutral point (0, 1, 1, 0), all four coordinates. */
const IDENTITY_LIMBS = [0n, 1n, 1n, 0n].flatMap(limbsOf);

/** Memory map (bytes) below the key tables; see field-wasm.ts for the fixed addresses under 512. */
const SCRATCH = 512;
const SCRATCH_NAMES = [
  ...['u1', 'u2', 'v', 'r', 't', 'den1', 'den2', 'zInv', 'x', 'y', 'den', 's', 'check'],
  ...['sqrtM1', 'invsqrtAMinusD', 't0', 't1', 't2', 't3', 'frozen'],
] as const;
/** Field elements of the encoding and of the exponentiation, in the scratch area (25 at most). */
const S = Object.fromEntries(SCRATCH_NAMES.map((n, i) => [n, SCRATCH + i * FE_BYTES])) as Record<
  (typeof SCRATCH_NAMES)[number],
  number
>;
const ACCUMULATOR = 1536;
const CURSOR = 1696;
const TABLE_BYTES = 32 * 8 * POINT_BYTES;
const BASE_TABLE = 4096;
const FIRST_SLOT = 65536;
const PAGE_BITS = 16; // WebAssembly pages are 64 KiB
const PAGE = 1 << PAGE_BITS;

/** Signed radix-16 digits (-8..8) of a 32-byte little-endian scalar below 2^255. */
function radix16(scalar: Uint8Array, out: Int8Array): void {
  for (let i = 0; i < 32; i++) {
    out[2 * i] = scalar[i]! & 15;
    out[2 * i + 1] = scalar[i]! >> 4;
  }
  let carry = 0;
  for (let i = 0; i < 63; i++) {
    const e = out[i]! + carry;
    carry = (e + 8) >> 4;
    out[i] = e - (carry << 4);
  }
  out[63] = out[63]! + carry;
}

export class RistrettoTables {
  readonly #f: FieldExports;
  #words: Int32Array;
  readonly #digitsS = new Int8Array(64);
  readonly #digitsK = new Int8Array(64);
  #slots = 0;

  constructor() {
    this.#f = instantiateField(1);
    this.#words = new Int32Array(this.#f.memory.buffer);
    this.#setLimbs(ADDRESS.d2, limbsOf(2n * D));
    this.#setLimbs(S.sqrtM1, limbsOf(SQRT_M1));
    this.#setLimbs(S.invsqrtAMinusD, limbsOf(INVSQRT_A_MINUS_D));
    const base = decodeRistretto(BASE_POINT_BYTES);
    if (base === undefined) throw new Error('ristretto255: the base point does not decode');
    this.#buildTable(BASE_TABLE, base);
  }

  /** Keccak-f[1600] through the WebAssembly code (the state is copied in and out). */
  readonly keccak = (state: Uint8Array): void => {
    const bytes = new Uint8Array(this.#f.memory.buffer, ADDRESS.keccak, 200);
    bytes.set(state);
    this.#f.keccakF(ADDRESS.keccak);
    state.set(bytes);
  };

  /** Builds the table of `point` in a new slot; returns the slot's number. */
  addTable(point: ExtendedPoint): number {
    const slot = this.#slots++;
    const end = FIRST_SLOT + (slot + 1) * TABLE_BYTES;
    const memory = this.#f.memory;
    if (end > memory.buffer.byteLength) {
      memory.grow((end - memory.buffer.byteLength + PAGE - 1) >> PAGE_BITS);
      this.#words = new Int32Array(memory.buffer);
    }
    this.#buildTable(this.#slotAddress(slot), point);
    return slot;
  }

  /** Replaces the table in `slot` by the one of `point`. */
  replaceTable(slot: number, point: ExtendedPoint): void {
    this.#buildTable(this.#slotAddress(slot), point);
  }

  get slots(): number {
    return this.#slots;
  }

  /** The encoding of s·B - k·P, P the point in `slot` (scalars: 32 bytes little-endian, < 2^255). */
  encodeBaseMinusSlot(s: Uint8Array, k: Uint8Array, slot: number): Uint8Array {
    const f = this.#f;
    radix16(s, this.#digitsS);
    radix16(k, this.#digitsK);
    this.#setLimbs(ACCUMULATOR, IDENTITY_LIMBS);
    const table = this.#slotAddress(slot);
    this.#addDigits(1, table);
    for (let i = 0; i < 4; i++) f.ptDouble(ACCUMULATOR, ACCUMULATOR);
    this.#addDigits(0, table);
    return this.#encode(ACCUMULATOR);
  }

  /** Adds digit i·16^i·B and subtracts k_i·16^i·P for i of one parity. */
  #addDigits(parity: number, table: number): void {
    const f = this.#f;
    const ds = this.#digitsS;
    const dk = this.#digitsK;
    for (let i = parity; i < 64; i += 2) {
      const row = (i >> 1) * 8;
      const s = ds[i]!;
      if (s > 0) f.ptAdd(ACCUMULATOR, ACCUMULATOR, BASE_TABLE + (row + s - 1) * POINT_BYTES);
      else if (s < 0) f.ptSub(ACCUMULATOR, ACCUMULATOR, BASE_TABLE + (row - s - 1) * POINT_BYTES);
      const k = dk[i]!;
      if (k > 0) f.ptSub(ACCUMULATOR, ACCUMULATOR, table + (row + k - 1) * POINT_BYTES);
      else if (k < 0) f.ptAdd(ACCUMULATOR, ACCUMULATOR, table + (row - k - 1) * POINT_BYTES);
    }
  }

  #slotAddress(slot: number): number {
    return FIRST_SLOT + slot * TABLE_BYTES;
  }

  #setPoint(address: number, point: ExtendedPoint): void {
    this.#setLimbs(address, [point.x, point.y, point.z, point.t].flatMap(limbsOf));
  }

  #setLimbs(address: number, limbs: readonly number[]): void {
    this.#words.set(limbs, address / 4);
  }

  #buildTable(address: number, point: ExtendedPoint): void {
    const f = this.#f;
    this.#setPoint(CURSOR, point);
    for (let w = 0; w < 32; w++) {
      const row = address + w * 8 * POINT_BYTES;
      f.ptCached(row, CURSOR);
      this.#words.copyWithin(ACCUMULATOR / 4, CURSOR / 4, (CURSOR + POINT_BYTES) / 4);
      for (let j = 1; j < 8; j++) {
        f.ptAdd(ACCUMULATOR, ACCUMULATOR, row);
        f.ptCached(row + j * POINT_BYTES, ACCUMULATOR);
      }
      if (w < 31) for (let d = 0; d < 8; d++) f.ptDouble(CURSOR, CURSOR);
    }
  }

  /** Whether the canonical form of the element at `address` equals `limbs` (canonical). */
  #equals(address: number, limbs: readonly number[]): boolean {
    const at = S.frozen;
    this.#f.feFreeze(at, address);
    const w = this.#words;
    for (let i = 0; i < LIMBS; i++) if (w[at / 4 + i] !== limbs[i]) return false;
    return true;
  }

  #negative(address: number): boolean {
    const at = S.frozen;
    this.#f.feFreeze(at, address);
    return ((this.#words[at / 4] as number) & 1) === 1;
  }

  /** RFC 9496 §4.3.2 encoding of the extended point at `point`. */
  #encode(point: number): Uint8Array {
    const f = this.#f;
    const [X, Y, Z, T] = [0, 1, 2, 3].map((i) => point + i * FE_BYTES) as unknown as readonly [
      number,
      number,
      number,
      number,
    ];
    const { u1, u2, v, r, t, den1, den2, zInv, x, y, den, s, check } = S;
    f.feAdd(u1, Z, Y);
    f.feSub(t, Z, Y);
    f.feMul(u1, u1, t);
    f.feMul(u2, X, Y);
    f.feSq(v, u2);
    f.feMul(v, v, u1);
    // invsqrt(v) = SQRT_RATIO_M1(1, v): r = v³·(v⁷)^((p-5)/8), then fixed up by √-1 and sign.
    f.feSq(t, v);
    f.feMul(t, t, v); // v³
    f.feSq(check, t);
    f.feMul(check, check, v); // v⁷
    this.#pow22523(r, check);
    f.feMul(r, r, t);
    f.feSq(check, r);
    f.feMul(check, check, v);
    if (this.#equals(check, NEG_ONE) || this.#equals(check, NEG_SQRT_M1)) f.feMul(r, r, S.sqrtM1);
    if (this.#negative(r)) f.feSub(r, ADDRESS.zero, r);
    f.feMul(den1, r, u1);
    f.feMul(den2, r, u2);
    f.feMul(zInv, den1, den2);
    f.feMul(zInv, zInv, T);
    f.feMul(t, T, zInv);
    if (this.#negative(t)) {
      f.feMul(x, Y, S.sqrtM1);
      f.feMul(y, X, S.sqrtM1);
      f.feMul(den, den1, S.invsqrtAMinusD);
    } else {
      f.feAdd(x, X, ADDRESS.zero);
      f.feAdd(y, Y, ADDRESS.zero);
      f.feAdd(den, den2, ADDRESS.zero);
    }
    f.feMul(t, x, zInv);
    if (this.#negative(t)) f.feSub(y, ADDRESS.zero, y);
    f.feSub(s, Z, y);
    f.feMul(s, s, den);
    if (this.#negative(s)) f.feSub(s, ADDRESS.zero, s);
    return this.#bytes(s);
  }

  /** h = f^(2^n)·g (h must not be g). */
  #squaresTimes(h: number, f: number, n: number, g: number): void {
    this.#f.feSqn(h, f, n);
    this.#f.feMul(h, h, g);
  }

  /** h = z^(2^252 - 3) (h must not be z): ref10's addition chain, through z^(2^k - 1). */
  #pow22523(h: number, z: number): void {
    const { t0, t1, t2, t3 } = S;
    this.#f.feSq(t0, z);
    this.#squaresTimes(t1, t0, 2, z); // z^9
    this.#f.feMul(t0, t0, t1); // z^11
    this.#squaresTimes(t0, t0, 1, t1); // z^(2^5 - 1)
    this.#squaresTimes(t1, t0, 5, t0); // z^(2^10 - 1)
    this.#squaresTimes(t2, t1, 10, t1); // z^(2^20 - 1)
    this.#squaresTimes(t3, t2, 20, t2); // z^(2^40 - 1)
    this.#squaresTimes(t3, t3, 10, t1); // z^(2^50 - 1)
    this.#squaresTimes(t0, t3, 50, t3); // z^(2^100 - 1)
    this.#squaresTimes(t1, t0, 100, t0); // z^(2^200 - 1)
    this.#squaresTimes(t1, t1, 50, t3); // z^(2^250 - 1)
    this.#squaresTimes(h, t1, 2, z); // z^(2^252 - 3)
  }

  /** The 32 little-endian bytes of the element at `address`. */
  #bytes(address: number): Uint8Array {
    const at = S.frozen;
    this.#f.feFreeze(at, address);
    let value = 0n;
    for (let i = 0; i < LIMBS; i++) value |= BigInt(this.#words[at / 4 + i]!) << BigInt(LIMB_OFFSETS[i]!);
    return bigintToLe(value, 32);
  }

  /** For tests: the encoding of the point given in extended coordinates, through the WASM code. */
  encodePoint(point: ExtendedPoint): Uint8Array {
    this.#setPoint(CURSOR, point);
    return this.#encode(CURSOR);
  }
}
