// The runner end to end, in-process: --json documents against each command's declared schema, error
// rendering (one line and a hint, a stack only with --debug), usage errors, and global option parsing.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CliError, NodeUnreachableError } from './errors.js';
import { defineCommand, specOf, type CommandModule } from './framework/spec.js';
import { validateJson, type JsonSchema } from './framework/schema.js';
import { realModules, runTao, tempHome } from './test-support.js';

const t = tempHome();
after(() => t.cleanup());

function schemaOf(modules: readonly CommandModule[], path: readonly string[]): JsonSchema {
  const found = modules.map(specOf).find((s) => s.group === path[0] && s.name === path[1]);
  assert.ok(found, `no command ${path.join(' ')}`);
  return found.output;
}

/** Runs with --json and checks stdout is exactly one document that matches the command's schema. */
async function jsonOf(argv: readonly string[], path: readonly string[], stdin?: string): Promise<unknown> {
  const run = await runTao([...argv, '--json'], { env: t.env, ...(stdin !== undefined ? { stdin } : {}) });
  assert.equal(run.code, 0, run.stderr);
  assert.equal(run.stdout.trimEnd().split('\n').length, 1, 'one line, one document');
  const doc = JSON.parse(run.stdout) as unknown;
  assert.deepEqual(validateJson(schemaOf(await realModules(), path), doc), [], run.stdout);
  return doc;
}

describe('--json documents match their declared schemas', () => {
  it('config commands', async () => {
    await jsonOf(['config', 'set', 'network', 'local'], ['config', 'set']);
    await jsonOf(['config', 'get'], ['config', 'get']);
    await jsonOf(['config', 'get', 'network'], ['config', 'get']);
    await jsonOf(['config', 'path'], ['config', 'path']);
    await jsonOf(['config', 'unset', 'network'], ['config', 'unset']);
    await jsonOf(['config', 'set', 'safe_staking', 'false'], ['config', 'set']);
    await jsonOf(['config', 'clear', '--no-prompt'], ['config', 'clear']);
  });

  it('utils convert, with amounts in rao as strings', async () => {
    const doc = await jsonOf(['utils', 'convert', '--tao', '21000000'], ['utils', 'convert']);
    assert.deepEqual(doc, { rao: '21000000000000000', tao: '21000000' });
    assert.deepEqual(await jsonOf(['utils', 'convert', '--rao', '1'], ['utils', 'convert']), {
      rao: '1',
      tao: '0.000000001',
    });
  });

  it('node build-spec, both forms', async () => {
    const doc = (await jsonOf(['node', 'build-spec', '--chain', 'dev'], ['node', 'build-spec'])) as {
      id: string;
    };
    assert.equal(doc.id, 'dev');
    const raw = (await jsonOf(
      ['node', 'build-spec', '--chain', 'fair-launch', '--raw'],
      ['node', 'build-spec'],
    )) as {
      id: string;
      genesis: { raw: { top: Record<string, string> } };
    };
    // The sub-command's --chain is its own, not the parent `tao node --chain`.
    assert.equal(raw.id, 'fair-launch');
    assert.ok(Object.keys(raw.genesis.raw.top).length > 10);
  });

  it('human output is not JSON and goes to stdout; notes go to stderr', async () => {
    const run = await runTao(['utils', 'convert', '--rao', '1500000000'], { env: t.env });
    assert.equal(run.code, 0);
    assert.match(run.stdout, /τ1\.500000000\s+1500000000/);
    const quiet = await runTao(['config', 'set', 'network', 'local', '--quiet'], { env: t.env });
    assert.equal(quiet.stderr, '');
  });
});

// Commands that fail in the ways the SDK will: used to check rendering without a chain.
function failing(name: string, error: () => unknown): CommandModule {
  return {
    group: 'test',
    file: name,
    module: {
      default: defineCommand({
        group: 'test',
        name,
        description: `fails: ${name}`,
        runtime: 'light',
        output: { type: 'null' },
        run() {
          throw error();
        },
      }),
    },
  };
}

const chainError = Object.assign(new Error('Module error'), {
  code: 'CHAIN_CALL',
  pallet: 'SubtensorModule',
  errorName: 'NotEnoughBalanceToStake',
  docs: ['The caller is requesting adding more stake than there exists in the coldkey account.'],
});
const unknownChainError = Object.assign(new Error('Module error'), {
  code: 'CHAIN_CALL',
  errorName: 'SomethingNew',
  docs: ['A brand new failure.'],
});
const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9944'), { code: 'ECONNREFUSED' });

