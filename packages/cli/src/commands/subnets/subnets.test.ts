/**
 * The subnet and sudo commands against a dev node: listing and inspecting subnets, creating and
 * starting one as a fresh wallet, registering hotkeys by burn and by proof of work (after the sudo key
 * lowers the difficulty with `tao sudo set`), and chain errors by name.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { runTao } from '../../test-support.js';
import { hotkeyOf, startDevnet, type Devnet } from '../_devnet.js';
import sudoSet from '../sudo/set.js';
import burnCost from './burn-cost.js';
import create from './create.js';
import hyperparameters from './hyperparameters.js';
import list from './list.js';
import metagraph from './metagraph.js';
import register from './register.js';
import show from './show.js';
import start from './start.js';
import setIdentity from './set-identity.js';

let net: Devnet;
let owner: string;

before(async () => {
  net = await startDevnet();
  owner = await net.wallet('owner', { hotkeys: ['miner', 'pow'] });
  await net.wallet('alice', { uri: '//Alice' });
  await net.fund(owner, 1_000n);
});

after(async () => {
  await net?.stop();
});

interface SubnetDoc {
  netuid: number;
  name: string;
  owner: string;
  price: number | null;
  tempo: number;
}

describe('tao subnets (dev node)', () => {
  it('lists subnets, shows burn cost and hyperparameters of subnet 1', async () => {
    const { subnets } = await net.json<{ subnets: SubnetDoc[] }>(['subnets', 'list'], list.output);
    assert.deepEqual(
      subnets.map((s) => s.netuid),
      [0, 1],
    );
    assert.equal(subnets[1]?.tempo, 10);
    assert.equal(subnets[0]?.price, 1);

    const text = await net.tao(['subnets', 'list']);
    assert.equal(text.code, 0, text.stderr);
    assert.match(
      text.stdout,
      /netuid\s+name\s+price\s+market cap\s+emission\s+pool τ\s+pool α\s+stake α\s+tempo/,
    );

    const cost = await net.json<{ netuid: number; burn: string }>(
      ['subnets', 'burn-cost', '--netuid', '1'],
      burnCost.output,
    );
    assert.equal(cost.netuid, 1);
    assert.ok(BigInt(cost.burn) > 0n);

    const hyper = await net.json<{ hyperparameters: Record<string, unknown> }>(
      ['subnets', 'hyperparameters', '--netuid', '1'],
      hyperparameters.output,
    );
    assert.equal(hyper.hyperparameters['tempo'], 10);
    assert.equal(hyper.hyperparameters['commit_reveal_weights_enabled'], false);
    assert.match(String(hyper.hyperparameters['difficulty']), /^\d+$/);
  });

  it('a missing subnet fails by chain error name with an explanation, no stack', async () => {
    const run = await net.tao(['subnets', 'register', '--netuid', '77', '-w', 'owner', '-y']);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /^error: subtensorModule\.SubnetNotExists: no subnet has that netuid$/m);
    assert.match(run.stderr, /^hint: list subnets with 'tao subnets list'$/m);
    assert.doesNotMatch(run.stderr, /\n\s+at /);

    const nowallet = await net.tao(['subnets', 'register', '--netuid', '1', '-w', 'nobody', '-y']);
    assert.equal(nowallet.code, 1);
    assert.match(nowallet.stderr, /^error: keyfile .*nobody.* does not exist$/m);
    assert.match(nowallet.stderr, /^hint: create it with 'tao wallet create'/m);

    const down = await runTao(['subnets', 'list', '--network', 'ws://127.0.0.1:1']);
    assert.equal(down.code, 1);
    assert.match(down.stderr, /^error: cannot reach a node at ws:\/\/127\.0\.0\.1:1$/m);
  });

  it('creates and starts a subnet, registers by burn (confirmed on stdin) and by PoW on subnet 1', async () => {
    const created = await net.json<{ netuid: number; owner: string; lockCost: string }>(
      ['subnets', 'create', '-w', 'owner', '-y', '--subnet-name', 'cli-test'],
      create.output,
    );
    assert.equal(created.owner, owner);
    const netuid = String(created.netuid);
    assert.ok(created.netuid >= 2);

    await net.json(['subnets', 'start', '--netuid', netuid, '-w', 'owner'], start.output);
    await net.json(
      ['subnets', 'set-identity', '--netuid', netuid, '-w', 'owner', '--subnet-name', 'renamed'],
      setIdentity.output,
    );

    // Burn registration asks first; the answer comes from stdin (a pipe: line-by-line answers).
    const declined = await net.tao(
      ['subnets', 'register', '--netuid', netuid, '-w', 'owner', '-H', 'miner'],
      {
        stdin: 'n\n',
      },
    );
    assert.equal(declined.code, 130, declined.stderr);
    assert.match(declined.stderr, /burning τ/);
    const burned = await net.tao(
      ['subnets', 'register', '--netuid', netuid, '-w', 'owner', '-H', 'miner', '--json'],
      { stdin: 'y\n' },
    );
    assert.equal(burned.code, 0, burned.stderr);
    const burnDoc = JSON.parse(burned.stdout) as { uid: number; method: string; hotkey: string };
    assert.deepEqual(
      { method: burnDoc.method, hotkey: burnDoc.hotkey },
      { method: 'burn', hotkey: await hotkeyOf(net, 'owner', 'miner') },
    );

    // PoW: the difficulty is a sudo-only parameter, so //Alice lowers it.
    const refused = await net.tao([
      'sudo',
      'set',
      'difficulty',
      '1000',
      '--netuid',
      netuid,
      '-w',
      'owner',
      '-y',
    ]);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /can only be set by the sudo key/);
    const set = await net.json<{ value: unknown; viaSudo: boolean }>(
      ['sudo', 'set', 'difficulty', '1000', '--netuid', netuid, '-w', 'alice', '-y'],
      sudoSet.output,
    );
    assert.equal(set.value, '1000'); // u64: a decimal string in JSON
    assert.equal(set.viaSudo, true);

    // An owner parameter, signed by the owner directly (no sudo).
    const owned = await net.json<{ value: unknown; viaSudo: boolean }>(
      ['sudo', 'set', 'serving_rate_limit', '5', '--netuid', netuid, '-w', 'owner', '-y'],
      sudoSet.output,
    );
    assert.deepEqual(owned, { ...owned, value: '5', viaSudo: false });
    // New subnets no longer take PoW registrations (subtensor deprecated it); subnet 1 of the dev chain does.
    const denied = await net.tao([
      'sudo',
      'set',
      'network_pow_registration_allowed',
      'true',
      '--netuid',
      netuid,
      '-w',
      'owner',
      '-y',
    ]);
    assert.equal(denied.code, 1);
    assert.match(denied.stderr, /^error: adminUtils\.POWRegistrationDisabled: /m);
    await net.json(
      ['sudo', 'set', 'difficulty', '1000', '--netuid', '1', '-w', 'alice', '-y'],
      sudoSet.output,
    );
    const pow = await net.json<{ uid: number; method: string; cost: string; netuid: number }>(
      ['subnets', 'register', '--netuid', '1', '-w', 'owner', '-H', 'pow', '--pow', '--threads', '1'],
      register.output,
    );
    assert.deepEqual([pow.method, pow.cost, pow.netuid], ['pow', '0', 1]);
    const one = await net.json<{ neurons: { hotkey: string; uid: number }[] }>(
      ['subnets', 'metagraph', '--netuid', '1'],
      metagraph.output,
    );
    assert.equal(one.neurons.find((n) => n.uid === pow.uid)?.hotkey, await hotkeyOf(net, 'owner', 'pow'));

    const shown = await net.json<{ subnet: SubnetDoc; neurons: { hotkey: string }[] }>(
      ['subnets', 'show', '--netuid', netuid],
      show.output,
    );
    assert.equal(shown.subnet.owner, owner);
    const hotkeys = shown.neurons.map((n) => n.hotkey);
    assert.ok(hotkeys.includes(await hotkeyOf(net, 'owner', 'miner')));

    const graph = await net.json<{ neurons: { uid: number }[] }>(
      ['subnets', 'metagraph', '--netuid', netuid],
      metagraph.output,
    );
    assert.equal(graph.neurons.length, shown.neurons.length);
  });

  it('sudo set without arguments lists the settable parameters with values; owner sets its own', async () => {
    const listed = await net.json<{ parameters: { name: string; value: unknown; setBy: string }[] }>(
      ['sudo', 'set', '--netuid', '1'],
      sudoSet.output,
    );
    const byName = new Map(listed.parameters.map((p) => [p.name, p]));
    assert.deepEqual(byName.get('tempo'), { name: 'tempo', value: 10, setBy: 'sudo' });
    assert.equal(byName.get('commit_reveal_weights_enabled')?.setBy, 'owner');

    const table = await net.tao(['sudo', 'set', '--netuid', '1']);
    assert.equal(table.code, 0, table.stderr);
    assert.match(table.stdout, /^difficulty\s+\d+\s+sudo$/m);

    const unknown = await net.tao(['sudo', 'set', 'nonsense', '1', '--netuid', '1', '-w', 'alice', '-y']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /unknown hyperparameter "nonsense"/);

    // Alice owns subnet 1, and is sudo: an owner parameter goes through Sudo.sudo as well.
    const owned = await net.json<{ previous: unknown; value: unknown }>(
      ['sudo', 'set', 'serving_rate_limit', '7', '--netuid', '1', '-w', 'alice', '-y'],
      sudoSet.output,
    );
    assert.equal(owned.value, '7');
  });
});
