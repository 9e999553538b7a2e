// XXH64 (Yann Collet) in plain TypeScript. Substrate's `twox_*` hashers are this function run with seeds
// 0, 1, 2… and the u64 results written little-endian. Our own copy keeps hashing synchronous and free of
// WASM initialisation, which storage-key code on every read depends on.
//
// 64-bit arithmetic is done on two 32-bit halves (hi, lo) because BigInt is an order of magnitude slower
// for this many small multiplications.

const P1_HI = 0x9e3779b1;
const P1_LO = 0x85ebca87;
const P2_HI = 0xc2b2ae3d;
const P2_LO = 0x27d4eb4f;
const P3_HI = 0x165667b1;
const P3_LO = 0x9e3779f9;
const P4_HI = 0x85ebca77;
const P4_LO = 0xc2b2ae63;
const P5_HI = 0x27d4eb2f;
const P5_LO = 0x165667c5;

// Scratch registers: results of the 64-bit helpers land here to avoid allocating pairs.
let rHi = 0;
let rLo = 0;

function add(aHi: number, aLo: number, bHi: number, bLo: number): void {
  const lo = (aLo >>> 0) + (bLo >>> 0);
  rLo = lo >>> 0;
  rHi = (aHi + bHi + (lo > 0xffffffff ? 1 : 0)) >>> 0;
}

/** Low 64 bits of a 64×64 product. */
function mul(aHi: number, aLo: number, bHi: number, bLo: number): void {
  // Full 64-bit product of the low words, computed from 16-bit pieces so every partial fits in 2^53.
  const a0 = aLo & 0xffff;
  const a1 = aLo >>> 16;
  const b0 = bLo & 0xffff;
  const b1 = bLo >>> 16;
  const p00 = a0 * b0;
  const mid = a1 * b0 + a0 * b1 + (p00 >>> 16); // < 2^34
  const lo = ((mid & 0xffff) << 16) | (p00 & 0xffff);
  const carry = Math.floor(mid / 0x10000) + a1 * b1; // high word of aLo*bLo
  rLo = lo >>> 0;
  rHi = (carry + Math.imul(aHi, bLo) + Math.imul(aLo, bHi)) >>> 0;
}

function rotl(hi: number, lo: number, n: number): void {
  if (n === 32) {
    rHi = lo;
    rLo = hi;
    return;
  }
  if (n > 32) {
    const t = hi;
    hi = lo;
    lo = t;
    n -= 32;
  }
  rHi = ((hi << n) | (lo >>> (32 - n))) >>> 0;
  rLo = ((lo << n) | (hi >>> (32 - n))) >>> 0;
}

/** acc = rotl(acc + lane * P2, 31) * P1 */
function round(accHi: number, accLo: number, laneHi: number, laneLo: number): void {
  mul(laneHi, laneLo, P2_HI, P2_LO);
  add(accHi, accLo, rHi, rLo);
  rotl(rHi, rLo, 31);
  mul(rHi, rLo, P1_HI, P1_LO);
}

/** h = (h ^ round(0, v)) * P1 + P4 */
function mergeRound(hHi: number, hLo: number, vHi: number, vLo: number): void {
  round(0, 0, vHi, vLo);
  mul((hHi ^ rHi) >>> 0, (hLo ^ rLo) >>> 0, P1_HI, P1_LO);
  add(rHi, rLo, P4_HI, P4_LO);
}

// Callers guarantee the index is in range; `?? 0` only satisfies noUncheckedIndexedAccess.
function read32(d: Uint8Array, p: number): number {
  return ((d[p] ?? 0) | ((d[p + 1] ?? 0) << 8) | ((d[p + 2] ?? 0) << 16) | ((d[p + 3] ?? 0) << 24)) >>> 0;
}

function write32(d: Uint8Array, p: number, v: number): void {
  d[p] = v & 0xff;
  d[p + 1] = (v >>> 8) & 0xff;
  d[p + 2] = (v >>> 16) & 0xff;
  d[p + 3] = v >>> 24;
}