describe('errors', async () => {
  const modules = [
    ...(await realModules()),
    failing('chain', () => chainError),
    failing('chain-unknown', () => unknownChainError),
    failing('unreachable', () => refused),
    failing('unreachable-typed', () => new NodeUnreachableError('ws://10.1.2.3:9944')),
    failing('ss58', () =>
      Object.assign(new Error('dest: invalid SS58 checksum'), { code: 'SS58_CHECKSUM', field: 'dest' }),
    ),
    failing(
      'typed',
      () => new CliError('WRONG_PASSWORD', 'wrong password for coldkey "alice"', { hint: 'try again' }),
    ),
    failing('bug', () => new TypeError('x is not a function')),
  ];
  const run = (argv: readonly string[]) => runTao(argv, { env: t.env, modules });
  const noStack = (text: string): void => assert.doesNotMatch(text, /^\s+at /m);

  it('chain errors: name, one-line explanation, hint', async () => {
    const r = await run(['test', 'chain']);
    assert.equal(r.code, 1);
    assert.equal(
      r.stderr,
      'error: SubtensorModule.NotEnoughBalanceToStake: the coldkey has less free balance than the amount to stake\n' +
        "hint: check it with 'tao wallet balance' and stake less (fees come out of the free balance too)\n",
    );
    const u = await run(['test', 'chain-unknown']);
    assert.match(u.stderr, /^error: SomethingNew: A brand new failure\.$/m);
  });

  it('an unreachable node is named by URL', async () => {
    const r = await run(['test', 'unreachable', '--network', 'local']);
    assert.match(r.stderr, /^error: cannot reach a node at ws:\/\/127\.0\.0\.1:9944$/m);
    assert.match(r.stderr, /^hint: start one with 'tao node --dev'/m);
    noStack(r.stderr);
    const typed = await run(['test', 'unreachable-typed']);
    assert.match(typed.stderr, /^error: cannot reach a node at ws:\/\/10\.1\.2\.3:9944$/m);
  });

  it('an invalid SS58 address names the argument', async () => {
    const r = await run(['test', 'ss58']);
    assert.match(r.stderr, /^error: dest: invalid SS58 checksum$/m);
    assert.match(r.stderr, /^hint: an SS58 address/m);
  });

  it('typed errors: one line and the hint, no stack; --debug adds the stack', async () => {
    const r = await run(['test', 'typed']);
    assert.equal(r.stderr, 'error: wrong password for coldkey "alice"\nhint: try again\n');
    const d = await run(['test', 'typed', '--debug']);
    assert.match(d.stderr, /^error: wrong password/);
    assert.match(d.stderr, /^\s+at /m);
  });

  it('unexpected errors say so, without a stack unless --debug', async () => {
    const r = await run(['test', 'bug']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^error: x is not a function\nhint: this was not expected; rerun with --debug/);
    noStack(r.stderr);
    assert.match((await run(['--debug', 'test', 'bug'])).stderr, /TypeError: x is not a function\n\s+at /);
  });

  it('with --json, a failure is one error document on stdout', async () => {
    const r = await run(['test', 'chain', '--json']);
    assert.deepEqual(JSON.parse(r.stdout), {
      error: {
        code: 'CHAIN_CALL',
        message:
          'SubtensorModule.NotEnoughBalanceToStake: the coldkey has less free balance than the amount to stake',
        hint: "check it with 'tao wallet balance' and stake less (fees come out of the free balance too)",
      },
    });
  });

  it('usage errors exit 2 with a pointer to help', async () => {
    const r = await run(['config', 'get', '--bogus']);
    assert.equal(r.code, 2);
    assert.equal(r.stderr, "error: unknown option '--bogus'\nhint: see 'tao config get --help'\n");
    const typo = await run(['confg', 'get']);
    assert.equal(typo.code, 2);
    assert.equal(
      typo.stderr,
      "error: unknown command 'confg'\nhint: did you mean config? see 'tao --help'\n",
    );
    const port = await run(['node', '--rpc-port', '70000']);
    assert.equal(port.code, 2);
    assert.match(
      port.stderr,
      /^error: option '--rpc-port <port>' argument '70000' is invalid\. must be a port number/,
    );
    const noChain = await run(['node']);
    assert.equal(noChain.code, 2);
    assert.match(noChain.stderr, /^error: tao node: choose a chain with --dev/m);
    const net = await run(['config', 'get', '--network', 'http://x']);
    assert.equal(net.code, 1);
    assert.match(net.stderr, /^error: --network: "http:\/\/x" must use ws:\/\/ or wss:\/\//m);
  });

  it('help and version exit 0 and list options with defaults', async () => {
    const help = await run(['node', '--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /--rpc-port <port>\s+JSON-RPC port \(HTTP and WebSocket\) \(default: 9944\)/);
    assert.match(help.stdout, /Global options:\n\s+--network <network>/);
    const top = await run(['--help']);
    assert.match(top.stdout, /^\s+config\|c \[options\]/m);
    assert.doesNotMatch(top.stdout, /^\s+docs/m, 'hidden command');
    assert.equal((await run(['--version'])).stdout, '0.1.0\n');
  });
});
