import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { resolveNetwork, NETWORKS } from './network.js';
import {
  SETTINGS,
  expandHome,
  parseSetting,
  resolveSettings,
  settingDef,
  toGlobalSettings,
} from './settings.js';

describe('settings precedence', () => {
  it('takes each setting from the first layer that has it: flag > env > config > default', () => {
    const names = fc.constantFrom('alpha', 'beta', 'gamma', 'delta-1', 'x.y');
    fc.assert(
      fc.property(fc.option(names), fc.option(names), fc.option(names), (flag, env, config) => {
        const def = settingDef('wallet.name');
        assert.ok(def?.env !== undefined);
        const resolved = resolveSettings({
          flags: flag === null ? {} : { 'wallet.name': flag },
          env: env === null ? {} : { [def.env]: env },
          config: config === null ? {} : { 'wallet.name': config },
        });
        const expected = flag ?? env ?? config ?? def.default;
        const source = flag !== null ? 'flag' : env !== null ? 'env' : config !== null ? 'config' : 'default';
        assert.deepEqual(resolved['wallet.name'], { value: expected, source });
      }),
    );
  });

  it('resolves every setting, with defaults when nothing is given', () => {
    const resolved = resolveSettings({ flags: {}, env: {}, config: {} });
    for (const def of SETTINGS)
      assert.deepEqual(resolved[def.key], { value: def.default, source: 'default' });
    const globals = toGlobalSettings(resolved, { json: false, quiet: false, debug: false }, '/home/u');
    assert.equal(globals.network.url, NETWORKS['finney']);
    assert.equal(globals.wallet.path, '/home/u/.bittensor/wallets');
    assert.equal(globals.prompt, true);
  });

  it('names the layer a bad value came from', () => {
    assert.throws(
      () => resolveSettings({ flags: {}, env: { TAO_NETWORK: 'http://x' }, config: {} }),
      (e: Error & { code?: string }) => e.code === 'INVALID_SETTING' && /^TAO_NETWORK: /.test(e.message),
    );
    assert.throws(() => resolveSettings({ flags: { network: 'nowhere' }, env: {}, config: {} }), {
      message: /^--network: "nowhere" is neither a network name nor a URL/,
    });
    assert.throws(
      () => resolveSettings({ flags: {}, env: {}, config: { rate_tolerance: 3 } }),
      /config key "rate_tolerance": 3 is not a number between 0 and 1/,
    );
  });

  it('TAO_NO_PROMPT and config no_prompt turn prompts off, a flag beats both', () => {
    const off = resolveSettings({ flags: {}, env: { TAO_NO_PROMPT: '1' }, config: {} });
    assert.equal(toGlobalSettings(off, { json: false, quiet: false, debug: false }).prompt, false);
    const on = resolveSettings({ flags: {}, env: {}, config: { no_prompt: true } });
    assert.equal(toGlobalSettings(on, { json: false, quiet: false, debug: false }).prompt, false);
  });
});

describe('networks', () => {
  it('knows btcli names and accepts ws/wss URLs', () => {
    assert.deepEqual(resolveNetwork('local'), { name: 'local', url: 'ws://127.0.0.1:9944' });
    assert.equal(resolveNetwork('test').url, 'wss://test.finney.opentensor.ai:443');
    assert.deepEqual(resolveNetwork('wss://node.example:443'), {
      name: 'custom',
      url: 'wss://node.example:443',
    });
  });
  it('rejects other schemes and junk, naming the field', () => {
    assert.throws(() => resolveNetwork('http://127.0.0.1:9944'), {
      message: /^--network: .* must use ws:\/\/ or wss:\/\//,
    });
    assert.throws(() => resolveNetwork('mainnet', 'config key "network"'), {
      message: /^config key "network": "mainnet"/,
    });
  });
});

describe('setting values', () => {
  it('validates names and booleans', () => {
    const name = settingDef('wallet.hotkey');
    const bool = settingDef('safe_staking');
    assert.ok(name !== undefined && bool !== undefined);
    assert.equal(parseSetting(name, 'miner-1', 'x'), 'miner-1');
    assert.throws(() => parseSetting(name, '../etc', '--wallet.hotkey'), {
      message: /^--wallet.hotkey: "..\/etc" is not a valid name/,
    });
    assert.equal(parseSetting(bool, 'yes', 'x'), true);
    assert.equal(parseSetting(bool, 'false', 'x'), false);
    assert.throws(
      () => parseSetting(bool, 'maybe', 'safe_staking'),
      /safe_staking: "maybe" is not a boolean/,
    );
  });
  it('expands ~ like a shell', () => {
    assert.equal(expandHome('~/w', '/h'), '/h/w');
    assert.equal(expandHome('~', '/h'), '/h');
    assert.equal(expandHome('/abs/~', '/h'), '/abs/~');
  });
});
