// The node's data survives what happens to nodes: a clean restart, kill -9 in the middle of
// block production, and it refuses (with an error that says why) a database that is another
// chain's or is damaged, and a port someone else holds, instead of starting on something wrong.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import {
  cpSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  truncateSync,
  writeSync,
  closeSync,
} from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { cryptoReady, keypairFromUri, toHex } from '@tao-ts/primitives';
import { SystemStorage, TAO, createRuntime, signExtrinsic, type Runtime } from '@tao-ts/runtime';
import { trieRoot } from '@tao-ts/trie';
import { decodeHeader, hashHeader } from './block/header.js';
import { ChainDb, ChainDbError } from './db/chain-db.js';
import { silentLogger } from './log.js';
import { startNode, type NodeConfig, type RunningNode } from './node.js';
import { resolveChainSpec } from './spec.js';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const dirs: string[] = [];
let runtime: Runtime;

before(async () => {
  await cryptoReady();
  runtime = createRuntime({ minimumPeriodMs: resolveChainSpec('dev').minimumPeriodMs }).runtime;
});

after(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tao-persist-'));
  dirs.push(dir);
  return dir;
}

async function rpc(url: string, method: string, params: unknown[] = []): Promise<unknown> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
    signal: AbortSignal.timeout(10_000),
  });
  const body = (await response.json()) as { result?: unknown; error?: { message: string } };
  if (body.error !== undefined) throw new Error(`${method}: ${body.error.message}`);
  return body.result;
}

const httpOf = (node: RunningNode): string => `http://127.0.0.1:${node.rpc.port}/`;

/** A transfer of `tao` TAO, signed for the chain with this genesis. */
function transfer(from: string, to: string, nonce: number, tao: bigint, genesisHash: Uint8Array): string {
  const call = runtime.pallet('Balances').call('transfer_keep_alive', {
    dest: { tag: 'Id', value: keypairFromUri(`//${to}`).publicKey },
    value: tao * TAO,
  });
  return toHex(signExtrinsic(runtime, { call, signer: keypairFromUri(`//${from}`), nonce, genesisHash }));
}

const devNode = (basePath: string, extra: Partial<NodeConfig> = {}): Promise<RunningNode> =>
  startNode({
    chain: 'dev',
    basePath,
    rpcPort: 0,
    prometheusPort: null,
    manualSeal: true,
    logger: silentLogger,
    ...extra,
  });

/** Raw System.Account entries of the dev accounts, and the issuance: what "same balances" means. */
function balances(node: RunningNode): string[] {
  return ['Alice', 'Bob', 'Charlie', 'Dave'].map((name) => {
    const account = SystemStorage.Account.get(node.chain.bestStorage, keypairFromUri(`//${name}`).publicKey);
    return `${name}: nonce ${account.nonce} free ${account.data.free}`;
  });
}

/** The start must fail with an error `matches` accepts; a node that starts anyway is stopped. */
async function startFails(start: Promise<RunningNode>, matches: (error: unknown) => boolean): Promise<void> {
  let node: RunningNode;
  try {
    node = await start;
  } catch (error) {
    assert.ok(matches(error), String(error));
    return;
  }
  await node.stop();
  assert.fail('the node started');
}

/** What an intact database holds: a best header that decodes to its hash, and a state with its root. */
async function checkDatabase(basePath: string): Promise<{ number: number; hash: string }> {
  const db = ChainDb.open(join(basePath, 'db'));
  try {
    const meta = db.readMeta();
    assert.ok(meta !== undefined, 'the database has its chain identity');
    const bytes = db.header(meta.bestHash);
    assert.ok(bytes !== undefined, 'the best header is stored');
    const header = decodeHeader(bytes);
    assert.equal(toHex(hashHeader(header)), toHex(meta.bestHash));
    assert.equal(toHex(db.hashAt(header.number) ?? new Uint8Array()), toHex(meta.bestHash));
    const root = trieRoot(db.stateRange(new Uint8Array()), 1);
    assert.equal(toHex(root), toHex(header.stateRoot), 'the flat state is the one the best block commits to');
    return { number: header.number, hash: toHex(meta.bestHash) };
  } finally {
    await db.close();
  }
}

