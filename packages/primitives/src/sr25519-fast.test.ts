import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { utf8 } from './bytes.js';
import { cryptoReady, keypairFromUri, verifySignature } from './keys.js';
import { fastSr25519Keys } from './sr25519-fast.js';

void describe('sr25519 verification paths', () => {
  void it('a key that keeps signing gets a table, and answers stay those of the reference verifier', async () => {
    await cryptoReady();
    const signer = keypairFromUri('//Table//Owner');
    const stranger = keypairFromUri('//Table//Stranger');
    const before = fastSr25519Keys.tables;
    for (let i = 0; i < 12; i++) {
      const message = utf8(`request ${i}`);
      const signature = signer.sign(message);
      assert.equal(verifySignature(message, signature, signer.publicKey), true, `genuine #${i}`);
      const forgedR = Uint8Array.from(signature);
      forgedR[5] = forgedR[5]! ^ 0x10;
      assert.equal(verifySignature(message, forgedR, signer.publicKey), false, `forged R #${i}`);
      const forgedS = Uint8Array.from(signature);
      forgedS[40] = forgedS[40]! ^ 0x01;
      assert.equal(verifySignature(message, forgedS, signer.publicKey), false, `forged s #${i}`);
      // Without schnorrkel's marker bit the signature does not decode (wasm-crypto answers).
      const unmarked = Uint8Array.from(signature);
      unmarked[63] = unmarked[63]! & 0x7f;
      assert.equal(verifySignature(message, unmarked, signer.publicKey), false);
      assert.equal(verifySignature(message, stranger.sign(message), signer.publicKey), false);
      assert.equal(verifySignature(utf8(`other ${i}`), signature, signer.publicKey), false);
    }
    assert.equal(fastSr25519Keys.tables, before + 1, 'one table, for the key that kept signing');
  });
});
