/**
 * Staking, delegate take and weights against a dev node: a fresh wallet registers on subnet 1 by burn,
 * stakes, lists and unstakes (once with a password-protected coldkey unlocked from stdin), changes its
 * delegate take; //Alice (subnet 1's owner and validator) sets weights and sees them in the metagraph,
 * then commits and reveals weights with commit-reveal switched on.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateMnemonic } from '@tao-ts/primitives';
import { Wallet, WalletKey, encryptAnsibleVault, serializeKeyfile } from '@tao-ts/sdk';
import { hasScript, hotkeyOf, startDevnet, type Devnet } from '../_devnet.js';
import delegatesList from '../delegates/list.js';
import take from '../delegates/take.js';
import metagraph from '../subnets/metagraph.js';
import register from '../subnets/register.js';
import commit from '../weights/commit.js';
import reveal from '../weights/reveal.js';
import weightsSet from '../weights/set.js';
import sudoSet from '../sudo/set.js';
import add from './add.js';
import list from './list.js';
import remove from './remove.js';

let net: Devnet;
let val: string;
let valHotkey: string;

before(async () => {
  net = await startDevnet();
  val = await net.wallet('val');
  valHotkey = await hotkeyOf(net, 'val');
  await net.wallet('alice', { uri: '//Alice' });
  await net.fund(val, 1_000n);
});

after(async () => {
  await net?.stop();
});

interface StakeDoc {
  stakes: { hotkey: string; netuid: number; stake: string }[];
}

describe('tao stake / delegates / weights (dev node)', () => {
  it('registers, stakes, lists and unstakes', async () => {
    const reg = await net.json<{ uid: number }>(
      ['subnets', 'register', '--netuid', '1', '-w', 'val', '-y'],
      register.output,
    );
    assert.equal(reg.uid, 1);

    const added = await net.json<{ stakes: { hotkey: string; amount: string; stake: string }[] }>(
      ['stake', 'add', '--amount', '10', '--netuid', '1', '-w', 'val', '-y'],
      add.output,
    );
    assert.equal(added.stakes.length, 1);
    assert.equal(added.stakes[0]?.hotkey, valHotkey);
    assert.equal(added.stakes[0]?.amount, '10000000000');
    assert.ok(BigInt(added.stakes[0]?.stake ?? '0') > 0n);

    const listed = await net.json<StakeDoc>(['stake', 'list', '-w', 'val'], list.output);
    const row = listed.stakes.find((s) => s.netuid === 1 && s.hotkey === valHotkey);
    // An epoch may pay the hotkey between the two reads, so the stake can only have grown.
    assert.ok(BigInt(row?.stake ?? '0') >= BigInt(added.stakes[0]?.stake ?? '0'));
    const byAddress = await net.json<StakeDoc>(['stake', 'list', '--ss58', val], list.output);
    // The same positions by address as by wallet (amounts may have grown if an epoch ran in between).
    const positions = (doc: StakeDoc): string[] => doc.stakes.map((s) => `${s.netuid}/${s.hotkey}`);
    assert.deepEqual(positions(byAddress), positions(listed));
    byAddress.stakes.forEach((s, i) => assert.ok(BigInt(s.stake) >= BigInt(listed.stakes[i]?.stake ?? '0')));

    const removed = await net.json<{ removed: { amount: string; stake: string }[] }>(
      ['stake', 'remove', '--amount', '1', '--netuid', '1', '-w', 'val', '-y'],
      remove.output,
    );
    assert.equal(removed.removed[0]?.amount, '1000000000');
    assert.ok(BigInt(removed.removed[0]?.stake ?? '0') > 0n);

    const usage = await net.tao(['stake', 'remove', '--netuid', '1', '-w', 'val', '-y']);
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /give exactly one of --amount or --all/);

    const all = await net.json<{ removed: { amount: string; stake: string }[] }>(
      ['stake', 'remove', '--all', '--netuid', '1', '-w', 'val', '-y'],
      remove.output,
    );
    // --all empties the position when it executes; only an epoch after that block could credit it again.
    assert.ok(BigInt(all.removed[0]?.amount ?? '0') > 0n);
    const after = await net.json<StakeDoc>(['stake', 'list', '-w', 'val'], list.output);
    assert.equal(
      after.stakes.find((s) => s.netuid === 1 && s.hotkey === valHotkey),
      undefined,
    );
  });

  it(
    'on a terminal: asks to confirm, then for the coldkey password',
    { skip: !hasScript && 'no util-linux script' },
    async () => {
      // A legacy Ansible Vault coldkey: unlocks in milliseconds where $NACL's KDF takes seconds.
      const locked = new Wallet({ name: 'locked', path: net.walletPath, env: {} });
      const key = WalletKey.fromMnemonic(generateMnemonic(12));
      mkdirSync(locked.dir, { recursive: true });
      const sealed = encryptAnsibleVault(serializeKeyfile(key), 'correct horse');
      writeFileSync(join(locked.dir, 'coldkey'), sealed, { mode: 0o600 });
      await locked.regenerateColdkeypub({ ss58Address: key.address });
      await net.fund(key.address, 100n);
      const run = await net.pty(
        ['stake', 'add', '-a', '1', '--netuid', '1', '-w', 'locked', '--include-hotkeys', valHotkey],
        [
          [/Stake τ1\.000000000 to 5\w+ on subnet 1\? \(y\/N\)/, 'y\r'],
          [/Enter your password/, 'correct horse\r'],
        ],
      );
      assert.equal(run.code, 0, run.output);
      assert.doesNotMatch(run.output, /correct horse/, 'the password is not echoed');
      assert.match(run.output, /staked τ1\.000000000 to 5\w+: now α/);
    },
  );

  it('reads and changes the delegate take, lists delegates', async () => {
    const before = await net.json<{ take: number; changed: boolean }>(
      ['delegates', 'take', '-w', 'val'],
      take.output,
    );
    assert.equal(before.changed, false);
    const changed = await net.json<{ take: number; takeRaw: number; changed: boolean }>(
      ['delegates', 'take', '--take', '10', '-w', 'val', '-y'],
      take.output,
    );
    assert.deepEqual(
      { take: changed.take, takeRaw: changed.takeRaw, changed: changed.changed },
      { take: 10, takeRaw: 6554, changed: true },
    );
    const read = await net.json<{ take: number }>(['delegates', 'take', '--hotkey', valHotkey], take.output);
    assert.equal(read.take, 10);
    const bad = await net.tao(['delegates', 'take', '--take', '150', '-w', 'val']);
    assert.equal(bad.code, 2);

    const { delegates } = await net.json<{ delegates: { hotkey: string }[] }>(
      ['delegates', 'list'],
      delegatesList.output,
    );
    assert.ok(delegates.length > 0);
  });

  it('sets weights (plain set) and shows them in the metagraph', async () => {
    const set = await net.json<{ mode: string; uids: number[]; values: number[] }>(
      ['weights', 'set', '--netuid', '1', '--uids', '0,1', '--weights', '0.25,0.75', '-w', 'alice'],
      weightsSet.output,
    );
    assert.deepEqual(set, { ...set, mode: 'set', uids: [0, 1], values: [21845, 65535] });
    const graph = await net.json<{ neurons: { uid: number; weights?: { uid: number; weight: number }[] }[] }>(
      ['subnets', 'metagraph', '--netuid', '1'],
      metagraph.output,
    );
    const weights = graph.neurons.find((n) => n.uid === 0)?.weights ?? [];
    assert.deepEqual(
      weights.map((w) => [w.uid, Number(w.weight.toFixed(3))]),
      [
        [0, 0.25],
        [1, 0.75],
      ],
    );
    const text = await net.tao(['subnets', 'metagraph', '--netuid', '1']);
    assert.match(text.stdout, /0:0\.25 1:0\.75/);

    const mismatch = await net.tao([
      'weights',
      'set',
      '--netuid',
      '1',
      '--uids',
      '0,1',
      '--weights',
      '1',
      '-w',
      'alice',
    ]);
    assert.equal(mismatch.code, 2);
    assert.match(mismatch.stderr, /2 uids but 1 weights/);
  });

  it('commits weights, stores the salt next to the wallet, reveals them in the reveal epoch', async () => {
    await net.json(
      ['sudo', 'set', 'commit_reveal_weights_enabled', 'true', '--netuid', '1', '-w', 'alice', '-y'],
      sudoSet.output,
    );
    const plain = await net.tao(['weights', 'reveal', '--netuid', '1', '-w', 'alice']);
    assert.equal(plain.code, 1);
    assert.match(plain.stderr, /no stored commit/);

    const committed = await net.json<{ hash: string; file: string; salt: number[] }>(
      ['weights', 'commit', '--netuid', '1', '--uids', '0,1', '--weights', '1,1', '-w', 'alice'],
      commit.output,
    );
    assert.ok(committed.file.startsWith(net.walletPath));
    assert.equal(committed.salt.length, 8);
    const revealed = await net.json<{ revealed: { hash: string }[] }>(
      ['weights', 'reveal', '--netuid', '1', '-w', 'alice'],
      reveal.output,
    );
    assert.deepEqual(
      revealed.revealed.map((r) => r.hash),
      [committed.hash],
    );
    const again = await net.tao(['weights', 'reveal', '--netuid', '1', '-w', 'alice']);
    assert.equal(again.code, 1, 'the revealed commit is removed from the store');

    // A plain `weights set` on a commit-reveal subnet commits, waits for the reveal epoch and reveals.
    const auto = await net.json<{ mode: string; revealTxHash?: string }>(
      ['weights', 'set', '--netuid', '1', '--uids', '1', '--weights', '1', '-w', 'alice'],
      weightsSet.output,
    );
    assert.equal(auto.mode, 'commit-reveal');
    assert.match(auto.revealTxHash ?? '', /^0x[0-9a-f]{64}$/);
  });
});
