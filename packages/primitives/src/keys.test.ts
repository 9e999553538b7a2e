import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { inspect } from 'node:util';
import fc from 'fast-check';
import { Keyring } from '@polkadot/keyring';
import {
  sr25519PairFromSeed,
  sr25519Sign as pjsSign,
  sr25519Verify as pjsVerify,
} from '@polkadot/util-crypto';
import { isReady } from '@polkadot/wasm-crypto';
import { fromHex, toHex, utf8 } from './bytes.js';
import {
  DEV_PHRASE,
  InvalidKeyUriError,
  InvalidMnemonicError,
  cryptoReady,
  generateMnemonic,
  keypairFromBtwalletPrivateKey,
  keypairFromMnemonic,
  keypairFromSecretKey,
  keypairFromSeed,
  keypairFromUri,
  miniSecretFromMnemonic,
  validateMnemonic,
  verifySignature,
} from './keys.js';
import type { KeyType, Keypair } from './keys.js';
import { InvalidKeyError, btwalletRawToSr25519Secret, sr25519SecretToBtwalletRaw } from './sr25519-secret.js';
import { Ss58ChecksumError, encodeAddress } from './ss58.js';

interface WalletVectors {
  mnemonics: {
    mnemonic: string;
    mini_secret_seed: string;
    public_key: string;
    ss58_42: string;
    ss58_0: string;
    private_key_btwallet_raw: string;
    secret_key_polkadot_ed25519_format: string;
  }[];
  seed_to_address: { seed: string; public_key?: string; ss58_42: string }[];
  uri_derivation: { uri: string; ss58_42: string; public_key?: string }[];
  signature: {
    signer_ss58: string;
    message_utf8: string;
    signature: string;
    signature_over_wrapped_message: string;
  };
}

const vectors = JSON.parse(
  readFileSync(new URL('../../../vectors/sdk-wallet.json', import.meta.url), 'utf8'),
) as WalletVectors;

const ALICE = '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY';

function signVerifyRoundTrip(kp: Keypair): void {
  const msg = utf8('tao-ts round trip');
  const sig = kp.sign(msg);
  assert.equal(sig.length, 64);
  assert.ok(kp.verify(msg, sig));
  assert.ok(verifySignature(msg, sig, kp.address, kp.type));
  assert.ok(verifySignature(msg, sig, toHex(kp.publicKey), kp.type));
  assert.ok(!kp.verify(utf8('tao-ts round trip!'), sig), 'tampered message');
  const flipped = sig.slice();
  flipped[10] = (flipped[10] ?? 0) ^ 1;
  assert.ok(!kp.verify(msg, flipped), 'tampered signature');
  assert.ok(!kp.verify(msg, sig.subarray(0, 63)), 'short signature');
}

// Runs first, before cryptoReady(): the pure-JS fallback must give the same keys and valid signatures.
void describe('before cryptoReady (pure-JS fallback)', () => {
  void it('derives and signs without WASM', () => {
    assert.equal(isReady(), false);
    const kp = keypairFromUri('//Alice');
    assert.equal(kp.address, ALICE);
    for (const type of ['sr25519', 'ed25519'] as const) signVerifyRoundTrip(keypairFromUri('//Alice', type));
  });
});

void describe('known vectors (brief and dependencies.md §1)', () => {
  void it('loads WASM', async () => {
    await cryptoReady();
    await cryptoReady(); // idempotent
    assert.equal(isReady(), true);
  });
  const cases: [string, KeyType, string, string?][] = [
    ['//Alice', 'sr25519', ALICE, '0xd43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d'],
    ['//Bob', 'sr25519', '5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty'],
    [DEV_PHRASE, 'sr25519', '5DfhGyQdFobKM8NsWvEeAKk5EQQgYe9AydgJ7rMB6E1EqRzV'],
    ['//Alice', 'ed25519', '5FA9nQDVg267DEd8m1ZypXLBnvN7SFxYwV7ndqSYGiN9TTpu'],
  ];
  for (const [uri, type, address, publicKey] of cases) {
    void it(`${type} ${uri.length > 20 ? 'dev phrase' : uri} → ${address}`, () => {
      const kp = keypairFromUri(uri, type);
      assert.equal(kp.address, address);
      assert.equal(kp.type, type);
      if (publicKey !== undefined) assert.equal(toHex(kp.publicKey), publicKey);
    });
  }
  void it('dev mini secret', () => {
    assert.equal(
      toHex(miniSecretFromMnemonic(DEV_PHRASE)),
      '0xfac7959dbfe72f052e5a0c3c8d6530f202b02fd8f9f5ca3580ec8deb7797479e',
    );
  });
  void it('the corrupted Alice address fails the checksum', () => {
    assert.throws(
      () =>
        verifySignature(utf8('x'), new Uint8Array(64), '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPa9bKLUMgb4'),
      Ss58ChecksumError,
    );
  });
});

