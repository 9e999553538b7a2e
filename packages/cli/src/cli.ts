/**
 * The runner: builds the command tree from discovered specs, parses argv, resolves settings
 * (flag > env > config file > default), runs the chosen command and renders its result or error.
 * Returns the exit status instead of exiting, so tests run it in-process and long-running commands
 * (`tao node`) keep the process alive after `run` returns.
 */
import { CommanderError, type Command } from 'commander';
import { UsageError } from './errors.js';
import { configPath, readConfig, type ConfigValues } from './framework/config.js';
import { createContext } from './framework/context.js';
import type { CliIo } from './framework/io.js';
import { toJsonText } from './framework/json.js';
import { Output } from './framework/output.js';
import { buildProgram, collectGlobalFlags, rawSwitches } from './framework/program.js';
import { terminalPrompter, type Prompter } from './framework/prompt.js';
import { errorText, renderError } from './framework/render-error.js';
import { resolveSettings, toGlobalSettings } from './framework/settings.js';
import { commandPath, specOf, type AnyCommandSpec, type CommandModule } from './framework/spec.js';

export interface RunOptions {
  readonly modules: readonly CommandModule[];
  readonly io: CliIo;
  /** Makes workspace packages importable (registers the TypeScript loader when running from a bundle). */
  readonly loadWorkspace?: () => Promise<void>;
  /** Replaces the terminal prompter (tests). */
  readonly prompter?: Prompter;
  /** Told when a `daemon` command has started and keeps serving after returning. */
  readonly onServing?: () => void;
}

// @polkadot/api logs its own view of failures (`2026-… RPC-CORE: submitAndWatchExtrinsic … 1010 …`) on
// the console; the CLI reports the same failure as one error line, so those lines only show with --debug.
const POLKADOT_LOG_TIMESTAMP = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/;
const POLKADOT_LOG_SOURCE = /^\s*(RPC-CORE|API[\w/-]*|WS|METADATA|REGISTRY|DRR)[\w/-]*:/;

let polkadotLogsQuiet = false;

function quietPolkadotLogs(): void {
  if (polkadotLogsQuiet) return;
  polkadotLogsQuiet = true;
  for (const level of ['error', 'warn', 'log'] as const) {
    const original = console[level].bind(console);
    console[level] = (...args: unknown[]): void => {
      const [first, second] = args;
      const fromPolkadot =
        typeof first === 'string' &&
        POLKADOT_LOG_TIMESTAMP.test(first) &&
        typeof second === 'string' &&
        POLKADOT_LOG_SOURCE.test(second);
      if (!fromPolkadot) original(...args);
    };
  }
}

const HELP_CODES = new Set(['commander.helpDisplayed', 'commander.version', 'commander.help']);

/** Reads the config file, or for `tao config …` (which must be able to repair it) tolerates a bad one. */
function loadConfig(path: string, spec: AnyCommandSpec): ConfigValues {
  try {
    return readConfig(path);
  } catch (error) {
    if (spec.group === 'config') return {};
    throw error;
  }
}

export async function runCli(argv: readonly string[], options: RunOptions): Promise<number> {
  const { io } = options;
  const state = { ...rawSwitches(argv), networkUrl: undefined as string | undefined };
  let exitCode = 0;

  let specs: AnyCommandSpec[] = [];
  const run = async (spec: AnyCommandSpec, cmd: Command): Promise<void> => {
    const flags = collectGlobalFlags(cmd);
    state.debug = flags.debug;
    if (!flags.debug) quietPolkadotLogs();
    state.json = flags.json;
    const path = configPath(io.env, io.home);
    const config = loadConfig(path, spec);
    let resolved;
    try {
      resolved = resolveSettings({ flags: flags.settings, env: io.env, config });
    } catch (error) {
      // A bad stored value must not lock the user out of the command that fixes it.
      if (spec.group !== 'config') throw error;
      resolved = resolveSettings({ flags: flags.settings, env: io.env, config: {} });
    }
    const globals = toGlobalSettings(resolved, flags, io.home);
    state.networkUrl = globals.network.url;
    const out = new Output(io, { json: globals.json, quiet: globals.quiet });
    const ctx = createContext({
      globals,
      out,
      prompt: options.prompter ?? terminalPrompter(io),
      configPath: path,
      io,
      commands: specs,
    });
    if (spec.runtime !== 'light') await options.loadWorkspace?.();
    const opts: unknown = cmd.opts();
    const result = await spec.run(ctx, opts as never, cmd.processedArgs as unknown[]);
    if (spec.daemon === true) options.onServing?.();
    if (globals.json) io.stdout.write(toJsonText(result));
  };

  try {
    specs = options.modules.map(specOf);
    const program = buildProgram(specs, io, run);
    await program.parseAsync([...argv], { from: 'user' });
  } catch (thrown) {
    let error = thrown;
    if (error instanceof CommanderError) {
      if (HELP_CODES.has(error.code)) return error.exitCode;
      // Commander puts its "(Did you mean …?)" suggestion on a second line; it belongs in the hint.
      const [first = '', ...rest] = error.message.replace(/^error:\s*/, '').split('\n');
      const suggestion = /\(Did you mean (.+)\?\)/.exec(rest.join(' '))?.[1];
      const help = `see '${usageHint(argv, options.modules)} --help'`;
      error = new UsageError(first, {
        hint: suggestion !== undefined ? `did you mean ${suggestion}? ${help}` : help,
        cause: error,
      });
    }
    const rendered = renderError(error, { debug: state.debug, networkUrl: state.networkUrl });
    if (state.json) {
      const body = { error: { code: rendered.code, message: rendered.message, hint: rendered.hint ?? null } };
      io.stdout.write(toJsonText(body));
    }
    io.stderr.write(errorText(rendered));
    exitCode = rendered.exitCode;
  }
  return exitCode;
}

/** The deepest command path named in argv (`tao wallet create`), for the "see --help" hint. */
function usageHint(argv: readonly string[], modules: readonly CommandModule[]): string {
  const words = argv.filter((a) => !a.startsWith('-'));
  let best = 'tao';
  for (const entry of modules) {
    const spec = entry.module.default as AnyCommandSpec | undefined;
    if (spec === undefined || typeof spec !== 'object') continue;
    const path = commandPath(spec);
    if (words[0] === path[0]) {
      const candidate = words[1] !== undefined && path[1] === words[1] ? path : [path[0] ?? ''];
      if (candidate.length + 1 > best.split(' ').length) best = `tao ${candidate.join(' ')}`;
    }
  }
  return best;
}
