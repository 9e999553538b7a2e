import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { keccakP } from '@noble/hashes/sha3.js';
import { ADDRESS, FE_BYTES, LIMB_OFFSETS, instantiateField } from './field-wasm.js';
import { roundConstants } from './keccak-wasm.js';

const P = (1n << 255n) - 19n;
const f = instantiateField(1);
const words = (): Int32Array => new Int32Array(f.memory.buffer);
const mask = (i: number): bigint => (1n << BigInt(i % 2 === 0 ? 26 : 25)) - 1n;

/** Writes x (below 2^255) as unreduced-free limbs. */
function write(address: number, x: bigint): void {
  words().set(
    LIMB_OFFSETS.map((o, i) => Number((x >> BigInt(o)) & mask(i))),
    address / 4,
  );
}

/** The value of the (possibly signed, unreduced) limbs at `address`, modulo p. */
function read(address: number): bigint {
  const w = words();
  let x = 0n;
  for (let i = 0; i < 10; i++) x += BigInt(w[address / 4 + i]!) << BigInt(LIMB_OFFSETS[i]!);
  return ((x % P) + P) % P;
}

const [A, B, H] = [1024, 1024 + FE_BYTES, 1024 + 2 * FE_BYTES];
const element = fc.bigInt({ min: 0n, max: (1n << 255n) - 1n });

void describe('field arithmetic modulo 2^255 - 19 (WebAssembly)', () => {
  void it('property: mul, square, add, sub and repeated squaring agree with bigint arithmetic', () => {
    fc.assert(
      fc.property(element, element, fc.integer({ min: 1, max: 12 }), (a, b, n) => {
        const [ra, rb] = [a % P, b % P];
        write(A, a);
        write(B, b);
        f.feMul(H, A, B);
        assert.equal(read(H), (ra * rb) % P);
        f.feSq(H, A);
        assert.equal(read(H), (ra * ra) % P);
        f.feAdd(H, A, B);
        assert.equal(read(H), (ra + rb) % P);
        f.feSub(H, A, B);
        assert.equal(read(H), (((ra - rb) % P) + P) % P);
        // Results feed further operations: a product of a difference and a sum.
        f.feAdd(B, A, B);
        f.feMul(H, H, B);
        assert.equal(read(H), (((((ra - rb) % P) + P) % P) * ((ra + rb) % P)) % P);
        f.feSqn(H, A, n);
        let expected = ra;
        for (let i = 0; i < n; i++) expected = (expected * expected) % P;
        assert.equal(read(H), expected);
      }),
      { numRuns: 300 },
    );
  });

  void it('freeze gives canonical limbs, including at and just above p', () => {
    const edges = [0n, 1n, 18n, 19n, P - 1n, P, P + 1n, P + 18n, (1n << 255n) - 1n];
    const randoms = fc.sample(element, 100);
    for (const x of [...edges, ...randoms]) {
      write(A, x);
      f.feFreeze(H, A);
      const w = words();
      let value = 0n;
      for (let i = 0; i < 10; i++) {
        const limb = w[H / 4 + i]!;
        assert.ok(limb >= 0 && BigInt(limb) <= mask(i), `limb ${i} of ${x} is ${limb}`);
        value += BigInt(limb) << BigInt(LIMB_OFFSETS[i]!);
      }
      assert.equal(value, x % P);
    }
  });

  void it('freeze canonicalises signed limbs left by a subtraction', () => {
    write(A, 5n);
    write(B, 7n);
    f.feSub(H, A, B);
    f.feFreeze(H, H);
    assert.equal(read(H), P - 2n);
    assert.equal(words()[H / 4], Number((P - 2n) & mask(0)));
  });
});

void describe('Keccak-f[1600] (WebAssembly)', () => {
  void it('round constants are the specification’s', () => {
    const rc = roundConstants();
    assert.equal(rc.length, 24);
    assert.equal(rc[0], 1n);
    assert.equal(rc[1], 0x8082n);
    assert.equal(rc[23], 0x8000000080008008n);
  });

  void it('property: the permutation equals @noble/hashes keccakP on any state', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 200, maxLength: 200 }), (state) => {
        const expected = new Uint32Array(Uint8Array.from(state).buffer);
        keccakP(expected, 24);
        const bytes = new Uint8Array(f.memory.buffer, ADDRESS.keccak, 200);
        bytes.set(state);
        f.keccakF(ADDRESS.keccak);
        assert.deepEqual(Buffer.from(bytes), Buffer.from(expected.buffer));
      }),
      { numRuns: 50 },
    );
  });
});