void describe('vectors/sdk-wallet.json: mnemonics', () => {
  for (const v of vectors.mnemonics) {
    void it(v.ss58_42, () => {
      assert.equal(toHex(miniSecretFromMnemonic(v.mnemonic)), v.mini_secret_seed);
      const kp = keypairFromMnemonic(v.mnemonic, 'sr25519');
      assert.equal(toHex(kp.publicKey), v.public_key);
      assert.equal(kp.address, v.ss58_42);
      assert.equal(encodeAddress(kp.publicKey, 0), v.ss58_0);
      assert.equal(toHex(kp.secretKey), v.secret_key_polkadot_ed25519_format);
      assert.equal(toHex(sr25519SecretToBtwalletRaw(kp.secretKey)), v.private_key_btwallet_raw);
      assert.equal(
        toHex(btwalletRawToSr25519Secret(fromHex(v.private_key_btwallet_raw))),
        v.secret_key_polkadot_ed25519_format,
      );
      // Rebuilt from either secret form, the pair is the same account and can sign.
      const fromRaw = keypairFromBtwalletPrivateKey(v.private_key_btwallet_raw);
      const fromSecret = keypairFromSecretKey(v.secret_key_polkadot_ed25519_format);
      assert.equal(fromRaw.address, v.ss58_42);
      assert.equal(fromSecret.address, v.ss58_42);
      assert.equal(keypairFromSeed(v.mini_secret_seed).address, v.ss58_42);
      assert.equal(keypairFromUri(v.mnemonic).address, v.ss58_42);
      signVerifyRoundTrip(fromRaw);
    });
  }
});

void describe('vectors/sdk-wallet.json: seed_to_address', () => {
  for (const v of vectors.seed_to_address) {
    void it(v.ss58_42, () => {
      const kp = keypairFromSeed(v.seed);
      assert.equal(kp.address, v.ss58_42);
      if (v.public_key !== undefined) assert.equal(toHex(kp.publicKey), v.public_key);
      assert.equal(keypairFromSeed(fromHex(v.seed)).address, v.ss58_42);
      assert.equal(keypairFromUri(v.seed).address, v.ss58_42);
    });
  }
});

void describe('vectors/sdk-wallet.json: uri_derivation', () => {
  for (const v of vectors.uri_derivation) {
    void it(v.uri.length > 40 ? `${v.uri.slice(0, 20)}…${v.uri.slice(-8)}` : v.uri, () => {
      const kp = keypairFromUri(v.uri);
      assert.equal(kp.address, v.ss58_42);
      if (v.public_key !== undefined) assert.equal(toHex(kp.publicKey), v.public_key);
    });
  }
});

void describe('agreement with @polkadot/keyring', () => {
  const keyring = { sr25519: new Keyring({ type: 'sr25519' }), ed25519: new Keyring({ type: 'ed25519' }) };
  const uris: [string, KeyType][] = [
    [`${DEV_PHRASE}//Alice///secret`, 'sr25519'],
    [`${DEV_PHRASE}//hard/soft//1`, 'sr25519'],
    [`${DEV_PHRASE}//Alice//stash`, 'ed25519'],
    [`${DEV_PHRASE}///pw`, 'ed25519'],
    ['0xfac7959dbfe72f052e5a0c3c8d6530f202b02fd8f9f5ca3580ec8deb7797479e//x/y', 'sr25519'],
  ];
  for (const [uri, type] of uris) {
    void it(`${type} ${uri.replace(DEV_PHRASE, '<dev>')}`, () => {
      assert.equal(keypairFromUri(uri, type).address, keyring[type].createFromUri(uri).address);
    });
  }
  void it('///password alone uses the dev phrase with that BIP39 password', () => {
    assert.equal(
      keypairFromUri('///pw').address,
      keyring.sr25519.createFromUri(`${DEV_PHRASE}///pw`).address,
    );
  });
});

