/**
 * SDK vector sections about wallets and keyfiles (`sdk-wallet.json`). A section is one case object or
 * an array of them; each case yields one line per property it asserts, e.g.
 * `sdk-wallet.json#nacl_keyfile/decrypt` or `sdk-wallet.json#mnemonics/1/ss58_42`. Optional fields are
 * checked when present, so new cases may carry fewer or more of them.
 */
import { pbkdf2Sync } from 'node:crypto';
import { encodeAddress, fromHex, toHex, utf8, verifySignature } from '@tao-ts/primitives';
// The wallet module directly: the SDK's index also loads the chain client and HTTP stacks.
import {
  BITTENSOR_NACL_KDF,
  KEYFILE_KEY_PRIORITY,
  KeyfileDecryptionError,
  NACL_SALT,
  WalletKey,
  decryptKeyfileDataSync,
  decodeEnvPassword,
  deriveLegacyFernetKeySync,
  deriveNaclKeySync,
  encodeEnvPassword,
  encryptAnsibleVault,
  fernetKeyFromBase64,
  keyFromPolkadotJsonSync,
  keyfileEncryption,
  openFernet,
  openNacl,
  parseKeyfile,
  passwordEnvVarName,
  passwordFromEnv,
  sealFernet,
  sealNacl,
  serializePublicKeyfile,
  wrapBytes,
} from '../../../packages/sdk/src/wallet/index.js';
import { firstDifference, show } from '../../compare.js';
import { type JsonObject, int, isObject, obj, str } from '../../fields.js';
import { type CaseResult, fail, skip, verdict } from '../../result.js';

type Runner = (id: string, section: unknown, doc: JsonObject) => CaseResult[];

/** One check: returns a difference, or undefined when it holds. Thrown errors become FAIL lines. */
type Check = () => string | undefined;

function run(id: string, check: Check): CaseResult {
  try {
    return verdict(id, check());
  } catch (error) {
    return fail(id, error instanceof Error ? error.message : String(error));
  }
}

function same(field: string, expected: unknown, actual: unknown): string | undefined {
  const d = firstDifference(expected, actual);
  return d === undefined ? undefined : `${field}: expected ${show(expected)}, got ${show(actual)}`;
}

const hex = (bytes: Uint8Array): string => toHex(bytes).toLowerCase();
const normHex = (text: string): string => (text.startsWith('0x') ? text : `0x${text}`).toLowerCase();

/** Calls `each` for every case of a section (an object, or an array of objects). */
function forCases(
  id: string,
  section: unknown,
  each: (caseId: string, c: JsonObject, field: string) => CaseResult[],
): CaseResult[] {
  const sectionName = id.slice(id.indexOf('#') + 1);
  if (Array.isArray(section)) {
    return section.flatMap((c, i) => {
      const field = `${sectionName}[${i}]`;
      const name = isObject(c) && typeof c.name === 'string' ? c.name : String(i);
      try {
        return each(`${id}/${name}`, obj(c, field), field);
      } catch (error) {
        return [fail(`${id}/${name}`, (error as Error).message)];
      }
    });
  }
  try {
    return each(id, obj(section, sectionName), sectionName);
  } catch (error) {
    return [fail(id, (error as Error).message)];
  }
}

/** Optional string field: undefined when absent, VectorFormatError (naming it) when not a string. */
function opt(c: JsonObject, name: string, field: string): string | undefined {
  return c[name] === undefined || c[name] === null ? undefined : str(c[name], `${field}.${name}`);
}

/** Asserts that `act` throws a wrong-password error. */
function rejects(what: string, act: () => unknown): string | undefined {
  try {
    act();
  } catch (error) {
    if (error instanceof KeyfileDecryptionError) return undefined;
    return `${what}: expected KEYFILE_WRONG_PASSWORD, got ${(error as Error).message}`;
  }
  return `${what}: decrypted without the right password`;
}

// ---------------------------------------------------------------------------------------------------

