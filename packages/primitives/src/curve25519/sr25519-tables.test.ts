import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { RistrettoPoint } from '@noble/curves/ed25519';
import { sr25519_verify } from '@polkadot-labs/schnorrkel-wasm';
import { sr25519KeypairFromSeed, sr25519Sign, waitReady } from '@polkadot/wasm-crypto';
import { bigintToLe } from '../bytes.js';
import { GROUP_ORDER, Transcript } from './merlin.js';
import { BASE_POINT_BYTES, P, RistrettoTables, decodeRistretto } from './ristretto.js';
import { Sr25519KeyTables } from './sr25519-tables.js';

const ascii = (s: string): Uint8Array => Buffer.from(s, 'latin1');
const le32 = (x: bigint): Uint8Array => bigintToLe(x, 32);
const scalar = fc.bigInt({ min: 1n, max: GROUP_ORDER - 1n });
const tables = new RistrettoTables();

void describe('Merlin transcript', () => {
  void it('gives the merlin crate’s test vector', () => {
    const t = Transcript.create('test protocol');
    t.append(ascii('some label'), ascii('some data'));
    assert.equal(
      Buffer.from(t.challenge(ascii('challenge'), 32)).toString('hex'),
      'd5a21972d0d5fe320c0d263fac7fffb8145aa640af6e9bca177c03c7efcf0615',
    );
  });

  void it('is the same through the WebAssembly permutation, across the STROBE rate', () => {
    const long = new Uint8Array(700).map((_, i) => i * 7);
    const run = (t: Transcript): string => {
      t.append(ascii('long'), long);
      return Buffer.from(t.challenge(ascii('c'), 200)).toString('hex');
    };
    assert.equal(run(Transcript.create('x', tables.keccak)), run(Transcript.create('x')));
  });
});

void describe('ristretto255', () => {
  void it('property: decoding then encoding (through WebAssembly) returns the encoding of n·B', () => {
    fc.assert(
      fc.property(scalar, fc.bigInt({ min: 1n, max: P - 1n }), (n, lambda) => {
        const bytes = RistrettoPoint.BASE.multiply(n).toRawBytes();
        const point = decodeRistretto(bytes);
        assert.ok(point !== undefined);
        assert.deepEqual(tables.encodePoint(point), bytes);
        // Projective coordinates: any common factor gives the same point.
        const scaled = {
          x: (point.x * lambda) % P,
          y: (point.y * lambda) % P,
          z: lambda,
          t: (point.t * lambda) % P,
        };
        assert.deepEqual(tables.encodePoint(scaled), bytes);
      }),
      { numRuns: 40 },
    );
  });

  void it('property: decoding accepts exactly what @noble/curves accepts', () => {
    const valid = (bytes: Uint8Array): boolean => {
      try {
        RistrettoPoint.fromHex(bytes);
        return true;
      } catch {
        return false;
      }
    };
    const candidates = fc.oneof(
      fc.uint8Array({ minLength: 32, maxLength: 32 }),
      // Near-canonical: a valid encoding with one bit flipped, or s + p.
      scalar.map((n) => RistrettoPoint.BASE.multiply(n).toRawBytes()),
      fc.tuple(scalar, fc.nat({ max: 255 })).map(([n, bit]) => {
        const b = RistrettoPoint.BASE.multiply(n).toRawBytes();
        b[bit >> 3]! ^= 1 << (bit & 7);
        return b;
      }),
    );
    fc.assert(
      fc.property(candidates, (bytes) => {
        assert.equal(decodeRistretto(bytes) !== undefined, valid(bytes));
      }),
      { numRuns: 400 },
    );
    const pPlusZero = le32(P);
    assert.equal(decodeRistretto(pPlusZero), undefined);
    assert.equal(decodeRistretto(new Uint8Array(31)), undefined);
  });

  void it('property: s·B - k·P through the tables equals (s - k·n)·B', () => {
    const slot = tables.addTable(decodeRistretto(BASE_POINT_BYTES)!);
    fc.assert(
      fc.property(scalar, scalar, scalar, (s, k, n) => {
        const point = decodeRistretto(RistrettoPoint.BASE.multiply(n).toRawBytes())!;
        tables.replaceTable(slot, point);
        const expected = (((s - k * n) % GROUP_ORDER) + GROUP_ORDER) % GROUP_ORDER;
        const want = expected === 0n ? RistrettoPoint.ZERO : RistrettoPoint.BASE.multiply(expected);
        assert.deepEqual(tables.encodeBaseMinusSlot(le32(s), le32(k), slot), want.toRawBytes());
      }),
      { numRuns: 25 },
    );
    // Scalars at the edges of the digit recoding: 0, 1, ℓ - 1, 2^252 - 1 and all-ones nibbles.
    for (const [s, k] of [
      [0n, 1n],
      [1n, 0n],
      [GROUP_ORDER - 1n, GROUP_ORDER - 1n],
      [(1n << 252n) - 1n, 0x8888888888888888888888888888888888888888888888888888888888888888n % GROUP_ORDER],
    ] as const) {
      tables.replaceTable(slot, decodeRistretto(BASE_POINT_BYTES)!);
      const expected = (((s - k) % GROUP_ORDER) + GROUP_ORDER) % GROUP_ORDER;
      const want = expected === 0n ? RistrettoPoint.ZERO : RistrettoPoint.BASE.multiply(expected);
      assert.deepEqual(tables.encodeBaseMinusSlot(le32(s), le32(k), slot), want.toRawBytes());
    }
  });
});

