/** Helpers for the CLI's tests: run `tao` in-process with captured streams and a private config file. */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { runCli } from './cli.js';
import { discoverCommands } from './framework/discover.js';
import type { CliIo } from './framework/io.js';
import type { Prompter } from './framework/prompt.js';
import type { CommandModule } from './framework/spec.js';

export interface TaoRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

let discovered: Promise<CommandModule[]> | undefined;

export function realModules(): Promise<CommandModule[]> {
  discovered ??= discoverCommands();
  return discovered;
}

export interface RunTaoOptions {
  readonly env?: Record<string, string | undefined>;
  /** Text piped to stdin (default: an empty, closed stdin). */
  readonly stdin?: string;
  readonly prompter?: Prompter;
  readonly modules?: readonly CommandModule[];
  readonly home?: string;
}

/** A temporary HOME with its own config path; `cleanup` removes it. */
export function tempHome(): { home: string; config: string; env: Record<string, string>; cleanup(): void } {
  const home = mkdtempSync(join(tmpdir(), 'tao-cli-test-'));
  const config = join(home, '.tao', 'config.json');
  return {
    home,
    config,
    env: { TAO_CONFIG: config },
    cleanup: () => rmSync(home, { recursive: true, force: true }),
  };
}

export async function runTao(argv: readonly string[], options: RunTaoOptions = {}): Promise<TaoRun> {
  let stdout = '';
  let stderr = '';
  const stdin = new PassThrough();
  stdin.end(options.stdin ?? '');
  const io: CliIo = {
    stdout: { write: (s: string) => (stdout += s), isTTY: false },
    stderr: { write: (s: string) => (stderr += s), isTTY: false },
    stdin,
    env: { NO_COLOR: '1', ...options.env },
    ...(options.home !== undefined ? { home: options.home } : {}),
  };
  const code = await runCli(argv, {
    modules: options.modules ?? (await realModules()),
    io,
    ...(options.prompter !== undefined ? { prompter: options.prompter } : {}),
  });
  return { code, stdout, stderr };
}

/** Whether util-linux `script` (a pseudo-terminal for prompt tests) is available. */
export const hasScript = spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0;

export interface PtyOptions {
  readonly env: NodeJS.ProcessEnv;
  readonly cwd?: string;
  readonly timeoutMs?: number;
}

/**
 * Runs `argv` on a pseudo-terminal (`script`), answering each prompt in turn once the output so far
 * matches its pattern. The prompter prints a question a moment before it switches the terminal to
 * raw mode, and an answer typed inside that window would be echoed: answers wait 150 ms, as people do.
 */
export function runOnPty(
  argv: readonly string[],
  answers: readonly (readonly [RegExp, string])[],
  options: PtyOptions,
): Promise<{ code: number | null; output: string }> {
  const command = argv.map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  const child = spawn('script', ['-qefc', command, '/dev/null'], {
    env: options.env,
    ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
  });
  let output = '';
  let next = 0;
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
    const answer = answers[next];
    if (answer !== undefined && answer[0].test(output)) {
      next++;
      setTimeout(() => child.stdin.write(answer[1]), 150);
    }
  });
  return new Promise((resolve) =>
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    }),
  );
}