const mnemonics: Runner = (id, section) =>
  forCases(id, section, (cid, c, f) => {
    const mnemonic = str(c.mnemonic, `${f}.mnemonic`);
    const key = WalletKey.fromMnemonic(mnemonic);
    const out: CaseResult[] = [];
    const field = (name: string, actual: () => string): void => {
      const expected = opt(c, name, f);
      if (expected !== undefined)
        out.push(run(`${cid}/${name}`, () => same(name, normHexIf(expected), actual())));
    };
    // The entropy is checked through substrate's mini-secret derivation, which consumes it.
    const entropy = opt(c, 'entropy', f);
    if (entropy !== undefined) {
      out.push(
        run(`${cid}/entropy`, () => {
          const seed = substrateMiniSecret(fromHex(normHex(entropy), `${f}.entropy`));
          return same('mini secret from entropy', hex(key.seed ?? new Uint8Array()), hex(seed));
        }),
      );
    }
    field('mini_secret_seed', () => hex(key.seed ?? new Uint8Array()));
    field('public_key', () => key.publicKeyHex);
    field('ss58_42', () => key.address);
    field('ss58_0', () => encodeAddress(key.publicKey, 0));
    field('private_key_btwallet_raw', () => hex(key.btwalletPrivateKey() ?? new Uint8Array()));
    field('secret_key_polkadot_ed25519_format', () => hex(key.keypair().secretKey));
    // The keyfile written for this key opens to the same key.
    out.push(
      run(`${cid}/keyfile_round_trip`, () => {
        const back = parseKeyfile(utf8(JSON.stringify({ secretPhrase: mnemonic })));
        return same('address', key.address, back.address);
      }),
    );
    return out;
  });

function normHexIf(value: string): string {
  return /^0x[0-9a-fA-F]*$/.test(value) ? value.toLowerCase() : value;
}

/** substrate-bip39: PBKDF2-HMAC-SHA512(entropy, "mnemonic", 2048)[0..32]. */
function substrateMiniSecret(entropy: Uint8Array): Uint8Array {
  return new Uint8Array(pbkdf2Sync(entropy, 'mnemonic', 2048, 64, 'sha512').subarray(0, 32));
}

const seedToAddress: Runner = (id, section) =>
  forCases(id, section, (cid, c, f) => {
    const key = WalletKey.fromSeed(str(c.seed, `${f}.seed`));
    const out: CaseResult[] = [];
    const pub = opt(c, 'public_key', f);
    if (pub !== undefined)
      out.push(run(`${cid}/public_key`, () => same('public_key', normHex(pub), key.publicKeyHex)));
    const ss58 = opt(c, 'ss58_42', f);
    if (ss58 !== undefined) out.push(run(`${cid}/ss58_42`, () => same('ss58_42', ss58, key.address)));
    return out.length > 0 ? out : [fail(cid, `${f}: neither public_key nor ss58_42 to compare`)];
  });

const uriDerivation: Runner = (id, section) =>
  forCases(id, section, (cid, c, f) => {
    const uri = str(c.uri, `${f}.uri`);
    const ss58 = opt(c, 'ss58_42', f);
    const pub = opt(c, 'public_key', f);
    if (ss58 === undefined && pub === undefined)
      return [fail(cid, `${f}: neither ss58_42 nor public_key to compare`)];
    return [
      run(cid, () => {
        const key = WalletKey.fromUri(uri);
        return (
          (ss58 === undefined ? undefined : same('ss58_42', ss58, key.address)) ??
          (pub === undefined ? undefined : same('public_key', normHex(pub), key.publicKeyHex))
        );
      }),
    ];
  });

