// The password path end to end, as a user meets it: `tao` (the real launcher) on a pseudo-terminal
// creates a wallet whose coldkey is encrypted with bittensor's real $NACL KDF (password typed twice,
// masked), then unlocks it at a prompt to sign; a wrong password fails with one line and no stack.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEV_PHRASE, cryptoReady, decodeAddress, fromHex, utf8, verifySignature } from '@tao-ts/primitives';
import { WalletKey, encryptAnsibleVault, serializeKeyfile } from '@tao-ts/sdk';
import { hasScript, runOnPty, runTao, tempHome } from '../../test-support.js';

const ROOT = new URL('../../../../../', import.meta.url).pathname;
const BIN = join(ROOT, 'packages/cli/bin/tao.mjs');
const t = tempHome();
const wallets = join(t.home, 'wallets');
after(() => t.cleanup());

/** Runs `tao args` on a pseudo-terminal, answering each prompt (matched on the output so far) in turn. */
function onPty(args: readonly string[], answers: readonly [RegExp, string][]) {
  const env: NodeJS.ProcessEnv = { ...process.env, ...t.env, NO_COLOR: '1' };
  delete env['NODE_OPTIONS'];
  delete env['TAO_CLI_SOURCE'];
  return runOnPty([process.execPath, BIN, ...args], answers, { cwd: ROOT, env, timeoutMs: 90_000 });
}

/** A coldkey encrypted as a legacy Ansible Vault (PBKDF2: milliseconds, where $NACL's KDF takes seconds). */
async function vaultWallet(name: string, password: string): Promise<WalletKey> {
  await cryptoReady();
  const dir = join(wallets, name);
  mkdirSync(dir, { recursive: true });
  const key = WalletKey.fromMnemonic(DEV_PHRASE);
  writeFileSync(join(dir, 'coldkey'), encryptAnsibleVault(serializeKeyfile(key), password), { mode: 0o600 });
  return key;
}

describe('wallet passwords', () => {
  it(
    'create asks twice (masked) and writes $NACL; sign unlocks a coldkey at the prompt',
    { skip: !hasScript && 'util-linux script is not installed' },
    async () => {
      // The one run of the real KDF (argon2i, 512 MiB): encrypting the new coldkey.
      const password = 'correct horse 42';
      const made = await onPty(
        ['wallet', 'create', '-w', 'locked', '--wallet.path', wallets],
        [
          // bittensor's policy refuses a run of one symbol (score 19 of the 20 needed), then asks again.
          [/Enter a password to encrypt the coldkey: $/, '......\r'],
          [/Retype to confirm: $/, '......\r'],
          [/not strong enough[\s\S]*Enter a password to encrypt the coldkey: $/, `${password}\r`],
          [/Retype to confirm: $/, `${password}\r`],
        ],
      );
      assert.equal(made.code, 0, made.output);
      assert.match(
        made.output,
        /password not strong enough \(it scores 19\.0 of 100, at least 20 is needed\)/,
      );
      assert.ok(!made.output.includes(password), `the password is never echoed: ${made.output}`);
      assert.match(made.output, /\*{16}/, 'typed characters are masked');
      const coldkey = readFileSync(join(wallets, 'locked', 'coldkey'));
      assert.equal(coldkey.subarray(0, 5).toString(), '$NACL');
      assert.ok(!readFileSync(join(wallets, 'locked', 'hotkeys', 'default'), 'utf8').startsWith('$NACL'));

      // Unlocking at the prompt goes through the same Keyfile path for every format; a fast one here.
      const key = await vaultWallet('vault-pty', 'vault password');
      const signed = await onPty(
        ['wallet', 'sign', '-w', 'vault-pty', '--wallet.path', wallets, '-m', 'unlock me'],
        [[/Enter your password: $/, 'vault password\r']],
      );
      assert.equal(signed.code, 0, signed.output);
      assert.ok(!signed.output.includes('vault password'));
      const signature = /^([0-9a-f]{128})\r?$/m.exec(signed.output)?.[1] ?? '';
      assert.ok(
        verifySignature(utf8('unlock me'), fromHex(signature), decodeAddress(key.address), 'sr25519'),
      );
    },
  );

  it('a wrong password fails with one line and a hint, no stack; the right one unlocks', async () => {
    const key = await vaultWallet('vault', 'the password');
    const wrong = await runTao(['wallet', 'sign', '-w', 'vault', '--wallet.path', wallets, '-m', 'x'], {
      env: t.env,
      stdin: 'not the password\n',
    });
    assert.equal(wrong.code, 1);
    assert.match(wrong.stderr, /error: keyfile \(.*coldkey\): wrong password/);
    assert.match(wrong.stderr, /^hint: retype the password/m);
    assert.doesNotMatch(wrong.stderr, /\n\s+at /);
    const right = await runTao(
      ['wallet', 'sign', '-w', 'vault', '--wallet.path', wallets, '-m', 'x', '--json'],
      {
        env: t.env,
        stdin: 'the password\n',
      },
    );
    assert.equal(right.code, 0, right.stderr);
    assert.equal((JSON.parse(right.stdout) as { address: string }).address, key.address);
  });
});