void describe('sign / verify', () => {
  for (const type of ['sr25519', 'ed25519'] as const) {
    void it(`${type} round trip; tampering fails`, () => signVerifyRoundTrip(keypairFromUri('//Bob', type)));
    void it(`${type} random messages (property)`, () => {
      const kp = keypairFromUri('//Charlie', type);
      fc.assert(
        fc.property(fc.uint8Array({ maxLength: 256 }), (msg) => {
          const sig = kp.sign(msg);
          assert.ok(verifySignature(msg, sig, kp.publicKey, type));
        }),
        { numRuns: 50 },
      );
    });
  }
  void it('sr25519 signatures cross-verify with @polkadot/util-crypto in both directions', () => {
    const kp = keypairFromUri('//Alice');
    const pjsPair = sr25519PairFromSeed(miniSecretFromMnemonic(DEV_PHRASE));
    const msg = utf8('cross-library');
    assert.ok(pjsVerify(msg, kp.sign(msg), kp.publicKey));
    const mine = keypairFromSecretKey(pjsPair.secretKey);
    assert.ok(mine.verify(msg, pjsSign(msg, pjsPair)));
    assert.ok(verifySignature(msg, pjsSign(msg, pjsPair), pjsPair.publicKey));
  });
  void it('verifies the btwallet signature vector (and the <Bytes>-wrapped one only when wrapped)', () => {
    const s = vectors.signature;
    const msg = utf8(s.message_utf8);
    assert.ok(verifySignature(msg, fromHex(s.signature), s.signer_ss58));
    const wrapped = utf8(`<Bytes>${s.message_utf8}</Bytes>`);
    assert.ok(!verifySignature(msg, fromHex(s.signature_over_wrapped_message), s.signer_ss58));
    assert.ok(verifySignature(wrapped, fromHex(s.signature_over_wrapped_message), s.signer_ss58));
  });
  void it('a signature by another key or type does not verify; bad keys throw', () => {
    const msg = utf8('m');
    const sig = keypairFromUri('//Alice').sign(msg);
    assert.ok(!verifySignature(msg, sig, keypairFromUri('//Bob').address));
    assert.ok(!verifySignature(msg, sig, ALICE, 'ed25519'));
    assert.ok(!verifySignature(msg, sig, new Uint8Array(32).fill(0xff)));
    assert.throws(() => verifySignature(msg, sig, new Uint8Array(31)), InvalidKeyError);
    assert.throws(() => verifySignature('m' as unknown as Uint8Array, sig, ALICE), InvalidKeyError);
  });
});

void describe('mnemonics', () => {
  void it('generates valid mnemonics of each length', () => {
    for (const words of [12, 15, 18, 21, 24] as const) {
      const m = generateMnemonic(words);
      assert.equal(m.split(' ').length, words);
      assert.ok(validateMnemonic(m));
    }
    assert.notEqual(generateMnemonic(), generateMnemonic());
    assert.throws(() => generateMnemonic(13 as 12), InvalidMnemonicError);
  });
  void it('tolerates extra whitespace; the BIP39 password changes the key', () => {
    const m = vectors.mnemonics[0]?.mnemonic ?? '';
    assert.equal(
      keypairFromMnemonic(`  ${m.replaceAll(' ', '   ')} `).address,
      vectors.mnemonics[0]?.ss58_42,
    );
    assert.notEqual(keypairFromMnemonic(m, 'sr25519', 'pw').address, keypairFromMnemonic(m).address);
    assert.equal(keypairFromMnemonic(m, 'sr25519', 'pw').address, keypairFromUri(`${m}///pw`).address);
  });
});