/** XXH64 of `data` with a 32-bit `seed`, as little-endian 8 bytes written into `out` at `offset`. */
export function xxhash64Into(data: Uint8Array, seed: number, out: Uint8Array, offset: number): void {
  const len = data.length;
  let p = 0;
  let hHi: number;
  let hLo: number;
  if (len >= 32) {
    add(0, seed, P1_HI, P1_LO);
    add(rHi, rLo, P2_HI, P2_LO);
    let v1Hi = rHi;
    let v1Lo = rLo;
    add(0, seed, P2_HI, P2_LO);
    let v2Hi = rHi;
    let v2Lo = rLo;
    let v3Hi = 0;
    let v3Lo = seed >>> 0;
    // seed - P1 == seed + (2^64 - P1)
    add(0, seed, ~P1_HI >>> 0, (~P1_LO + 1) >>> 0);
    let v4Hi = rHi;
    let v4Lo = rLo;
    const limit = len - 32;
    do {
      round(v1Hi, v1Lo, read32(data, p + 4), read32(data, p));
      v1Hi = rHi;
      v1Lo = rLo;
      round(v2Hi, v2Lo, read32(data, p + 12), read32(data, p + 8));
      v2Hi = rHi;
      v2Lo = rLo;
      round(v3Hi, v3Lo, read32(data, p + 20), read32(data, p + 16));
      v3Hi = rHi;
      v3Lo = rLo;
      round(v4Hi, v4Lo, read32(data, p + 28), read32(data, p + 24));
      v4Hi = rHi;
      v4Lo = rLo;
      p += 32;
    } while (p <= limit);
    rotl(v1Hi, v1Lo, 1);
    hHi = rHi;
    hLo = rLo;
    rotl(v2Hi, v2Lo, 7);
    add(hHi, hLo, rHi, rLo);
    hHi = rHi;
    hLo = rLo;
    rotl(v3Hi, v3Lo, 12);
    add(hHi, hLo, rHi, rLo);
    hHi = rHi;
    hLo = rLo;
    rotl(v4Hi, v4Lo, 18);
    add(hHi, hLo, rHi, rLo);
    hHi = rHi;
    hLo = rLo;
    mergeRound(hHi, hLo, v1Hi, v1Lo);
    mergeRound(rHi, rLo, v2Hi, v2Lo);
    mergeRound(rHi, rLo, v3Hi, v3Lo);
    mergeRound(rHi, rLo, v4Hi, v4Lo);
    hHi = rHi;
    hLo = rLo;
  } else {
    add(0, seed, P5_HI, P5_LO);
    hHi = rHi;
    hLo = rLo;
  }
  // Lengths above 2^32 bytes cannot occur in a Uint8Array we are handed here.
  add(hHi, hLo, Math.floor(len / 0x100000000), len >>> 0);
  hHi = rHi;
  hLo = rLo;
  while (p + 8 <= len) {
    round(0, 0, read32(data, p + 4), read32(data, p));
    rotl((hHi ^ rHi) >>> 0, (hLo ^ rLo) >>> 0, 27);
    mul(rHi, rLo, P1_HI, P1_LO);
    add(rHi, rLo, P4_HI, P4_LO);
    hHi = rHi;
    hLo = rLo;
    p += 8;
  }
  if (p + 4 <= len) {
    mul(0, read32(data, p), P1_HI, P1_LO);
    rotl((hHi ^ rHi) >>> 0, (hLo ^ rLo) >>> 0, 23);
    mul(rHi, rLo, P2_HI, P2_LO);
    add(rHi, rLo, P3_HI, P3_LO);
    hHi = rHi;
    hLo = rLo;
    p += 4;
  }
  while (p < len) {
    mul(0, data[p] ?? 0, P5_HI, P5_LO);
    rotl((hHi ^ rHi) >>> 0, (hLo ^ rLo) >>> 0, 11);
    mul(rHi, rLo, P1_HI, P1_LO);
    hHi = rHi;
    hLo = rLo;
    p += 1;
  }
  // Avalanche.
  hLo = (hLo ^ (hHi >>> 1)) >>> 0; // h ^= h >> 33
  mul(hHi, hLo, P2_HI, P2_LO);
  hHi = rHi;
  hLo = rLo;
  hLo = (hLo ^ ((hLo >>> 29) | (hHi << 3))) >>> 0; // h ^= h >> 29
  hHi = (hHi ^ (hHi >>> 29)) >>> 0;
  mul(hHi, hLo, P3_HI, P3_LO);
  hHi = rHi;
  hLo = rLo;
  hLo = (hLo ^ hHi) >>> 0; // h ^= h >> 32
  write32(out, offset, hLo);
  write32(out, offset + 4, hHi);
}

/** XXH64 of `data` with `seed` as a bigint (the number, not Substrate's byte order). */
export function xxhash64(data: Uint8Array, seed = 0): bigint {
  const out = new Uint8Array(8);
  xxhash64Into(data, seed, out, 0);
  return new DataView(out.buffer).getBigUint64(0, true);
}
