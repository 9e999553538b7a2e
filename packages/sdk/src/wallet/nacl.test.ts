import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  decryptKeyfileData,
  encryptKeyfileData,
  isEncryptedKeyfileData,
  keyfileEncryption,
} from './encryption.js';
import { KeyfileDecryptionError, KeyfileFormatError } from './errors.js';
import { NACL_PREFIX, TEST_ONLY_FAST_KDF, deriveNaclKey, openNacl, sealNacl } from './nacl.js';
import { vectors } from './test-support.js';

const v = vectors.nacl_keyfile;
const vectorFile = new Uint8Array(Buffer.from(v.keyfile_hex, 'hex'));
const fast = { kdf: TEST_ONLY_FAST_KDF };

describe('$NACL keyfiles', () => {
  it("decrypts bittensor's vector at bittensor's real argon2 cost (t=8, 512 MiB)", async () => {
    const plain = await decryptKeyfileData(vectorFile, v.password, { path: '/w/coldkey' });
    assert.equal(Buffer.from(plain).toString('utf8'), v.plaintext);
  });

  it('re-creates the vector byte for byte from its key and nonce', () => {
    const key = Buffer.from(v.derived_key_hex, 'hex');
    const sealed = sealNacl(Buffer.from(v.plaintext), key, Buffer.from(v.nonce_hex, 'hex'));
    assert.deepEqual(Buffer.from(sealed), Buffer.from(vectorFile));
    assert.equal(Buffer.from(openNacl(vectorFile, key)).toString('utf8'), v.plaintext);
  });

  it('round-trips any plaintext and password (cheap test KDF)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 600 }),
        fc.string({ minLength: 1, maxLength: 40 }),
        async (data, pw) => {
          const sealed = await encryptKeyfileData(data, pw, fast);
          assert.equal(keyfileEncryption(sealed), 'nacl');
          assert.equal(sealed.length, NACL_PREFIX.length + 24 + 16 + data.length);
          assert.deepEqual(await decryptKeyfileData(sealed, pw, fast), data);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('uses a fresh nonce every time', async () => {
    const a = await encryptKeyfileData(Buffer.from('same'), 'pw', fast);
    const b = await encryptKeyfileData(Buffer.from('same'), 'pw', fast);
    assert.notDeepEqual(Buffer.from(a), Buffer.from(b));
  });

  it('rejects a wrong password with KEYFILE_WRONG_PASSWORD naming the file, never the password', async () => {
    const sealed = await encryptKeyfileData(Buffer.from('{"x":1}'), 'correct horse', fast);
    await assert.rejects(
      decryptKeyfileData(sealed, 'battery staple', { ...fast, path: '/w/test/coldkey' }),
      (e: unknown) => {
        assert.ok(e instanceof KeyfileDecryptionError);
        assert.equal(e.code, 'KEYFILE_WRONG_PASSWORD');
        assert.match(e.message, /\/w\/test\/coldkey/);
        assert.doesNotMatch(e.message, /battery|correct/);
        return true;
      },
    );
  });

  it('treats any flipped ciphertext bit as a failed unlock, and truncation as a format error', async () => {
    const sealed = await encryptKeyfileData(Buffer.from('{"secretPhrase":"..."}'), 'pw', fast);
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: NACL_PREFIX.length, max: sealed.length - 1 }),
        fc.integer({ min: 0, max: 7 }),
        async (at, bit) => {
          const bad = sealed.slice();
          bad[at] = (bad[at] as number) ^ (1 << bit);
          await assert.rejects(decryptKeyfileData(bad, 'pw', fast), KeyfileDecryptionError);
        },
      ),
      { numRuns: 30 },
    );
    for (const length of [5, 20, NACL_PREFIX.length + 24 + 15]) {
      await assert.rejects(decryptKeyfileData(sealed.subarray(0, length), 'pw', fast), KeyfileFormatError);
    }
  });

  it('detects formats by prefix and refuses unknown data with KEYFILE_FORMAT', async () => {
    assert.equal(isEncryptedKeyfileData(vectorFile), true);
    assert.equal(isEncryptedKeyfileData(Buffer.from(v.plaintext)), false);
    assert.equal(keyfileEncryption(Buffer.from('$ANSIBLE_VAULT;1.1;AES256\n00')), 'ansible-vault');
    assert.equal(keyfileEncryption(Buffer.from('gAAAAABl')), 'fernet');
    await assert.rejects(
      decryptKeyfileData(Buffer.from('garbage'), 'pw'),
      (e: unknown) => e instanceof KeyfileFormatError && e.code === 'KEYFILE_FORMAT',
    );
    await assert.rejects(decryptKeyfileData(new Uint8Array(0), 'pw'), /empty/);
  });

  it('derives the same key as libsodium for the cheap test cost too (argon2i, fixed salt)', async () => {
    const a = await deriveNaclKey('pw', TEST_ONLY_FAST_KDF);
    const b = await deriveNaclKey('pw', TEST_ONLY_FAST_KDF);
    assert.equal(a.length, 32);
    assert.deepEqual(a, b);
    assert.notDeepEqual(a, await deriveNaclKey('pw2', TEST_ONLY_FAST_KDF));
  });
});
