/**
 * Test support for the chain-facing commands: one dev node per test file, wallets made with the SDK in a
 * temporary wallet path, funding from //Alice, and `tao` runs against that node with --json parsing.
 * Only tests import this file (it is a helper, so the CLI never discovers or bundles it).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RunningNode, startDevNode } from '@tao-ts/node';
import { cryptoReady, keypairFromUri } from '@tao-ts/primitives';
import { ChainClient, Wallet } from '@tao-ts/sdk';
import type { JsonSchema } from '../framework/schema.js';
import { validateJson } from '../framework/schema.js';
import { runOnPty, runTao, tempHome, type RunTaoOptions, type TaoRun } from '../test-support.js';

export interface Devnet {
  readonly url: string;
  readonly walletPath: string;
  readonly client: ChainClient;
  /** Runs `tao <args> --network <node> --wallet.path <tmp>`. */
  tao(args: readonly string[], options?: RunTaoOptions): Promise<TaoRun>;
  /** Runs with --json, asserts exit 0 and that the document matches `schema`, and returns it. */
  json<T>(args: readonly string[], schema: JsonSchema, options?: RunTaoOptions): Promise<T>;
  /**
   * Runs the real `tao` binary on a pseudo-terminal (util-linux `script`), typing each answer once
   * the output so far matches its pattern.
   */
  pty(
    args: readonly string[],
    answers: readonly [RegExp, string][],
  ): Promise<{ code: number | null; output: string }>;
  /** A wallet without passwords: fresh keys, or both keys from a dev URI such as //Alice. */
  wallet(name: string, options?: { uri?: string; hotkeys?: readonly string[] }): Promise<string>;
  /** Transfers `tao` TAO from //Alice to `address`. */
  fund(address: string, tao: bigint): Promise<void>;
  stop(): Promise<void>;
}

const BIN = new URL('../../bin/tao.mjs', import.meta.url).pathname;

/** Whether util-linux `script` (for pseudo-terminal tests) is installed. */
export { hasScript } from '../test-support.js';

export async function startDevnet(): Promise<Devnet> {
  await cryptoReady();
  const node: RunningNode = await startDevNode({ blockTimeMs: 200 });
  const home = tempHome();
  const walletPath = mkdtempSync(join(tmpdir(), 'tao-cli-wallets-'));
  const client = await ChainClient.connect(node.rpc.url);
  const url = node.rpc.url;
  const tao = (args: readonly string[], options: RunTaoOptions = {}): Promise<TaoRun> =>
    runTao([...args, '--network', url, '--wallet.path', walletPath], {
      ...options,
      env: { ...home.env, ...options.env },
    });
  return {
    url,
    walletPath,
    client,
    tao,
    async json<T>(args: readonly string[], schema: JsonSchema, options?: RunTaoOptions): Promise<T> {
      const run = await tao([...args, '--json'], options);
      assert.equal(run.code, 0, `tao ${args.join(' ')} failed:\n${run.stderr}`);
      const doc = JSON.parse(run.stdout) as unknown;
      assert.deepEqual(validateJson(schema, doc), [], `tao ${args.join(' ')} output: ${run.stdout}`);
      return doc as T;
    },
    pty(args, answers) {
      // Build the bundle first (it is rebuilt after any source change), outside the prompt timing.
      spawnSync(process.execPath, [BIN, '--version'], { encoding: 'utf8', timeout: 120_000 });
      const argv = [process.execPath, BIN, ...args, '--network', url, '--wallet.path', walletPath];
      const env: NodeJS.ProcessEnv = { ...process.env, ...home.env, NO_COLOR: '1' };
      delete env['NODE_OPTIONS'];
      return runOnPty(argv, answers, { env });
    },
    async wallet(name, options = {}) {
      const base = new Wallet({ name, path: walletPath, env: {} });
      if (options.uri !== undefined) {
        await base.regenerateColdkey({ uri: options.uri }, { usePassword: false });
        await base.regenerateHotkey({ uri: options.uri }, { usePassword: false });
      } else {
        await base.createNew({ usePassword: false });
      }
      for (const hotkey of options.hotkeys ?? []) {
        await new Wallet({ name, hotkey, path: walletPath, env: {} }).createNew({ coldkey: false });
      }
      return (await base.coldkeypub()).address;
    },
    async fund(address, amount) {
      await client.transfer(keypairFromUri('//Alice'), address, amount * 1_000_000_000n);
    },
    async stop() {
      await client.disconnect().catch(() => undefined);
      await node.stop();
      home.cleanup();
      rmSync(walletPath, { recursive: true, force: true });
    },
  };
}

/** The hotkey address of wallet `name` / `hotkey` in the devnet's wallet path. */
export async function hotkeyOf(net: Devnet, name: string, hotkey = 'default'): Promise<string> {
  return (await new Wallet({ name, hotkey, path: net.walletPath, env: {} }).hotkeypub()).address;
}
