// bin/tao.mjs as users run it: a fresh process over the cached bundle. Checks what a light command loads
// (through a resolve hook, not timing), `node build-spec` output, docs/cli.md freshness, and prompts
// driven through a pseudo-terminal with util-linux `script`.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { hasScript, runOnPty } from './test-support.js';

const ROOT = new URL('../../../', import.meta.url).pathname;
const BIN = join(ROOT, 'packages/cli/bin/tao.mjs');
const TRACE = new URL('./testing/trace-imports.mjs', import.meta.url).pathname;
const tmp = mkdtempSync(join(tmpdir(), 'tao-cli-bin-'));
const config = join(tmp, 'config.json');
const baseEnv: NodeJS.ProcessEnv = { ...process.env, TAO_CONFIG: config, NO_COLOR: '1' };
delete baseEnv['TAO_CLI_SOURCE'];
delete baseEnv['NODE_OPTIONS'];

function tao(args: readonly string[], env: NodeJS.ProcessEnv = {}, nodeArgs: readonly string[] = []) {
  return spawnSync(process.execPath, [...nodeArgs, BIN, ...args], {
    cwd: ROOT,
    env: { ...baseEnv, ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
}

/** Module URLs a run of `tao args` resolved, and its stdout. */
function traced(args: readonly string[]): { urls: string[]; stdout: string } {
  const file = join(tmp, `trace-${args.join('-')}.txt`);
  writeFileSync(file, '');
  const run = tao(args, { TAO_TRACE_FILE: file }, ['--import', TRACE]);
  assert.equal(run.status, 0, run.stderr);
  return { urls: readFileSync(file, 'utf8').split('\n').filter(Boolean), stdout: run.stdout };
}

before(() => {
  // Builds the bundle if the sources changed, so the runs below measure steady state.
  const warm = tao(['--version']);
  assert.equal(warm.status, 0, warm.stderr);
});
after(() => rmSync(tmp, { recursive: true, force: true }));

describe('bin/tao.mjs', () => {
  it('runs from the cached bundle: `config get` loads neither the node nor the TypeScript loader', () => {
    const { urls } = traced(['config', 'get']);
    assert.ok(
      urls.some((u) => u.includes('/.cache/tao-cli/')),
      'ran the bundle',
    );
    assert.ok(
      !urls.some((u) => u.includes('/packages/node/') || u.includes('@tao-ts/node')),
      urls.join('\n'),
    );
    assert.ok(!urls.some((u) => /\/tsx\//.test(u)), 'no tsx');
    assert.ok(!urls.some((u) => u.includes('@polkadot') || u.includes('/ora/')), 'nothing heavy');
  });

  it('`--help` loads the same light set; `node build-spec --chain dev` loads the node and prints JSON', () => {
    const help = traced(['--help']).urls;
    const heavy = [
      '/packages/node/',
      '/packages/sdk/',
      '@polkadot',
      '@noble',
      'scale-ts',
      '/tsx/',
      '/ora/',
      'prettier',
    ];
    const loaded = help.filter((u) => heavy.some((h) => u.includes(h)));
    assert.deepEqual(loaded, [], 'tao --help loads only the bundle, commander and picocolors');
    // `tao node build-spec --chain dev` prints the dev chain spec as JSON, loading the node to do it.
    const built = traced(['node', 'build-spec', '--chain', 'dev']);
    assert.ok(built.urls.some((u) => u.includes('/packages/node/src/')));
    const spec = JSON.parse(built.stdout) as { id: string; chainType: string; genesis: object };
    assert.equal(spec.id, 'dev');
    assert.equal(spec.chainType, 'Development');
    assert.ok('runtimeGenesisConfig' in spec.genesis);
  });

  it('errors exit non-zero with one line and a hint, no stack', () => {
    const run = tao(['utils', 'convert', '--tao', '1.0000000001']);
    assert.equal(run.status, 1);
    assert.match(run.stderr, /^error: --tao: TAO has at most 9 decimals/);
    assert.doesNotMatch(run.stderr, /^\s+at /m);
    const debug = tao(['utils', 'convert', '--tao', '1.0000000001', '--debug']);
    assert.match(debug.stderr, /^\s+at parseTao .*balance\.ts:\d+/m, 'stack mapped to the sources');
  });

  it('docs/cli.md is what `tao docs` generates', () => {
    const run = tao(['docs']);
    assert.equal(run.status, 0, run.stderr);
    const file = readFileSync(join(ROOT, 'docs/cli.md'), 'utf8');
    assert.ok(
      run.stdout === file,
      'docs/cli.md is stale: run `node packages/cli/bin/tao.mjs docs > docs/cli.md` from the repository root',
    );
  });

  it('falls back to the sources when asked (TAO_CLI_SOURCE=1)', () => {
    const run = tao(['config', 'path'], { TAO_CLI_SOURCE: '1' });
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stdout, `${config}\n`);
  });
});

/** Runs `tao args` on a pseudo-terminal, answering each prompt (matched on output) in turn. */
function onPty(args: readonly string[], answers: readonly [RegExp, string][]) {
  return runOnPty([process.execPath, BIN, ...args], answers, { cwd: ROOT, env: baseEnv, timeoutMs: 30_000 });
}

describe('prompts on a pseudo-terminal', { skip: !hasScript && 'util-linux script is not installed' }, () => {
  it('`config set` asks for a missing value; typing it stores it', async () => {
    rmSync(config, { force: true });
    const run = await onPty(
      ['config', 'set', 'wallet.name'],
      [[/\? wallet\.name \(wallet \(coldkey\) name\):/, 'alice\r']],
    );
    assert.equal(run.code, 0, run.output);
    assert.deepEqual(JSON.parse(readFileSync(config, 'utf8')), { 'wallet.name': 'alice' });
  });

  it('`config clear` asks for confirmation: no keeps the file, yes deletes it', async () => {
    mkdirSync(dirname(config), { recursive: true });
    writeFileSync(config, JSON.stringify({ network: 'local' }));
    const no = await onPty(['config', 'clear'], [[/\(y\/N\)/, 'n\r']]);
    assert.equal(no.code, 130, no.output);
    assert.ok(existsSync(config));
    const yes = await onPty(['config', 'clear'], [[/\(y\/N\)/, 'y\r']]);
    assert.equal(yes.code, 0, yes.output);
    assert.match(yes.output, /deleted/);
    assert.ok(!existsSync(config));
  });
});
