// The wallet commands that need no chain, run in-process: create / new-* / regen-* / list / sign with
// unencrypted keys (the password path has its own pty test), checked against the files bittensor reads
// and against each command's JSON schema.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  DEV_PHRASE,
  cryptoReady,
  decodeAddress,
  keypairFromMnemonic,
  keypairFromUri,
  utf8,
  verifySignature,
  fromHex,
} from '@tao-ts/primitives';
import fc from 'fast-check';
import { validateJson, type JsonSchema } from '../../framework/schema.js';
import { runTao, tempHome, type TaoRun } from '../../test-support.js';
import create from './create.js';
import list from './list.js';
import newHotkey from './new-hotkey.js';
import regenColdkey from './regen-coldkey.js';
import regenColdkeypub from './regen-coldkeypub.js';
import regenHotkey from './regen-hotkey.js';
import sign from './sign.js';

const t = tempHome();
const wallets = join(t.home, 'wallets');
after(() => t.cleanup());

const tao = (args: readonly string[], stdin?: string): Promise<TaoRun> =>
  runTao(['--wallet.path', wallets, ...args], { env: t.env, ...(stdin === undefined ? {} : { stdin }) });

/** Runs with --json, asserts success and the schema, returns the document. */
async function json(schema: JsonSchema, args: readonly string[]): Promise<Record<string, unknown>> {
  const run = await tao([...args, '--json']);
  assert.equal(run.code, 0, run.stderr);
  const doc = JSON.parse(run.stdout) as Record<string, unknown>;
  assert.deepEqual(validateJson(schema, doc), [], run.stdout);
  return doc;
}

interface KeyDoc {
  address: string;
  mnemonic?: string;
  warning?: string;
  encrypted?: boolean;
  file: string;
}

describe('tao wallet create / new-hotkey / list', () => {
  it('create writes bittensor’s layout, shows each mnemonic once, and list finds the keys', async () => {
    const doc = await json(create.output, [
      'wallet',
      'create',
      '-w',
      'alice',
      '--no-use-password',
      '--n-words',
      '15',
    ]);
    const cold = doc['coldkey'] as KeyDoc;
    const hot = doc['hotkey'] as KeyDoc;
    assert.equal(cold.mnemonic?.split(' ').length, 15);
    assert.match(cold.warning ?? '', /shown only this once/);
    assert.equal(cold.encrypted, false);
    await cryptoReady();
    assert.equal(keypairFromMnemonic(cold.mnemonic ?? '').address, cold.address);
    for (const file of ['coldkey', 'coldkeypub.txt', 'hotkeys/default', 'hotkeys/defaultpub.txt']) {
      const path = join(wallets, 'alice', file);
      assert.ok(existsSync(path), file);
      assert.equal(statSync(path).mode & 0o777, 0o600, `${file} is private`);
    }
    const pub = JSON.parse(readFileSync(join(wallets, 'alice', 'coldkeypub.txt'), 'utf8')) as Record<
      string,
      string
    >;
    assert.equal(pub['ss58Address'], cold.address);
    assert.ok(!readFileSync(join(wallets, 'alice', 'coldkeypub.txt'), 'utf8').includes(cold.mnemonic ?? '-'));

    // Text mode: the mnemonic on stdout once, the warning on stderr.
    const text = await tao(['wallet', 'new-hotkey', '-w', 'alice', '-H', 'miner1']);
    assert.equal(text.code, 0, text.stderr);
    assert.equal(text.stdout.match(/The mnemonic of the new hotkey is:/g)?.length, 1);
    assert.match(text.stderr, /warning: store this mnemonic/);

    const hot2 = await json(newHotkey.output, [
      'wallet',
      'new-hotkey',
      '-w',
      'alice',
      '-H',
      'miner2',
      '--n-words',
      '24',
    ]);
    assert.equal((hot2['hotkey'] as KeyDoc).mnemonic?.split(' ').length, 24);
    assert.equal((hot2['hotkey'] as KeyDoc).encrypted, false, 'hotkeys are plain by default');

    const listed = await json(list.output, ['wallet', 'list']);
    const alice = (
      listed['wallets'] as { name: string; coldkey: string; hotkeys: { name: string; address: string }[] }[]
    )[0];
    assert.equal(alice?.coldkey, cold.address);
    assert.deepEqual(
      alice?.hotkeys.map((h) => h.name),
      ['default', 'miner1', 'miner2'],
    );
    assert.equal(alice?.hotkeys[0]?.address, hot.address);
    const table = await tao(['wallet', 'list']);
    assert.match(table.stdout, /^Wallet\s+Hotkey\s+Address$/m);
    assert.match(table.stdout, new RegExp(`alice\\s+miner1\\s+5`));
  });

  it('refuses to replace keys without --overwrite, naming the file and the flag', async () => {
    const again = await tao(['wallet', 'create', '-w', 'alice', '--no-use-password']);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /^error: keyfile .*alice[/\\]coldkey already exists$/m);
    assert.match(again.stderr, /^hint: pass --overwrite/m);
    // --overwrite asks first; with no terminal to answer on, nothing is replaced.
    const before = readFileSync(join(wallets, 'alice', 'coldkey'), 'utf8');
    const asked = await tao(['wallet', 'new-coldkey', '-w', 'alice', '--no-use-password', '--overwrite']);
    assert.notEqual(asked.code, 0);
    assert.equal(readFileSync(join(wallets, 'alice', 'coldkey'), 'utf8'), before);
    const forced = await tao([
      'wallet',
      'new-coldkey',
      '-w',
      'alice',
      '--no-use-password',
      '--overwrite',
      '-y',
    ]);
    assert.equal(forced.code, 0, forced.stderr);
    assert.notEqual(readFileSync(join(wallets, 'alice', 'coldkey'), 'utf8'), before);
  });

  it('an encrypted key needs a password: without a terminal or BT_PW_ it fails cleanly', async () => {
    const run = await tao(['wallet', 'new-coldkey', '-w', 'nopw']);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /^error: a password is needed but there is no terminal to ask on$/m);
    assert.match(run.stderr, /^hint: .*BT_PW_/m);
    assert.doesNotMatch(run.stderr, /\n\s+at /, 'no stack trace');
    assert.ok(!existsSync(join(wallets, 'nopw', 'coldkey')));
  });
});