const naclKeyfile: Runner = (id, section) =>
  forCases(id, section, (cid, c, f) => {
    const password = str(c.password, `${f}.password`);
    const plaintext = str(c.plaintext, `${f}.plaintext`);
    const hexText = opt(c, 'keyfile_hex', f);
    const b64 = opt(c, 'keyfile_base64', f);
    if (hexText === undefined && b64 === undefined)
      return [fail(cid, `${f}: needs keyfile_hex or keyfile_base64`)];
    const data =
      hexText !== undefined
        ? fromHex(normHex(hexText), `${f}.keyfile_hex`)
        : new Uint8Array(Buffer.from(b64 ?? '', 'base64'));
    const out: CaseResult[] = [];
    if (hexText !== undefined && b64 !== undefined) {
      out.push(
        run(`${cid}/base64_matches_hex`, () =>
          same('keyfile_base64', hex(data), hex(new Uint8Array(Buffer.from(b64, 'base64')))),
        ),
      );
    }
    out.push(run(`${cid}/detected`, () => same('encryption', 'nacl', keyfileEncryption(data))));
    const salt = opt(c, 'nacl_salt_hex', f);
    if (salt !== undefined)
      out.push(run(`${cid}/nacl_salt`, () => same('nacl_salt_hex', normHex(salt), hex(NACL_SALT))));
    if (c.argon2_params_for_generic_libs !== undefined) {
      const p = obj(c.argon2_params_for_generic_libs, `${f}.argon2_params_for_generic_libs`);
      out.push(
        run(`${cid}/argon2_params`, () =>
          same(
            'argon2_params_for_generic_libs',
            {
              type: str(p.type, 'type'),
              t: int(p.t_cost, 't_cost'),
              m: int(p.m_cost_kib, 'm_cost_kib'),
              p: int(p.parallelism, 'parallelism'),
            },
            {
              type: 'argon2i',
              t: BITTENSOR_NACL_KDF.timeCost,
              m: BITTENSOR_NACL_KDF.memoryCostKib,
              p: BITTENSOR_NACL_KDF.parallelism,
            },
          ),
        ),
      );
    }
    // At bittensor's real cost (about 1–3 s and 512 MiB per derivation), so derive once and reuse.
    const derivedHex = opt(c, 'derived_key_hex', f);
    let key: Uint8Array | undefined;
    out.push(
      run(`${cid}/decrypt`, () => {
        if (derivedHex === undefined) {
          return same(
            'plaintext',
            plaintext,
            Buffer.from(decryptKeyfileDataSync(data, password)).toString('utf8'),
          );
        }
        key = deriveNaclKeySync(password);
        return (
          same('derived_key_hex', normHex(derivedHex), hex(key)) ??
          same('plaintext', plaintext, Buffer.from(openNacl(data, key)).toString('utf8'))
        );
      }),
    );
    const nonce = opt(c, 'nonce_hex', f);
    if (nonce !== undefined && key !== undefined) {
      const k = key;
      out.push(
        run(`${cid}/encrypt_same_bytes`, () =>
          same(
            'keyfile',
            hex(data),
            hex(sealNacl(utf8(plaintext), k, fromHex(normHex(nonce), `${f}.nonce_hex`, 24))),
          ),
        ),
      );
    }
    out.push(
      run(`${cid}/wrong_password`, () =>
        rejects('wrong password', () => decryptKeyfileDataSync(data, `${password}x`)),
      ),
    );
    out.push(
      run(`${cid}/plaintext_parses`, () =>
        parseKeyfile(utf8(plaintext)).hasSecret ? undefined : 'plaintext holds no secret',
      ),
    );
    return out;
  });

const PKCS8_HEADER = '0x3053020101300506032b657004220420';
const PKCS8_DIVIDER = 'a123032100';

const polkadotJson: Runner = (id, section) =>
  forCases(id, section, (cid, c, f) => {
    const json = str(c.json, `${f}.json`);
    const passphrase = str(c.passphrase, `${f}.passphrase`);
    const out: CaseResult[] = [];
    let key: WalletKey | undefined;
    out.push(
      run(`${cid}/decrypt`, () => {
        key = keyFromPolkadotJsonSync(json, passphrase);
        const k = key;
        const checks: [string, () => string][] = [
          ['ss58_42', () => k.address],
          ['public_key', () => k.publicKeyHex],
          ['private_key_btwallet_raw', () => hex(k.btwalletPrivateKey() ?? new Uint8Array())],
          [
            'pkcs8_plain_hex',
            () =>
              `${PKCS8_HEADER}${hex(k.keypair().secretKey).slice(2)}${PKCS8_DIVIDER}${k.publicKeyHex.slice(2)}`,
          ],
        ];
        for (const [name, actual] of checks) {
          const expected = opt(c, name, f);
          const d = expected === undefined ? undefined : same(name, normHexIf(expected), actual());
          if (d !== undefined) return d;
        }
        return undefined;
      }),
    );
    out.push(
      run(`${cid}/wrong_passphrase`, () =>
        rejects('wrong passphrase', () => keyFromPolkadotJsonSync(json, `${passphrase}x`)),
      ),
    );
    return out;
  });

