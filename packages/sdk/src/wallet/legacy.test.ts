import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { decryptKeyfileData, keyfileEncryption } from './encryption.js';
import { KeyfileDecryptionError, KeyfileFormatError } from './errors.js';
import {
  decryptAnsibleVault,
  deriveLegacyFernetKey,
  encryptAnsibleVault,
  fernetKeyFromBase64,
  openFernet,
  sealFernet,
} from './legacy.js';
import { vectors } from './test-support.js';

const av = vectors.legacy_ansible_vault;
const fv = vectors.legacy_fernet;

describe('Ansible Vault keyfiles (legacy, read)', () => {
  it('decrypts the vector and re-creates it byte for byte from its salt', async () => {
    const vault = Buffer.from(av.vault);
    assert.equal(Buffer.from(await decryptKeyfileData(vault, av.password)).toString('utf8'), av.plaintext);
    const again = encryptAnsibleVault(
      Buffer.from(av.plaintext),
      av.password,
      Buffer.from(av.salt_hex, 'hex'),
    );
    assert.equal(Buffer.from(again).toString('utf8'), av.vault);
  });

  it('rejects a wrong password with KEYFILE_WRONG_PASSWORD', () => {
    assert.throws(
      () => decryptAnsibleVault(Buffer.from(av.vault), 'nope', '/w/coldkey'),
      (e: unknown) => {
        return (
          e instanceof KeyfileDecryptionError &&
          e.code === 'KEYFILE_WRONG_PASSWORD' &&
          e.message.includes('/w/coldkey')
        );
      },
    );
  });

  it('round-trips any plaintext and password', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.string({ maxLength: 30 }), (data, pw) => {
        const vault = encryptAnsibleVault(data, pw);
        assert.equal(keyfileEncryption(vault), 'ansible-vault');
        assert.deepEqual(decryptAnsibleVault(vault, pw), data);
      }),
      { numRuns: 30 },
    );
  });

  it('names malformed vaults as format errors (header, hex body, truncation)', () => {
    const lines = av.vault.split('\n');
    const cases = [
      '$ANSIBLE_VAULT;1.0;AES\n00',
      `${lines[0]}\nnot hex at all`,
      `${lines[0]}\n${Buffer.from('abcd\nef').toString('hex')}`,
      lines.slice(0, 3).join('\n'),
    ];
    for (const text of cases)
      assert.throws(() => decryptAnsibleVault(Buffer.from(text), av.password), KeyfileFormatError, text);
  });
});

describe('Fernet keyfiles (bittensor before v8, read)', () => {
  it('opens the vector with its Fernet key and re-creates the token', () => {
    const key = fernetKeyFromBase64(fv.fernet_key);
    assert.equal(Buffer.from(openFernet(Buffer.from(fv.token), key)).toString('utf8'), fv.plaintext);
    const token = sealFernet(
      Buffer.from(fv.plaintext),
      key,
      Buffer.from('000102030405060708090a0b0c0d0e0f', 'hex'),
      1_700_000_000,
    );
    assert.equal(token, fv.token);
  });

  it('derives the Fernet key from a password with the legacy salt (cheap iteration count here)', async () => {
    const key = await deriveLegacyFernetKey('pw', 1000);
    const token = sealFernet(Buffer.from('{"a":1}'), key);
    const plain = await decryptKeyfileData(Buffer.from(token), 'pw', { fernetIterations: 1000 });
    assert.equal(Buffer.from(plain).toString('utf8'), '{"a":1}');
    await assert.rejects(
      decryptKeyfileData(Buffer.from(token), 'other', { fernetIterations: 1000 }),
      KeyfileDecryptionError,
    );
  });

  it('rejects tampered tokens and names truncated ones as format errors', () => {
    const key = fernetKeyFromBase64(fv.fernet_key);
    const raw = Buffer.from(fv.token, 'base64url');
    raw[40] = (raw[40] as number) ^ 1;
    assert.throws(() => openFernet(Buffer.from(raw.toString('base64url')), key), KeyfileDecryptionError);
    assert.throws(() => openFernet(Buffer.from(fv.token.slice(0, 60)), key), KeyfileFormatError);
    assert.throws(() => openFernet(Buffer.from('gAAAAA$$$'), key), KeyfileFormatError);
  });
});