describe('tao wallet regen-*', () => {
  it('regen-coldkey from a mnemonic reproduces the address; from a seed too; regen-hotkey likewise', async () => {
    await cryptoReady();
    const expected = keypairFromMnemonic(DEV_PHRASE).address;
    const doc = await json(regenColdkey.output, [
      'wallet',
      'regen-coldkey',
      '-w',
      'dev',
      '--mnemonic',
      DEV_PHRASE,
      '--no-use-password',
    ]);
    const cold = doc['coldkey'] as KeyDoc;
    assert.equal(cold.address, expected);
    assert.equal(cold.mnemonic, undefined, 'a regenerated key does not echo its mnemonic');
    const keyfile = JSON.parse(readFileSync(join(wallets, 'dev', 'coldkey'), 'utf8')) as Record<
      string,
      string
    >;
    assert.equal(keyfile['secretPhrase'], DEV_PHRASE);

    const hot = await json(regenHotkey.output, [
      'wallet',
      'regen-hotkey',
      '-w',
      'dev',
      '-H',
      'h',
      '--seed',
      keyfile['secretSeed'] ?? '',
    ]);
    assert.equal((hot['hotkey'] as KeyDoc).address, expected);

    const bad = await tao([
      'wallet',
      'regen-coldkey',
      '-w',
      'x',
      '--mnemonic',
      'not a real phrase',
      '--no-use-password',
    ]);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /^error: --mnemonic: not a valid BIP39 mnemonic/m);
    const both = await tao([
      'wallet',
      'regen-coldkey',
      '-w',
      'x',
      '--mnemonic',
      DEV_PHRASE,
      '--seed',
      '0x00',
    ]);
    assert.equal(both.code, 2);
  });

  it('regen-coldkey from a polkadot-js JSON backup (--json-file + --json-password)', async () => {
    const vectors = JSON.parse(
      readFileSync(new URL('../../../../../vectors/sdk-wallet.json', import.meta.url), 'utf8'),
    ) as {
      polkadotjs_encrypted_json: { json: string; passphrase: string; ss58_42: string };
    };
    const v = vectors.polkadotjs_encrypted_json;
    const file = join(t.home, 'backup.json');
    writeFileSync(file, v.json);
    const doc = await json(regenColdkey.output, [
      'wallet',
      'regen-coldkey',
      '-w',
      'pjs',
      '--json-file',
      file,
      '--json-password',
      v.passphrase,
      '--no-use-password',
    ]);
    assert.equal((doc['coldkey'] as KeyDoc).address, v.ss58_42);
    const wrong = await tao([
      'wallet',
      'regen-coldkey',
      '-w',
      'pjs2',
      '--json-file',
      file,
      '--json-password',
      'nope',
      '--no-use-password',
    ]);
    assert.equal(wrong.code, 1);
    assert.match(wrong.stderr, /^error: /m);
    assert.doesNotMatch(wrong.stderr, /\n\s+at /);
  });

  it('create --uri makes dev keys (no mnemonic to show)', async () => {
    await cryptoReady();
    const doc = await json(create.output, [
      'wallet',
      'create',
      '-w',
      'devuri',
      '--uri',
      '//Alice',
      '--no-use-password',
    ]);
    assert.equal((doc['coldkey'] as KeyDoc).address, keypairFromUri('//Alice').address);
    assert.equal((doc['coldkey'] as KeyDoc).mnemonic, undefined);
  });

  it('regen-coldkeypub writes a watch-only wallet that list and balance can read', async () => {
    const address = '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY';
    const doc = await json(regenColdkeypub.output, [
      'wallet',
      'regen-coldkeypub',
      '-w',
      'watch',
      '--ss58',
      address,
    ]);
    assert.equal((doc['coldkey'] as KeyDoc).address, address);
    assert.ok(!existsSync(join(wallets, 'watch', 'coldkey')));
    const typo = await tao([
      'wallet',
      'regen-coldkeypub',
      '-w',
      'watch2',
      '--ss58',
      `${address.slice(0, -1)}Z`,
    ]);
    assert.equal(typo.code, 1);
    assert.match(typo.stderr, /^error: --ss58: /m);
    // A watch-only wallet cannot sign: the error says why and what to do.
    const cannot = await tao(['wallet', 'sign', '-w', 'watch', '-m', 'x']);
    assert.equal(cannot.code, 1);
    assert.match(cannot.stderr, /^error: keyfile .*coldkey does not exist$/m);
    assert.match(cannot.stderr, /^hint: /m);
  });
});

