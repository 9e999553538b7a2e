// `tao config`: set/get/unset round trips through the file, validation that names the key, precedence as
// the commands see it, and a broken file that config commands can still repair.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { runTao, tempHome } from './test-support.js';

const t = tempHome();
after(() => t.cleanup());

function stored(): Record<string, unknown> {
  return JSON.parse(readFileSync(t.config, 'utf8')) as Record<string, unknown>;
}

describe('tao config', () => {
  it('set, get and unset round-trip through the file', async () => {
    const set = await runTao(['config', 'set', 'network', 'local'], { env: t.env });
    assert.equal(set.code, 0, set.stderr);
    await runTao(['config', 'set', 'wallet.name', 'alice'], { env: t.env });
    await runTao(['config', 'set', 'rate_tolerance', '0.01'], { env: t.env });
    assert.deepEqual(stored(), { network: 'local', 'wallet.name': 'alice', rate_tolerance: 0.01 });

    const one = await runTao(['config', 'get', 'network'], { env: t.env });
    assert.equal(one.stdout, 'local\n');
    const all = await runTao(['config', 'get', '--json'], { env: t.env });
    const doc = JSON.parse(all.stdout) as { settings: Record<string, { value: unknown; source: string }> };
    assert.deepEqual(doc.settings['network'], { value: 'local', source: 'config' });
    assert.deepEqual(doc.settings['wallet.hotkey'], { value: 'default', source: 'default' });

    const unset = await runTao(['config', 'unset', 'network', '--json'], { env: t.env });
    assert.deepEqual(JSON.parse(unset.stdout), { path: t.config, key: 'network', removed: true });
    assert.deepEqual(stored(), { 'wallet.name': 'alice', rate_tolerance: 0.01 });
    const again = await runTao(['config', 'unset', 'network', '--json'], { env: t.env });
    assert.equal((JSON.parse(again.stdout) as { removed: boolean }).removed, false);
  });

  it('a flag beats the environment, which beats the file', async () => {
    await runTao(['config', 'set', 'network', 'test'], { env: t.env });
    const source = async (argv: string[], env: Record<string, string>): Promise<unknown> =>
      (
        JSON.parse((await runTao([...argv, '--json'], { env: { ...t.env, ...env } })).stdout) as {
          settings: Record<string, unknown>;
        }
      ).settings['network'];
    assert.deepEqual(await source(['config', 'get'], {}), { value: 'test', source: 'config' });
    assert.deepEqual(await source(['config', 'get'], { TAO_NETWORK: 'local' }), {
      value: 'local',
      source: 'env',
    });
    assert.deepEqual(
      await source(['config', 'get', '--network', 'ws://10.0.0.1:9944'], { TAO_NETWORK: 'local' }),
      {
        value: 'ws://10.0.0.1:9944',
        source: 'flag',
      },
    );
    // Global options work before the command name too, and btcli's spellings are accepted.
    assert.deepEqual(await source(['--network', 'finney', 'config', 'get'], {}), {
      value: 'finney',
      source: 'flag',
    });
    assert.deepEqual(await source(['config', 'get', '--subtensor.network', 'local'], {}), {
      value: 'local',
      source: 'flag',
    });
    const wallet = await runTao(['config', 'get', 'wallet.name', '--wallet-name', 'bob'], { env: t.env });
    assert.equal(wallet.stdout, 'bob\n');
    const short = await runTao(['config', 'get', 'wallet.hotkey', '-H', 'miner'], { env: t.env });
    assert.equal(short.stdout, 'miner\n');
  });

  it('refuses bad values and unknown keys, naming the key, and leaves the file alone', async () => {
    const before = readFileSync(t.config, 'utf8');
    const bad = await runTao(['config', 'set', 'network', 'http://127.0.0.1:9944'], { env: t.env });
    assert.equal(bad.code, 1);
    assert.match(
      bad.stderr,
      /^error: config key "network": "http:\/\/127.0.0.1:9944" must use ws:\/\/ or wss:\/\//m,
    );
    assert.match(bad.stderr, /^hint: /m);
    const unknown = await runTao(['config', 'set', 'colour', 'blue'], { env: t.env });
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /^error: key: unknown config key "colour"/m);
    assert.match(unknown.stderr, /^hint: known keys: network, wallet.name/m);
    const badName = await runTao(['config', 'set', 'wallet.name', 'a/b'], { env: t.env });
    assert.match(badName.stderr, /config key "wallet.name": "a\/b" is not a valid name/);
    assert.equal(readFileSync(t.config, 'utf8'), before);
  });

  it('a bad value in the file stops other commands but can be repaired with config', async () => {
    writeFileSync(t.config, JSON.stringify({ network: 'nowhere', 'wallet.name': 'alice' }));
    const convert = await runTao(['utils', 'convert', '--tao', '1'], { env: t.env });
    assert.equal(convert.code, 1);
    assert.match(convert.stderr, new RegExp(`^error: config key "network" in ${t.config}: "nowhere"`, 'm'));
    const fixed = await runTao(['config', 'set', 'network', 'local'], { env: t.env });
    assert.equal(fixed.code, 0, fixed.stderr);
    assert.equal((await runTao(['utils', 'convert', '--tao', '1'], { env: t.env })).code, 0);
  });

  it('a file that is not JSON is named in the error', async () => {
    writeFileSync(t.config, '{ network: ');
    const run = await runTao(['utils', 'convert', '--tao', '1'], { env: t.env });
    assert.equal(run.code, 1);
    assert.match(run.stderr, /^error: config file .*config.json: is not valid JSON$/m);
    assert.doesNotMatch(run.stderr, /^\s+at /m);
  });

  it('clear asks first, takes a piped answer, and --no-prompt skips the question', async () => {
    writeFileSync(t.config, JSON.stringify({ network: 'local' }));
    const no = await runTao(['config', 'clear'], { env: t.env, stdin: 'n\n' });
    assert.equal(no.code, 130);
    assert.match(no.stderr, /\? Delete 1 setting\(s\) \(network\) at .* \(y\/N\)/);
    assert.ok(existsSync(t.config));
    const closed = await runTao(['config', 'clear'], { env: t.env });
    assert.equal(closed.code, 1);
    assert.match(closed.stderr, /^hint: pass --no-prompt \(-y\)/m);
    const yes = await runTao(['config', 'clear', '--json'], { env: t.env, stdin: 'y\n' });
    assert.equal(yes.code, 0);
    assert.deepEqual(JSON.parse(yes.stdout), { path: t.config, removed: ['network'] });
    assert.ok(!existsSync(t.config));
    mkdirSync(dirname(t.config), { recursive: true });
    writeFileSync(t.config, '{}');
    const forced = await runTao(['config', 'clear', '-y'], { env: t.env });
    assert.equal(forced.code, 0, forced.stderr);
    assert.ok(!existsSync(t.config));
  });

  it('set without a value asks for it and re-asks until it validates', async () => {
    const run = await runTao(['config', 'set', 'wallet.hotkey'], { env: t.env, stdin: 'bad/name\nminer\n' });
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /is not a valid name/);
    assert.deepEqual(stored(), { 'wallet.hotkey': 'miner' });
  });

  it('path prints where the file is', async () => {
    const run = await runTao(['config', 'path'], { env: t.env });
    assert.equal(run.stdout, `${t.config}\n`);
    const home = await runTao(['config', 'path'], { env: {}, home: '/nonexistent-home' });
    assert.equal(home.stdout, '/nonexistent-home/.tao/config.json\n');
  });
});
