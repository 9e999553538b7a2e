import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import { describe, it } from 'node:test';
import { KeyfileDecryptionError, KeyfileNoSecretError, WalletInputError } from './errors.js';
import { WalletKey, wrapBytes } from './key.js';
import { keyFromPolkadotJson } from './polkadot-json.js';
import { vectors } from './test-support.js';

describe('WalletKey', () => {
  it('derives the vector keys from mnemonics, in both private-key forms', () => {
    for (const m of vectors.mnemonics) {
      const key = WalletKey.fromMnemonic(m.mnemonic);
      assert.equal(key.address, m.ss58_42);
      assert.equal(key.publicKeyHex, m.public_key);
      assert.equal(Buffer.from(key.seed ?? []).toString('hex'), m.mini_secret_seed.slice(2));
      assert.equal(
        Buffer.from(key.btwalletPrivateKey() ?? []).toString('hex'),
        m.private_key_btwallet_raw.slice(2),
      );
      assert.equal(
        Buffer.from(key.keypair().secretKey).toString('hex'),
        m.secret_key_polkadot_ed25519_format.slice(2),
      );
      assert.equal(WalletKey.fromBtwalletPrivateKey(m.private_key_btwallet_raw).address, m.ss58_42);
    }
  });

  it('derives the vector addresses from seeds and URIs', () => {
    for (const s of vectors.seed_to_address) assert.equal(WalletKey.fromSeed(s.seed).address, s.ss58_42);
    for (const u of vectors.uri_derivation) assert.equal(WalletKey.fromUri(u.uri).address, u.ss58_42);
  });

  it('opens the polkadot-js JSON backup and refuses a wrong passphrase', async () => {
    const j = vectors.polkadotjs_encrypted_json;
    const key = await keyFromPolkadotJson(j.json, j.passphrase);
    assert.equal(key.address, j.ss58_42);
    assert.equal(
      Buffer.from(key.btwalletPrivateKey() ?? []).toString('hex'),
      j.private_key_btwallet_raw.slice(2),
    );
    await assert.rejects(keyFromPolkadotJson(j.json, 'Password124'), KeyfileDecryptionError);
    await assert.rejects(keyFromPolkadotJson('{"encoded":"AA=="}', 'x'), /json: encoding/);
    const doc = JSON.parse(j.json) as { encoding: { version: string } };
    doc.encoding.version = '2';
    await assert.rejects(keyFromPolkadotJson(doc, j.passphrase), /only version 3/);
  });

  it('verifies the vector signature, raw and <Bytes>-wrapped, like btwallet', () => {
    const s = vectors.signature;
    const key = WalletKey.fromPublic(s.signer_ss58);
    const message = Buffer.from(s.message_utf8);
    assert.equal(key.verify(message, Buffer.from(s.signature.slice(2), 'hex')), true);
    assert.equal(key.verify(message, Buffer.from(s.signature_over_wrapped_message.slice(2), 'hex')), true);
    assert.equal(
      key.verify(wrapBytes(message), Buffer.from(s.signature_over_wrapped_message.slice(2), 'hex')),
      true,
    );
    assert.equal(key.verify(Buffer.from('other'), Buffer.from(s.signature.slice(2), 'hex')), false);
  });

  it('keeps public-only keys public and secrets out of inspect/JSON/errors', () => {
    const m = vectors.mnemonics[0];
    assert.ok(m);
    const pub = WalletKey.fromPublic(m.public_key);
    assert.equal(pub.address, m.ss58_42);
    assert.equal(pub.hasSecret, false);
    assert.throws(() => pub.sign(Buffer.from('x')), KeyfileNoSecretError);
    const key = WalletKey.fromMnemonic(m.mnemonic);
    const shown = `${inspect(key)} ${JSON.stringify(key)} ${String(key)}`;
    for (const secret of [
      m.mnemonic.split(' ')[0] as string,
      m.mini_secret_seed.slice(2, 20),
      m.private_key_btwallet_raw.slice(2, 20),
    ]) {
      assert.ok(!shown.includes(secret), `leaked ${secret}`);
    }
    assert.throws(
      () => WalletKey.fromSeed('0x1234'),
      (e: unknown) => e instanceof WalletInputError && !e.message.includes('1234'),
    );
    assert.throws(
      () =>
        WalletKey.fromMnemonic(
          'old leopard transfer rib spatial phone calm indicate online fire caution caution',
        ),
      (e: unknown) => {
        return e instanceof WalletInputError && !e.message.includes('leopard');
      },
    );
  });
});