void describe('sr25519 verification with key tables', () => {
  const seeds = fc.uint8Array({ minLength: 32, maxLength: 32 });

  void it('property: answers exactly as schnorrkel for genuine, tampered and misattributed signatures', async () => {
    await waitReady();
    const verifier = new Sr25519KeyTables(256);
    fc.assert(
      fc.property(
        seeds,
        seeds,
        fc.uint8Array({ maxLength: 600 }),
        fc.nat({ max: 63 }),
        fc.nat({ max: 7 }),
        (seed, otherSeed, message, byte, bit) => {
          const pair = sr25519KeypairFromSeed(seed);
          const [secret, publicKey] = [pair.slice(0, 64), pair.slice(64)];
          const otherKey = sr25519KeypairFromSeed(otherSeed).slice(64);
          const signature = sr25519Sign(publicKey, secret, message);
          const key = Buffer.from(publicKey).toString('latin1');
          const otherName = Buffer.from(otherKey).toString('latin1');
          assert.equal(verifier.add(key, publicKey), true);
          assert.equal(verifier.add(otherName, otherKey), true);
          assert.equal(verifier.verify(key, publicKey, message, signature), true);
          const forged = Uint8Array.from(signature);
          forged[byte]! ^= 1 << bit;
          // The fast path only takes signatures with the marker and a scalar below 2^252.
          if ((forged[63]! & 0xf0) === 0x80) {
            assert.equal(
              verifier.verify(key, publicKey, message, forged),
              sr25519_verify(publicKey, message, forged),
            );
          }
          const changed = Uint8Array.of(...message, byte);
          assert.equal(verifier.verify(key, publicKey, changed, signature), false);
          assert.equal(verifier.verify(otherName, otherKey, message, signature), otherName === key);
        },
      ),
      { numRuns: 60 },
    );
    assert.ok(verifier.size <= 256);
  });

  void it('when full, gives a slot only to a newcomer and only from a key idle for 4 × capacity checks', async () => {
    await waitReady();
    const verifier = new Sr25519KeyTables(2);
    const keys = [1, 2, 3].map((n) => {
      const pair = sr25519KeypairFromSeed(new Uint8Array(32).fill(n));
      return { secret: pair.slice(0, 64), publicKey: pair.slice(64), name: `key${n}` };
    });
    const [k1, k2, k3] = keys as [(typeof keys)[0], (typeof keys)[0], (typeof keys)[0]];
    const message = ascii('recent use counts');
    const check = (k: typeof k1, signer = k): boolean | undefined =>
      verifier.verify(k.name, k.publicKey, message, sr25519Sign(signer.publicKey, signer.secret, message));
    assert.equal(verifier.add(k1.name, k1.publicKey), true);
    assert.equal(verifier.add(k2.name, k2.publicKey), true);
    // Rotating through more keys than slots: nobody has been idle long, so no table is rebuilt.
    for (let round = 0; round < 3; round++) {
      assert.equal(check(k1), true);
      assert.equal(check(k2), true);
      assert.equal(check(k3), undefined);
      assert.equal(verifier.add(k3.name, k3.publicKey), false);
    }
    // Key 2 idles for 8 checks (4 × capacity) while key 1 keeps signing: its slot goes to key 3.
    for (let i = 0; i < 8; i++) assert.equal(check(k1), true);
    assert.equal(verifier.add(k3.name, k3.publicKey), true);
    assert.deepEqual(
      [verifier.has(k1.name), verifier.has(k2.name), verifier.has(k3.name)],
      [true, false, true],
    );
    assert.equal(verifier.size, 2);
    assert.equal(check(k2), undefined);
    // The reused slot holds key 3's table now, not key 2's.
    assert.equal(check(k3), true);
    assert.equal(check(k3, k2), false);
  });

  void it('check: a key earns a table by regular checks; a crowd rotating through many keys never does', async () => {
    await waitReady();
    const verifier = new Sr25519KeyTables(2, 3); // idle after 8 checks; 3 regular checks earn a table
    const message = ascii('who signs often?');
    const signers = Array.from({ length: 12 }, (_, n) => {
      const pair = sr25519KeypairFromSeed(new Uint8Array(32).fill(n + 10));
      const publicKey = pair.slice(64);
      return { name: `crowd${n}`, publicKey, signature: sr25519Sign(publicKey, pair.slice(0, 64), message) };
    });
    // Twelve keys in turn: each comes back 12 checks later, past the 8-check horizon.
    for (let round = 0; round < 4; round++) {
      for (const k of signers)
        assert.equal(verifier.check(k.name, k.publicKey, message, k.signature), undefined);
    }
    assert.equal(verifier.size, 0);
    // One of them now signs every other check: its third check in a row builds its table.
    const [regular, other] = signers as [(typeof signers)[0], (typeof signers)[0]];
    const answers: (boolean | undefined)[] = [];
    for (let i = 0; i < 4; i++) {
      answers.push(verifier.check(regular.name, regular.publicKey, message, regular.signature));
      verifier.check(other.name, other.publicKey, message, other.signature);
    }
    assert.deepEqual(answers.slice(0, 2), [undefined, undefined]);
    assert.equal(answers[2], true);
    assert.ok(verifier.has(regular.name));
    assert.equal(
      verifier.check(regular.name, regular.publicKey, ascii('not this'), regular.signature),
      false,
    );
  });

  void it('refuses to build a table for bytes that are not a public key', () => {
    const verifier = new Sr25519KeyTables(2);
    assert.equal(verifier.add('bad', new Uint8Array(32).fill(0xff)), false);
    assert.equal(verifier.size, 0);
  });
});