const plaintextFormats: Runner = (id, section, doc) => {
  const s = obj(section, 'keyfile_plaintext_formats');
  const sample = sampleKey(doc);
  return Object.keys(s).map((name) => {
    const cid = `${id}/${name}`;
    const value = s[name];
    switch (name) {
      case 'coldkeypub_txt_example_rust':
        return run(cid, () => {
          const example = obj(value, name);
          const key = parseKeyfile(utf8(JSON.stringify(example)));
          const written = JSON.parse(Buffer.from(serializePublicKeyfile(key)).toString('utf8')) as unknown;
          return (
            (key.hasSecret ? 'a public file parsed as holding a secret' : undefined) ??
            same('written pub file', sortKeys(example), sortKeys(written))
          );
        });
      case 'deserialize_priority':
        return run(cid, () => {
          const order = str(value, name)
            .split('>')
            .map((x) => x.trim());
          return same('priority', order, [...KEYFILE_KEY_PRIORITY]) ?? priorityBehaviour(doc);
        });
      case 'btwallet_rust_v2plus':
        // Compact JSON in any key order, absent fields omitted.
        return run(cid, () => {
          const fields = {
            ss58Address: sample.address,
            secretPhrase: sample.mnemonic,
            publicKey: sample.publicKeyHex,
          };
          return same('address', sample.address, parseKeyfile(utf8(JSON.stringify(fields))).address);
        });
      case 'python_legacy_v7_and_earlier':
        // json.dumps default separators, all six keys, nulls for the missing ones.
        return run(cid, () => {
          const legacy = `{"accountId": "${sample.publicKeyHex}", "publicKey": "${sample.publicKeyHex}", "privateKey": null, "secretPhrase": null, "secretSeed": "${hex(sample.seed ?? new Uint8Array())}", "ss58Address": "${sample.address}"}`;
          const key = parseKeyfile(utf8(legacy));
          return (
            same('address', sample.address, key.address) ??
            (key.hasSecret ? undefined : 'secretSeed was not used')
          );
        });
      default:
        return skip(cid, 'reference text: no behaviour to check');
    }
  });
};

function sortKeys(value: unknown): unknown {
  if (!isObject(value)) return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((k) => [k, value[k]]),
  );
}

function sampleKey(doc: JsonObject): WalletKey {
  const first = Array.isArray(doc.mnemonics) ? doc.mnemonics[0] : undefined;
  if (isObject(first) && typeof first.mnemonic === 'string') return WalletKey.fromMnemonic(first.mnemonic);
  return WalletKey.fromMnemonic('bottom drive obey lake curtain smoke basket hold race lonely fit walk');
}

/** With two different keys in one file, the phrase wins over the seed, the seed over the private key. */
function priorityBehaviour(doc: JsonObject): string | undefined {
  const list = Array.isArray(doc.mnemonics) ? doc.mnemonics.filter(isObject) : [];
  const phrases = list.map((m) => m.mnemonic).filter((m): m is string => typeof m === 'string');
  if (phrases.length < 2) return undefined;
  const [a, b] = [WalletKey.fromMnemonic(phrases[0] as string), WalletKey.fromMnemonic(phrases[1] as string)];
  const both = { secretPhrase: a.mnemonic, secretSeed: hex(b.seed ?? new Uint8Array()) };
  const seedAndPrivate = {
    secretSeed: hex(a.seed ?? new Uint8Array()),
    privateKey: hex(b.btwalletPrivateKey() ?? new Uint8Array()),
  };
  return (
    same('phrase over seed', a.address, parseKeyfile(utf8(JSON.stringify(both))).address) ??
    same('seed over privateKey', a.address, parseKeyfile(utf8(JSON.stringify(seedAndPrivate))).address)
  );
}

const ansibleVault: Runner = (id, section) =>
  forCases(id, section, (cid, c, f) => {
    const password = str(c.password, `${f}.password`);
    const plaintext = str(c.plaintext, `${f}.plaintext`);
    const vault = utf8(str(c.vault, `${f}.vault`));
    const out = [
      run(`${cid}/detected`, () => same('encryption', 'ansible-vault', keyfileEncryption(vault))),
      run(`${cid}/decrypt`, () =>
        same('plaintext', plaintext, Buffer.from(decryptKeyfileDataSync(vault, password)).toString('utf8')),
      ),
      run(`${cid}/wrong_password`, () =>
        rejects('wrong password', () => decryptKeyfileDataSync(vault, `${password}x`)),
      ),
    ];
    const salt = opt(c, 'salt_hex', f);
    if (salt !== undefined) {
      out.push(
        run(`${cid}/encrypt_same_bytes`, () =>
          same(
            'vault',
            Buffer.from(vault).toString('utf8'),
            Buffer.from(
              encryptAnsibleVault(utf8(plaintext), password, fromHex(normHex(salt), `${f}.salt_hex`)),
            ).toString('utf8'),
          ),
        ),
      );
    }
    return out;
  });

