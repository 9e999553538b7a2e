import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { base58 } from '@scure/base';
import { decodeAddress as pjsDecode, encodeAddress as pjsEncode } from '@polkadot/util-crypto';
import { fromHex, toHex } from './bytes.js';
import {
  InvalidAddressError,
  Ss58ChecksumError,
  convertAddress,
  decodeAddress,
  encodeAddress,
  isValidAddress,
  ss58Decode,
} from './ss58.js';

const ALICE = '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY';
const ALICE_PK = '0xd43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d';
const BAD_CHECKSUM = '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPa9bKLUMgb4';

void describe('SS58', () => {
  void it('encodes and decodes Alice with prefix 42', () => {
    assert.equal(encodeAddress(fromHex(ALICE_PK)), ALICE);
    assert.equal(toHex(decodeAddress(ALICE)), ALICE_PK);
    assert.deepEqual(ss58Decode(ALICE).prefix, 42);
    assert.ok(isValidAddress(ALICE));
    assert.ok(isValidAddress(ALICE, 42));
    assert.ok(!isValidAddress(ALICE, 0));
  });
  void it('throws Ss58ChecksumError on a bad checksum', () => {
    assert.throws(
      () => decodeAddress(BAD_CHECKSUM, 'hotkey'),
      (e: unknown) =>
        e instanceof Ss58ChecksumError &&
        e.code === 'SS58_CHECKSUM' &&
        e.field === 'hotkey' &&
        e.message.includes(BAD_CHECKSUM),
    );
    assert.ok(!isValidAddress(BAD_CHECKSUM));
  });
  void it('throws InvalidAddressError on bad base58, length or prefix', () => {
    for (const bad of [
      '',
      '0OIl',
      ALICE.slice(0, -1),
      'x'.repeat(500),
      base58.encode(Uint8Array.of(0x80, ...new Uint8Array(34))),
    ]) {
      assert.throws(
        () => decodeAddress(bad),
        (e: unknown) => e instanceof InvalidAddressError && e.code === 'INVALID_ADDRESS',
        bad,
      );
    }
    assert.throws(() => decodeAddress(123 as unknown as string), InvalidAddressError);
    // One extra character still parses as a (33-byte payload) address shape, so the checksum catches it.
    assert.throws(() => decodeAddress(`${ALICE}1`), Ss58ChecksumError);
    assert.throws(() => decodeAddress(ALICE, 'dest', 0), /expected SS58 prefix 0, got 42/);
  });
  void it('rejects bad prefixes and key lengths on encode', () => {
    for (const prefix of [-1, 16384, 46, 47, 1.5]) {
      assert.throws(() => encodeAddress(new Uint8Array(32), prefix), InvalidAddressError);
    }
    assert.throws(() => encodeAddress(new Uint8Array(31)), InvalidAddressError);
  });
  void it('accepts any prefix when decoding and converts between them', () => {
    const polkadot = convertAddress(ALICE, 0);
    assert.equal(polkadot, '15oF4uVJwmo4TdGW7VfQxNLavjCXviqxT9S1MgbjMNHr6Sp5');
    assert.equal(toHex(decodeAddress(polkadot)), ALICE_PK);
    assert.equal(convertAddress(polkadot), ALICE);
  });
  void it('matches @polkadot/util-crypto for every prefix form (property)', () => {
    const prefix = fc.integer({ min: 0, max: 16383 }).filter((p) => p !== 46 && p !== 47);
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), prefix, (key, p) => {
        const ours = encodeAddress(key, p);
        assert.equal(ours, pjsEncode(key, p));
        const decoded = ss58Decode(ours);
        assert.equal(decoded.prefix, p);
        assert.deepEqual(decoded.publicKey, key);
        assert.deepEqual(decodeAddress(ours), pjsDecode(ours));
      }),
      { numRuns: 1000 },
    );
  });
  void it('handles short (account index) and 33-byte payloads like polkadot-js', () => {
    for (const len of [1, 2, 4, 8, 33]) {
      const key = Uint8Array.from({ length: len }, (_, k) => k + 1);
      const address = encodeAddress(key, 42);
      assert.equal(address, pjsEncode(key, 42));
      assert.deepEqual(ss58Decode(address).publicKey, key);
      assert.throws(() => decodeAddress(address), /32-byte/);
    }
  });
  void it('detects any single-character typo (property)', () => {
    const alphabet = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: ALICE.length - 1 }),
        fc.integer({ min: 0, max: 57 }),
        (pos, c) => {
          const ch = alphabet[c] ?? '1';
          if (ALICE[pos] === ch) return;
          const typo = ALICE.slice(0, pos) + ch + ALICE.slice(pos + 1);
          assert.ok(!isValidAddress(typo), typo);
        },
      ),
    );
  });
});