void describe('errors never reveal secrets', () => {
  const secretWords = 'bottom drive obey lake curtain smoke basket hold race lonely fit fit';
  const cases: [string, () => unknown, string][] = [
    ['bad checksum mnemonic', () => keypairFromMnemonic(secretWords), 'INVALID_MNEMONIC'],
    ['bad mnemonic in URI', () => keypairFromUri(`${secretWords}//Alice`), 'INVALID_MNEMONIC'],
    ['unparseable URI', () => keypairFromUri('curtain smoke!!//x'), 'INVALID_KEY_URI'],
    ['empty URI', () => keypairFromUri(' '), 'INVALID_KEY_URI'],
    ['ed25519 soft junction', () => keypairFromUri('//Alice/soft', 'ed25519'), 'INVALID_KEY_URI'],
    ['short hex seed', () => keypairFromSeed('0xdeadbeefdeadbeef'), 'INVALID_KEY'],
    ['short hex seed in URI', () => keypairFromUri('0xdeadbeefdeadbeef'), 'INVALID_KEY'],
    ['non-multiple-of-8 secret', () => keypairFromSecretKey(new Uint8Array(64).fill(0x11)), 'INVALID_KEY'],
    [
      'unreduced raw scalar',
      () => keypairFromBtwalletPrivateKey(new Uint8Array(64).fill(0xff)),
      'INVALID_KEY',
    ],
    ['bad ed25519 secret', () => keypairFromSecretKey(new Uint8Array(64).fill(7), 'ed25519'), 'INVALID_KEY'],
    ['bad type', () => keypairFromUri('//Alice', 'ecdsa' as KeyType), 'INVALID_KEY'],
  ];
  for (const [name, fn, code] of cases) {
    void it(name, () => {
      assert.throws(fn, (e: unknown) => {
        assert.ok(e instanceof Error);
        assert.equal((e as { code?: string }).code, code, e.message);
        for (const secret of ['curtain', 'deadbeef', '1111', 'ffff', '0707'])
          assert.ok(!e.message.includes(secret), e.message);
        return true;
      });
    });
  }
  void it('JSON and inspect output hide the secret key', () => {
    const kp = keypairFromUri('//Alice');
    const secretHex = toHex(kp.secretKey).slice(2);
    for (const text of [
      JSON.stringify(kp),
      inspect(kp, { showHidden: true, depth: 5 }),
      String(Object.keys(kp)),
    ]) {
      assert.ok(!text.includes(secretHex), text);
    }
    assert.ok(JSON.stringify(kp).includes(ALICE));
  });
  void it('public and secret keys are copies', () => {
    const kp = keypairFromUri('//Alice');
    kp.publicKey.fill(0);
    kp.secretKey.fill(0);
    assert.equal(kp.address, ALICE);
    assert.ok(kp.verify(utf8('a'), kp.sign(utf8('a'))));
  });
  void it('the uri error class is exported for callers to catch', () => {
    assert.ok(new InvalidKeyUriError('x') instanceof Error);
  });
});

describe('sr25519 signing after cryptoReady (the fast build)', () => {
  it('property: signatures verify with the pure-JS verifier, for their key and message only', async () => {
    await cryptoReady();
    const keys = ['//Alice', '//Bob//hot', '//Charlie/soft/1'].map((u) => keypairFromUri(u));
    const other = keypairFromUri('//Dave');
    fc.assert(
      fc.property(fc.constantFrom(...keys), fc.uint8Array({ maxLength: 300 }), (key, message) => {
        const signature = key.sign(message);
        assert.equal(signature.length, 64);
        assert.equal(pjsVerify(message, signature, key.publicKey), true);
        assert.equal(pjsVerify(message, signature, other.publicKey), false);
        assert.equal(pjsVerify(Uint8Array.of(...message, 1), signature, key.publicKey), false);
      }),
      { numRuns: 60 },
    );
  });

  it('a secret in btwallet raw form signs the same way once converted', async () => {
    await cryptoReady();
    const alice = keypairFromUri('//Alice');
    const again = keypairFromBtwalletPrivateKey(sr25519SecretToBtwalletRaw(alice.secretKey));
    const message = utf8('same key, two ways in');
    assert.equal(pjsVerify(message, again.sign(message), alice.publicKey), true);
  });
});