// ---- the CLI as a child process ------------------------------------------------------------

interface Cli {
  readonly child: ChildProcess;
  readonly url: string;
  output(): string;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function cli(args: readonly string[], port = 0): Cli {
  const child = spawn(process.execPath, ['packages/cli/bin/tao.mjs', ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, url: `http://127.0.0.1:${port}/`, output: () => output, exited };
}

function cliNode(basePath: string, port: number, extra: readonly string[]): Cli {
  const args = ['node', '--chain', 'dev', '--base-path', basePath, '--rpc-port', String(port)];
  return cli([...args, '--no-prometheus', '--log', 'warn', ...extra], port);
}

/** Poll until `probe` returns a value (not undefined), failing after `ms`. */
async function until<T>(
  what: string,
  ms: number,
  probe: () => Promise<T | undefined>,
  node?: Cli,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) assert.fail(`${what} within ${ms} ms; node output:\n${node?.output() ?? ''}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const bestNumber = async (url: string): Promise<number> =>
  Number(((await rpc(url, 'chain_getHeader')) as { number: string }).number);

async function freePort(): Promise<{ port: number; server: Server }> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  assert.ok(address !== null && typeof address === 'object');
  return { port: address.port, server };
}

async function closedPort(): Promise<number> {
  const { port, server } = await freePort();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function overwrite(file: string, at: number, bytes: Uint8Array): void {
  const fd = openSync(file, 'r+');
  writeSync(fd, bytes, 0, bytes.length, at);
  closeSync(fd);
}

// ---- the tests -----------------------------------------------------------------------------

void describe('restart', () => {
  void it('reopens at the same best block, state root and balances, and builds on top', async () => {
    const dir = tempDir();
    let node = await devNode(dir);
    const genesis = node.chain.genesisHash;
    let url = httpOf(node);
    for (let nonce = 0; nonce < 3; nonce++)
      await rpc(url, 'author_submitExtrinsic', [transfer('Alice', 'Bob', nonce, 10n, genesis)]);
    await rpc(url, 'dev_newBlock');
    await rpc(url, 'author_submitExtrinsic', [transfer('Charlie', 'Dave', 0, 7n, genesis)]);
    await rpc(url, 'dev_newBlock', [{ count: 3 }]);
    const before = {
      hash: await rpc(url, 'chain_getBlockHash'),
      header: await rpc(url, 'chain_getHeader'),
      balances: balances(node),
      bob: await rpc(url, 'state_getStorage', [
        `0x${SystemStorage.Account.key(keypairFromUri('//Bob').publicKey)}`,
      ]),
    };
    assert.equal(Number((before.header as { number: string }).number), 4);
    assert.match(before.balances[0] ?? '', /nonce 3/);
    await node.stop();

    node = await devNode(dir);
    url = httpOf(node);
    try {
      assert.equal(await rpc(url, 'chain_getBlockHash'), before.hash);
      assert.deepEqual(await rpc(url, 'chain_getHeader'), before.header);
      assert.deepEqual(balances(node), before.balances);
      assert.equal(
        await rpc(url, 'state_getStorage', [
          `0x${SystemStorage.Account.key(keypairFromUri('//Bob').publicKey)}`,
        ]),
        before.bob,
      );
      assert.equal(await rpc(url, 'system_accountNextIndex', [keypairFromUri('//Alice').address]), 3);
      await rpc(url, 'author_submitExtrinsic', [transfer('Alice', 'Bob', 3, 1n, genesis)]);
      const next = await rpc(url, 'dev_newBlock');
      const header = (await rpc(url, 'chain_getHeader', [next])) as { number: string; parentHash: string };
      assert.equal(Number(header.number), 5);
      assert.equal(header.parentHash, before.hash);
      assert.match(balances(node)[0] ?? '', /nonce 4/);
    } finally {
      await node.stop();
    }
    await checkDatabase(dir);
  });
});

void describe('kill -9', () => {
  it('restarts at the last committed block with an intact state, twice, and the chain goes on', async () => {
    const dir = tempDir();
    const port = await closedPort();
    let lastSeen = { number: 0, hash: '' };
    for (let round = 0; round < 2; round++) {
      const node = cliNode(dir, port, ['--block-time', '50']);
      try {
        await until('the node answers', 30_000, () => rpc(node.url, 'system_health'), node);
        // Committed blocks survive the crash: the last one seen before it is still there.
        if (round > 0)
          assert.equal(await rpc(node.url, 'chain_getBlockHash', [lastSeen.number]), lastSeen.hash);
        const genesis = Buffer.from(
          ((await rpc(node.url, 'chain_getBlockHash', [0])) as string).slice(2),
          'hex',
        );
        const target = (await bestNumber(node.url)) + 15;
        // Transactions keep flowing while blocks are authored, so the kill lands amid writes.
        let nonce = (await rpc(node.url, 'system_accountNextIndex', [
          keypairFromUri('//Alice').address,
        ])) as number;
        for (;;) {
          await rpc(node.url, 'author_submitExtrinsic', [transfer('Alice', 'Bob', nonce++, 1n, genesis)]);
          const number = await bestNumber(node.url);
          lastSeen = { number, hash: (await rpc(node.url, 'chain_getBlockHash', [number])) as string };
          if (number >= target) break;
        }
      } finally {
        node.child.kill('SIGKILL');
      }
      assert.deepEqual(await node.exited, { code: null, signal: 'SIGKILL' });
      const stored = await checkDatabase(dir);
      assert.ok(stored.number >= lastSeen.number, `best #${stored.number} is behind #${lastSeen.number}`);
    }

    // A manual-seal restart serves exactly what was stored, and authors on top of it.
    const node = cliNode(dir, port, ['--manual-seal']);
    try {
      await until('the node answers', 30_000, () => rpc(node.url, 'system_health'), node);
      const best = (await rpc(node.url, 'chain_getBlockHash')) as string;
      const header = (await rpc(node.url, 'chain_getHeader')) as { number: string; stateRoot: string };
      // The whole state, page by page, as the node serves it at its best block.
      const entries: (readonly [Buffer, Buffer])[] = [];
      for (let last: string | null = null; ;) {
        const keys = (await rpc(node.url, 'state_getKeysPaged', ['0x', 1000, last, best])) as string[];
        const [values] = (await rpc(node.url, 'state_queryStorageAt', [keys, best])) as {
          changes: [string, string | null][];
        }[];
        for (const [k, v] of values?.changes ?? []) {
          assert.ok(v !== null, `listed key ${k} has a value`);
          entries.push([Buffer.from(k.slice(2), 'hex'), Buffer.from(v.slice(2), 'hex')]);
        }
        if (keys.length < 1000) break;
        last = keys.at(-1) ?? null;
      }
      assert.ok(entries.length > 100);
      assert.equal(
        toHex(trieRoot(entries, 1)),
        header.stateRoot,
        'the served state hashes to the header root',
      );
      const next = await rpc(node.url, 'dev_newBlock');
      const nextHeader = (await rpc(node.url, 'chain_getHeader', [next])) as {
        parentHash: string;
        number: string;
      };
      assert.equal(nextHeader.parentHash, best);
      assert.equal(Number(nextHeader.number), Number(header.number) + 1);
    } finally {
      node.child.kill('SIGTERM');
    }
    assert.deepEqual(await node.exited, { code: 0, signal: null });
    await checkDatabase(dir);
  });
});

