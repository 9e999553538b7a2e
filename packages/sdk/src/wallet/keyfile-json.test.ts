import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { KeyfileFormatError } from './errors.js';
import { WalletKey } from './key.js';
import { parseKeyfile, serializeKeyfile, serializePublicKeyfile } from './keyfile-json.js';
import { vectors } from './test-support.js';

const [m0, m1] = vectors.mnemonics;
assert.ok(m0 && m1);
const text = (bytes: Uint8Array): string => Buffer.from(bytes).toString('utf8');
const parse = (s: string, path?: string): WalletKey => parseKeyfile(Buffer.from(s), path);

describe('keyfile plaintext', () => {
  it("writes exactly bittensor's compact JSON (the $NACL vector's plaintext)", () => {
    assert.equal(text(serializeKeyfile(WalletKey.fromMnemonic(m0.mnemonic))), vectors.nacl_keyfile.plaintext);
  });

  it('writes pub files as {accountId, publicKey, ss58Address}', () => {
    const pub = JSON.parse(text(serializePublicKeyfile(WalletKey.fromMnemonic(m0.mnemonic)))) as unknown;
    assert.deepEqual(pub, vectors.keyfile_plaintext_formats.coldkeypub_txt_example_rust);
  });

  it('reads the legacy Python format (spaced, nulls) and a bare 0x public key', () => {
    assert.equal(parse(vectors.legacy_fernet.plaintext).address, m0.ss58_42);
    const nulls = `{"accountId": null, "publicKey": null, "privateKey": "${m1.private_key_btwallet_raw}", "secretPhrase": null, "secretSeed": null, "ss58Address": null}`;
    const key = parse(nulls);
    assert.equal(key.address, m1.ss58_42);
    assert.equal(key.hasSecret, true);
    const bare = parse(`${m1.public_key}\n`);
    assert.equal(bare.address, m1.ss58_42);
    assert.equal(bare.hasSecret, false);
  });

  it('takes secretPhrase over secretSeed over privateKey over ss58Address', () => {
    const a = WalletKey.fromMnemonic(m0.mnemonic);
    assert.equal(
      parse(JSON.stringify({ secretPhrase: m0.mnemonic, secretSeed: m1.mini_secret_seed })).address,
      a.address,
    );
    assert.equal(
      parse(JSON.stringify({ secretSeed: m0.mini_secret_seed, privateKey: m1.private_key_btwallet_raw }))
        .address,
      a.address,
    );
    assert.equal(parse(JSON.stringify({ privateKey: m0.private_key_btwallet_raw })).address, a.address);
    assert.equal(parse(JSON.stringify({ ss58Address: m0.ss58_42 })).hasSecret, false);
  });

  it('round-trips any key in any field order', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.boolean(), (seed, shuffle) => {
        const key = WalletKey.fromSeed(seed);
        const obj = JSON.parse(text(serializeKeyfile(key))) as Record<string, string>;
        const entries = Object.entries(obj);
        if (shuffle) entries.reverse();
        const back = parse(JSON.stringify(Object.fromEntries(entries)));
        assert.equal(back.address, key.address);
        assert.deepEqual(back.seed, key.seed);
      }),
      { numRuns: 30 },
    );
  });

  it('names corrupt files and bad fields without echoing secrets', () => {
    const bad: [string, RegExp][] = [
      ['{"secretPhrase": "old leopard', /not JSON/],
      ['[1,2]', /not an object/],
      ['{}', /no key in the file/],
      ['{"secretPhrase": 5}', /secretPhrase is not a string/],
      ['{"secretSeed": "0x1234zz"}', /secretSeed is invalid/],
      [
        '{"secretPhrase": "old leopard transfer rib spatial phone calm indicate online fire caution caution"}',
        /secretPhrase is invalid/,
      ],
      [JSON.stringify({ secretPhrase: m0.mnemonic, ss58Address: m1.ss58_42 }), /ss58Address does not match/],
    ];
    for (const [content, pattern] of bad) {
      assert.throws(
        () => parse(content, '/w/x/coldkey'),
        (e: unknown) => {
          assert.ok(e instanceof KeyfileFormatError, content);
          assert.equal(e.code, 'KEYFILE_FORMAT');
          assert.match(e.message, pattern);
          assert.match(e.message, /\/w\/x\/coldkey/);
          assert.doesNotMatch(e.message, /leopard|1234zz/);
          return true;
        },
      );
    }
    assert.throws(() => parseKeyfile(Uint8Array.from([0xff, 0xfe, 0x00])), /not UTF-8/);
  });
});