describe('tao wallet sign', () => {
  it('signs with the coldkey or hotkey in btcli’s hex format, and verify accepts it', async () => {
    const doc = await json(sign.output, ['wallet', 'sign', '-w', 'dev', '-m', 'hello tao']);
    const signature = doc['signature'] as string;
    assert.match(signature, /^[0-9a-f]{128}$/);
    assert.ok(
      verifySignature(
        utf8('hello tao'),
        fromHex(signature),
        keypairFromMnemonic(DEV_PHRASE).publicKey,
        'sr25519',
      ),
    );
    const verified = await tao([
      'wallet',
      'verify',
      '-m',
      'hello tao',
      '-s',
      signature,
      '--address',
      doc['address'] as string,
    ]);
    assert.equal(verified.code, 0, verified.stderr);
    const tampered = await tao([
      'wallet',
      'verify',
      '-m',
      'hello TAO',
      '-s',
      signature,
      '--address',
      doc['address'] as string,
    ]);
    assert.equal(tampered.code, 1);

    // Any UTF-8 message (spaces, leading dashes, emoji) signs over exactly its bytes.
    const address = doc['address'] as string;
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'grapheme', maxLength: 40 }), async (message) => {
        const signed = await json(sign.output, ['wallet', 'sign', '-w', 'dev', `--message=${message}`]);
        assert.equal(signed['message'], message);
        assert.ok(
          verifySignature(
            utf8(message),
            fromHex(signed['signature'] as string),
            decodeAddress(address),
            'sr25519',
          ),
        );
      }),
      { numRuns: 15 },
    );

    const byHotkey = await json(sign.output, [
      'wallet',
      'sign',
      '-w',
      'alice',
      '-H',
      'miner1',
      '--use-hotkey',
      '-m',
      'hi',
    ]);
    assert.equal(byHotkey['key'], 'hotkey');
    const text = await tao(['wallet', 'sign', '-w', 'dev', '-m', 'hello tao']);
    assert.match(text.stdout, /^[0-9a-f]{128}\n$/);
  });
});
