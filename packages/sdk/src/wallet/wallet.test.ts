import assert from 'node:assert/strict';
import { mkdir, readFile, readdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  KeyfileDecryptionError,
  KeyfileExistsError,
  KeyfileNotFoundError,
  KeyfilePasswordRequiredError,
} from './errors.js';
import { encryptAnsibleVault } from './legacy.js';
import { TEST_ONLY_FAST_KDF } from './nacl.js';
import { Keyfile } from './keyfile.js';
import { encodeEnvPassword, passwordEnvVarName } from './password.js';
import { tempRoot, vectors } from './test-support.js';
import { Wallet, listHotkeys, listWallets } from './wallet.js';

const [m0, m1] = vectors.mnemonics;
assert.ok(m0 && m1);
const mode = async (path: string): Promise<number> => (await stat(path)).mode & 0o777;
const fast = { kdf: TEST_ONLY_FAST_KDF, env: {} };

describe('Wallet folders', () => {
  let root = '';
  let cleanup: () => Promise<void> = () => Promise.resolve();
  before(async () => ({ root, cleanup } = await tempRoot()));
  after(() => cleanup());

  it('lays out a new wallet as bittensor does, files 0600 and folders 0700', async () => {
    const wallet = new Wallet({ name: 'alpha', hotkey: 'hk1', path: root, ...fast });
    const created = await wallet.createNew({ password: 'pw-cold', words: 12 });
    assert.ok(created.coldkey?.mnemonic !== undefined && created.hotkey?.mnemonic !== undefined);
    assert.equal(created.coldkey.mnemonic.split(' ').length, 12);
    const dir = join(root, 'alpha');
    assert.deepEqual((await readdir(dir)).sort(), ['coldkey', 'coldkeypub.txt', 'hotkeys']);
    assert.deepEqual((await readdir(join(dir, 'hotkeys'))).sort(), ['hk1', 'hk1pub.txt']);
    for (const f of ['coldkey', 'coldkeypub.txt', 'hotkeys/hk1', 'hotkeys/hk1pub.txt'])
      assert.equal(await mode(join(dir, f)), 0o600, f);
    assert.equal(await mode(dir), 0o700);
    assert.equal(await mode(join(dir, 'hotkeys')), 0o700);
    assert.equal(await wallet.coldkeyFile.isEncrypted(), true);
    assert.equal(await wallet.hotkeyFile.isEncrypted(), false);
    // Pub files: exactly {accountId, publicKey, ss58Address}.
    const pub = JSON.parse(await readFile(join(dir, 'hotkeys/hk1pub.txt'), 'utf8')) as Record<string, string>;
    assert.deepEqual(Object.keys(pub), ['accountId', 'publicKey', 'ss58Address']);
    assert.equal(pub.ss58Address, created.hotkey.address);
    // A fresh Wallet object unlocks them again.
    const again = new Wallet({ name: 'alpha', hotkey: 'hk1', path: root, ...fast });
    assert.equal((await again.coldkey({ password: 'pw-cold' })).address, created.coldkey.address);
    assert.equal((await again.coldkeypub()).address, created.coldkey.address);
    assert.equal((await again.hotkey()).address, created.hotkey.address);
    assert.equal((await again.hotkeypub()).hasSecret, false);
    // No temporary files are left behind.
    assert.ok(!(await readdir(dir)).some((f) => f.endsWith('.tmp')));
  });

  it('refuses to overwrite existing keys unless asked', async () => {
    const wallet = new Wallet({ name: 'alpha', hotkey: 'hk1', path: root, ...fast });
    const before = await readFile(wallet.coldkeyFile.path);
    await assert.rejects(wallet.createNew({ password: 'x' }), KeyfileExistsError);
    await assert.rejects(
      wallet.regenerateHotkey({ mnemonic: m1.mnemonic }),
      (e: unknown) => e instanceof KeyfileExistsError && e.code === 'KEYFILE_EXISTS',
    );
    assert.deepEqual(await readFile(wallet.coldkeyFile.path), before);
    await wallet.regenerateHotkey({ mnemonic: m1.mnemonic }, { overwrite: true });
    assert.equal(
      (await new Wallet({ name: 'alpha', hotkey: 'hk1', path: root, ...fast }).hotkey()).address,
      m1.ss58_42,
    );
  });

  it('creates only the missing keys with createIfNonExistent, and never half a wallet', async () => {
    const w = new Wallet({ name: 'partial', hotkey: 'h', path: root, ...fast });
    await w.regenerateHotkey({ mnemonic: m1.mnemonic });
    await assert.rejects(w.createNew({ usePassword: false }), KeyfileExistsError);
    await assert.rejects(w.coldkeypub(), KeyfileNotFoundError);
    const made = await w.createIfNonExistent({ usePassword: false });
    assert.ok(made.coldkey !== undefined && made.hotkey === undefined);
    assert.equal((await w.hotkey()).address, m1.ss58_42);
    assert.equal((await w.coldkeypub()).address, made.coldkey.address);
  });

  it('regenerates from mnemonic, seed and polkadot-js JSON to the vector addresses', async () => {
    const w = new Wallet({ name: 'regen', hotkey: 'h', path: root, ...fast });
    assert.equal(
      (await w.regenerateColdkey({ mnemonic: m0.mnemonic }, { password: 'pw' })).address,
      m0.ss58_42,
    );
    const seed = vectors.seed_to_address[0];
    assert.ok(seed);
    assert.equal((await w.regenerateHotkey({ seed: seed.seed })).address, seed.ss58_42);
    const onDisk = JSON.parse(await readFile(w.hotkeyFile.path, 'utf8')) as Record<string, string>;
    assert.equal(onDisk.secretSeed, seed.seed);
    assert.equal(onDisk.secretPhrase, undefined);
    const j = vectors.polkadotjs_encrypted_json;
    const w2 = new Wallet({ name: 'regen-json', hotkey: 'h', path: root, ...fast });
    await w2.regenerateColdkey({ json: j.json, passphrase: j.passphrase }, { usePassword: false });
    assert.equal(
      (await new Wallet({ name: 'regen-json', path: root, ...fast }).coldkey()).address,
      j.ss58_42,
    );
    assert.equal((await w2.coldkeypub()).address, j.ss58_42);
  });

  it('regenerates a watch-only coldkeypub from an address or public key', async () => {
    const w = new Wallet({ name: 'watch', path: root, ...fast });
    await w.regenerateColdkeypub({ ss58Address: m1.ss58_42 });
    assert.equal((await w.coldkeypub()).address, m1.ss58_42);
    await w.regenerateColdkeypub({ publicKey: m0.public_key }, { overwrite: true });
    assert.equal((await w.coldkeypub()).address, m0.ss58_42);
    await assert.rejects(w.coldkey(), KeyfileNotFoundError);
    await assert.rejects(
      w.regenerateColdkeypub({ ss58Address: 'not-an-address' }, { overwrite: true }),
      /ss58Address/,
    );
  });

  it('takes passwords from the argument, BT_PW_ or the prompt, and names wrong ones', async () => {
    const dir = join(root, 'pw');
    const w = new Wallet({ name: 'pw', path: root, ...fast });
    await w.regenerateColdkey({ mnemonic: m0.mnemonic }, { password: 's3cret!' });
    const path = join(dir, 'coldkey');
    const name = passwordEnvVarName(path);
    const env = { [name]: encodeEnvPassword(name, 's3cret!') };
    const fromEnv = new Wallet({ name: 'pw', path: root, kdf: TEST_ONLY_FAST_KDF, env });
    assert.equal((await fromEnv.coldkey()).address, m0.ss58_42);
    const saved: Record<string, string | undefined> = {};
    assert.equal(w.coldkeyFile.savePasswordToEnv('s3cret!', saved), name);
    assert.deepEqual(saved, env);
    const questions: string[] = [];
    const prompted = new Wallet({
      name: 'pw',
      path: root,
      kdf: TEST_ONLY_FAST_KDF,
      env: {},
      prompt: (q) => {
        questions.push(q);
        return Promise.resolve(' s3cret!\n');
      },
    });
    assert.equal((await prompted.coldkey()).address, m0.ss58_42);
    assert.deepEqual(questions, ['Enter your password: ']);
    await assert.rejects(new Wallet({ name: 'pw', path: root, ...fast }).coldkey(), (e: unknown) => {
      return (
        e instanceof KeyfilePasswordRequiredError && e.message.includes(path) && e.message.includes('BT_PW_')
      );
    });
    await assert.rejects(
      new Wallet({ name: 'pw', path: root, ...fast }).coldkey({ password: 'wrong!' }),
      (e: unknown) => {
        assert.ok(e instanceof KeyfileDecryptionError);
        assert.equal(e.code, 'KEYFILE_WRONG_PASSWORD');
        assert.match(e.message, new RegExp(path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
        assert.doesNotMatch(e.message, /wrong!|s3cret/);
        return true;
      },
    );
  });

  it('asks twice for a new password and refuses a mismatch', async () => {
    const answers = ['one-password', 'another-one'];
    const w = new Wallet({
      name: 'mismatch',
      path: root,
      ...fast,
      prompt: () => Promise.resolve(answers.shift() ?? ''),
    });
    await assert.rejects(w.createNew({ hotkey: false }), /passwords do not match/);
  });

  it("refuses a typed password bittensor's policy calls too weak, before asking to retype it", async () => {
    const questions: string[] = [];
    const w = new Wallet({
      name: 'weak',
      path: root,
      ...fast,
      prompt: (q) => {
        questions.push(q);
        return Promise.resolve('......');
      },
    });
    await assert.rejects(w.createNew({ hotkey: false }), /password not strong enough/);
    assert.deepEqual(questions, ['Enter your password: ']);
  });

  it('opens a legacy Ansible Vault coldkey and upgrades it to $NACL', async () => {
    const av = vectors.legacy_ansible_vault;
    const dir = join(root, 'old');
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'coldkey'), encryptAnsibleVault(Buffer.from(av.plaintext), av.password), {
      mode: 0o600,
    });
    const w = new Wallet({ name: 'old', path: root, ...fast });
    assert.equal(await w.coldkeyFile.encryption(), 'ansible-vault');
    assert.equal((await w.coldkey({ password: av.password })).address, m0.ss58_42);
    assert.equal(await w.coldkeyFile.upgradeEncryption({ password: av.password }), true);
    assert.equal(await w.coldkeyFile.encryption(), 'nacl');
    assert.equal(
      (await new Keyfile(w.coldkeyFile.path, fast).getKey({ password: av.password })).address,
      m0.ss58_42,
    );
  });

  it('encrypts and decrypts a keyfile in place', async () => {
    const w = new Wallet({ name: 'toggle', path: root, ...fast });
    await w.regenerateHotkey({ mnemonic: m1.mnemonic });
    const file = w.hotkeyFile;
    await file.encrypt({ password: 'pw' });
    assert.equal(await file.isEncrypted(), true);
    await file.decrypt({ password: 'pw' });
    assert.equal(await file.isEncrypted(), false);
    assert.equal((await file.getKey()).address, m1.ss58_42);
    assert.equal(await mode(file.path), 0o600);
  });

  it('reports a corrupt or truncated keyfile as a format error', async () => {
    const w = new Wallet({ name: 'corrupt', path: root, ...fast });
    await w.regenerateHotkey({ mnemonic: m1.mnemonic });
    const content = await readFile(w.hotkeyFile.path, 'utf8');
    await writeFile(w.hotkeyFile.path, content.slice(0, content.length / 2));
    await assert.rejects(new Wallet({ name: 'corrupt', path: root, ...fast }).hotkey(), (e: unknown) => {
      return (
        e instanceof Error &&
        'code' in e &&
        e.code === 'KEYFILE_FORMAT' &&
        e.message.includes(w.hotkeyFile.path)
      );
    });
  });

  it('lists wallets and hotkeys (watch-only hotkeys included)', async () => {
    const w = new Wallet({ name: 'many', hotkey: 'a', path: root, ...fast });
    await w.regenerateHotkey({ mnemonic: m0.mnemonic });
    await new Wallet({ name: 'many', hotkey: 'b', path: root, ...fast }).regenerateHotkey({
      mnemonic: m1.mnemonic,
    });
    await new Wallet({ name: 'many', hotkey: 'c', path: root, ...fast }).regenerateHotkeypub({
      ss58Address: m1.ss58_42,
    });
    await mkdir(join(root, 'not-a-wallet'));
    assert.deepEqual(await listHotkeys('many', root), ['a', 'b', 'c']);
    const wallets = await listWallets(root);
    assert.ok(wallets.includes('many') && wallets.includes('alpha'));
    assert.ok(!wallets.includes('not-a-wallet'));
  });

  it('follows BT_WALLET_* defaults and rejects unsafe names', () => {
    const w = new Wallet({ env: { BT_WALLET_NAME: 'n', BT_WALLET_HOTKEY: 'h', BT_WALLET_PATH: root } });
    assert.equal(w.coldkeyFile.path, join(root, 'n', 'coldkey'));
    assert.equal(w.hotkeypubFile.path, join(root, 'n', 'hotkeys', 'hpub.txt'));
    assert.throws(() => new Wallet({ name: '../etc', path: root }), /name/);
    const home = new Wallet({ name: 'x', path: '~/.bittensor/wallets', env: {} });
    assert.ok(!home.dir.includes('~'));
  });
});