const fernet: Runner = (id, section) =>
  forCases(id, section, (cid, c, f) => {
    const password = str(c.password, `${f}.password`);
    const plaintext = str(c.plaintext, `${f}.plaintext`);
    const token = utf8(str(c.token, `${f}.token`));
    const givenKey = opt(c, 'fernet_key', f);
    const out: CaseResult[] = [
      run(`${cid}/detected`, () => same('encryption', 'fernet', keyfileEncryption(token))),
    ];
    // bittensor's KDF here is 10 million PBKDF2 rounds (seconds): run it once, reuse the key.
    let key: Uint8Array | undefined;
    out.push(
      run(`${cid}/decrypt`, () => {
        key = deriveLegacyFernetKeySync(password);
        return (
          (givenKey === undefined
            ? undefined
            : same('fernet_key', hex(fernetKeyFromBase64(givenKey)), hex(key))) ??
          same('plaintext', plaintext, Buffer.from(openFernet(token, key)).toString('utf8'))
        );
      }),
    );
    out.push(
      run(`${cid}/wrong_key`, () => {
        const wrong = (key ?? new Uint8Array(32)).slice();
        wrong[0] = (wrong[0] ?? 0) ^ 1;
        return rejects('wrong key', () => openFernet(token, wrong));
      }),
    );
    const iv = opt(c, 'iv_hex', f);
    if (iv !== undefined && c.time !== undefined && key !== undefined) {
      const k = key;
      const time = int(c.time, `${f}.time`);
      out.push(
        run(`${cid}/encrypt_same_bytes`, () =>
          same(
            'token',
            Buffer.from(token).toString('utf8'),
            sealFernet(utf8(plaintext), k, fromHex(normHex(iv), `${f}.iv_hex`, 16), time),
          ),
        ),
      );
    }
    return out;
  });

const passwordEnvVar: Runner = (id, section) =>
  forCases(id, section, (cid, c, f) => {
    const path = str(c.keyfile_path, `${f}.keyfile_path`);
    const name = str(c.env_var_name, `${f}.env_var_name`);
    // The vectors use POSIX paths; name the separator so the case means the same on every OS.
    const out = [run(`${cid}/env_var_name`, () => same('env_var_name', name, passwordEnvVarName(path, '/')))];
    const password = opt(c, 'example_password', f);
    const value = opt(c, 'example_value', f);
    if (password !== undefined && value !== undefined) {
      out.push(run(`${cid}/encode`, () => same('example_value', value, encodeEnvPassword(name, password))));
      out.push(
        run(`${cid}/decode`, () => same('example_password', password, decodeEnvPassword(name, value))),
      );
      if (process.platform !== 'win32') {
        out.push(
          run(`${cid}/lookup`, () =>
            same('password from env', password, passwordFromEnv(path, { [name]: value })),
          ),
        );
      }
    }
    return out;
  });

const signature: Runner = (id, section) =>
  forCases(id, section, (cid, c, f) => {
    const address = str(c.signer_ss58, `${f}.signer_ss58`);
    const message = utf8(str(c.message_utf8, `${f}.message_utf8`));
    const sig = fromHex(normHex(str(c.signature, `${f}.signature`)), `${f}.signature`, 64);
    const key = WalletKey.fromPublic(address);
    const out: CaseResult[] = [];
    const phrase = opt(c, 'signer_mnemonic', f);
    if (phrase !== undefined)
      out.push(
        run(`${cid}/signer`, () => same('signer_ss58', address, WalletKey.fromMnemonic(phrase).address)),
      );
    out.push(
      run(`${cid}/verify`, () => (key.verify(message, sig) ? undefined : 'signature does not verify')),
    );
    out.push(
      run(`${cid}/tampered_rejected`, () => {
        const other = message.slice();
        other[0] = (other[0] ?? 0) ^ 1;
        return key.verify(other, sig) ? 'a signature over another message verified' : undefined;
      }),
    );
    const wrapped = opt(c, 'signature_over_wrapped_message', f);
    if (wrapped !== undefined) {
      const w = fromHex(normHex(wrapped), `${f}.signature_over_wrapped_message`, 64);
      out.push(
        run(`${cid}/verify_wrapped`, () =>
          !verifySignature(wrapBytes(message), w, address)
            ? 'signature does not verify over <Bytes>message</Bytes>'
            : key.verify(message, w)
              ? undefined
              : 'btwallet-style verify (retry with <Bytes> wrapping) rejected it',
        ),
      );
    }
    if (phrase !== undefined) {
      out.push(
        run(`${cid}/sign_round_trip`, () => {
          const signer = WalletKey.fromMnemonic(phrase);
          return key.verify(message, signer.sign(message)) ? undefined : 'a fresh signature does not verify';
        }),
      );
    }
    return out;
  });

export const WALLET_SECTIONS: Readonly<Record<string, Runner>> = {
  mnemonics,
  seed_to_address: seedToAddress,
  uri_derivation: uriDerivation,
  nacl_keyfile: naclKeyfile,
  polkadotjs_encrypted_json: polkadotJson,
  keyfile_plaintext_formats: plaintextFormats,
  legacy_ansible_vault: ansibleVault,
  legacy_fernet: fernet,
  password_env_var: passwordEnvVar,
  signature,
};