void describe('refusing to start', () => {
  let dev: string;
  let devBest: string;

  before(async () => {
    dev = tempDir();
    const node = await devNode(dev);
    await rpc(httpOf(node), 'dev_newBlock', [{ count: 2 }]);
    devBest = toHex(node.chain.best.hash);
    await node.stop();
  });

  /** The CLI exits with status 1 and one line naming the problem: no stack trace, no signal. */
  async function cliRefuses(args: readonly string[], message: RegExp): Promise<void> {
    const run = cli(args);
    let timer: NodeJS.Timeout | undefined;
    const exit = await Promise.race([
      run.exited,
      new Promise<'hung'>((resolve) => (timer = setTimeout(() => resolve('hung'), 30_000))),
    ]);
    clearTimeout(timer);
    if (exit === 'hung') run.child.kill('SIGKILL');
    assert.deepEqual(exit, { code: 1, signal: null }, run.output());
    assert.match(run.output(), message);
    assert.doesNotMatch(run.output(), /^\s+at /m, 'no stack trace');
  }

  it('refuses another chain’s database, and leaves it as it was', async () => {
    await startFails(
      startNode({
        chain: 'fair-launch',
        basePath: dev,
        rpcPort: 0,
        prometheusPort: null,
        logger: silentLogger,
      }),
      (e: unknown) =>
        e instanceof ChainDbError && e.code === 'CHAIN_DB' && /belongs to chain "dev"/.test(e.message),
    );
    await cliRefuses(
      ['node', '--chain', 'fair-launch', '--base-path', dev, '--rpc-port', '0', '--no-prometheus'],
      /^error: the database belongs to chain "dev".*not "fair-launch"/m,
    );
    const node = await devNode(dev);
    assert.equal(toHex(node.chain.best.hash), devBest);
    await node.stop();
  });

  const damages: [string, (file: string) => void][] = [
    ['its first meta page overwritten', (f) => overwrite(f, 0, new Uint8Array(4096).fill(0xff))],
    ['its magic number zeroed', (f) => overwrite(f, 24, new Uint8Array(4))],
    ['its second meta page overwritten', (f) => overwrite(f, 4096, new Uint8Array(4096).fill(0xa5))],
    ['the file truncated', (f) => truncateSync(f, 3 * 4096)],
    ['the stored state rewritten', (f) => overwriteStateKeys(f)],
  ];
  // Each case works on its own copy, so they run side by side (a CLI start takes a while).
  void describe('a damaged database', { concurrency: true }, () => {
    for (const [name, damage] of damages) {
      it(`is refused with ${name}, naming the problem`, async () => {
        const copy = tempDir();
        cpSync(dev, copy, { recursive: true });
        damage(join(copy, 'db', 'chain.mdb'));
        await startFails(
          devNode(copy),
          (e: unknown) => e instanceof ChainDbError && /damaged/.test(e.message),
        );
        await cliRefuses(
          ['node', '--chain', 'dev', '--base-path', copy, '--rpc-port', '0', '--no-prometheus'],
          /^error: the (chain )?database .*damaged/m,
        );
      });
    }
  });

  it('refuses an RPC or metrics port that is taken, with a clear error, and exits', async () => {
    const { port, server } = await freePort();
    try {
      for (const config of [{ rpcPort: port }, { prometheusPort: port }]) {
        await startFails(
          devNode(dev, config),
          (e: unknown) =>
            e instanceof Error && 'code' in e && e.code === 'LISTEN' && /already in use/.test(e.message),
        );
      }
      // The failed starts closed the database: it opens again.
      const node = await devNode(dev);
      await node.stop();
      const base = ['node', '--chain', 'dev', '--base-path', dev];
      await cliRefuses(
        [...base, '--rpc-port', String(port), '--no-prometheus'],
        new RegExp(`^error: the RPC port 127.0.0.1:${port} is already in use.*--rpc-port`, 'm'),
      );
      await cliRefuses(
        [...base, '--rpc-port', '0', '--prometheus-port', String(port)],
        new RegExp(`^error: the metrics port 127.0.0.1:${port} is already in use.*--prometheus-port`, 'm'),
      );
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

/** Overwrite every stored copy of Alice's System.Account key: the flat state then lacks her account. */
function overwriteStateKeys(file: string): void {
  const key = Buffer.from(SystemStorage.Account.key(keypairFromUri('//Alice').publicKey), 'hex');
  const data = readFileSync(file);
  let found = 0;
  for (let at = data.indexOf(key); at >= 0; at = data.indexOf(key, at + 1)) {
    overwrite(file, at + key.length - 8, new Uint8Array(8).fill(0xee));
    found += 1;
  }
  assert.ok(found > 0, 'the key is stored in the file');
}
