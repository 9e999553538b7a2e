/**
 * The declarative shape of a `tao` command. Every file under `src/commands/<group>/` default-exports one
 * `defineCommand({...})`; the framework discovers those files, builds the command tree and help from the
 * specs alone, and only calls `run` for the command being executed. Command modules must therefore keep
 * their static imports light (framework modules, node built-ins): anything heavy (the SDK, the node, the
 * polkadot stack) is imported with `await import()` inside `run`, so `tao --help` never loads it.
 */
import type { JsonSchema } from './schema.js';
import type { CommandContext } from './context.js';

/** A value-taking option parser; throw `InvalidOptionValueError` (or any Error) to reject the value. */
export type OptionParser<T> = (value: string) => T;

export interface OptionSpec {
  /** Commander flags: '--rpc-port <port>', '-a, --amount <tao>', '--no-prometheus', '--raw'. */
  readonly flags: string;
  readonly description: string;
  /** Default value, shown in help and docs. */
  readonly default?: string | number | boolean | readonly string[];
  /** How the default is shown when the value itself is not telling (e.g. 'per chain'). */
  readonly defaultDescription?: string;
  readonly choices?: readonly string[];
  readonly parse?: OptionParser<unknown>;
  /** The environment variable that supplies the value when the flag is absent. */
  readonly env?: string;
  readonly required?: boolean;
  readonly hidden?: boolean;
}

export interface ArgumentSpec {
  readonly name: string;
  readonly description: string;
  readonly required?: boolean;
  readonly variadic?: boolean;
  readonly choices?: readonly string[];
  readonly default?: string;
}

/**
 * What `run` needs loaded before it starts. 'light': only bundled CLI code (fast path, no TypeScript
 * loader). 'workspace': it imports workspace packages (their sources are TypeScript), so the launcher
 * registers the loader first. Default 'workspace', which is always safe.
 */
export type CommandRuntime = 'light' | 'workspace';

export interface CommandSpec<O = Record<string, unknown>, R = unknown> {
  /** Group, i.e. the directory under src/commands ('wallet', 'stake', …). */
  readonly group: string;
  /** Sub-command name; absent for the group's own action (`tao node`). */
  readonly name?: string;
  /** One line, lower case, no final period: shown in lists. */
  readonly description: string;
  /** Longer text shown under the usage line in help and in docs. */
  readonly details?: string;
  readonly aliases?: readonly string[];
  readonly arguments?: readonly ArgumentSpec[];
  readonly options?: readonly OptionSpec[];
  /** JSON Schema of the document `--json` prints (what `run` returns, bigints as decimal strings). */
  readonly output: JsonSchema;
  readonly examples?: readonly string[];
  readonly hidden?: boolean;
  readonly runtime?: CommandRuntime;
  /**
   * The command keeps serving after `run` returns (a node): the launcher leaves the process to its
   * signal handlers instead of exiting once the output is flushed.
   */
  readonly daemon?: boolean;
  /**
   * Runs the command and returns its result. With --json the framework prints the result as the single
   * JSON document; otherwise `run` prints through `ctx.out` (which is silent under --json).
   * `args` are the positional arguments in declaration order (variadic ones as arrays).
   */
  readonly run: (ctx: CommandContext, opts: O, args: readonly unknown[]) => Promise<R> | R;
}

/** A command definition as the framework sees it, with its option type erased. */
export type AnyCommandSpec = CommandSpec<never, unknown>;

/** Identity helper that gives `run` its option type and checks the spec's shape. */
export function defineCommand<O = Record<string, unknown>, R = unknown>(
  spec: CommandSpec<O, R>,
): CommandSpec<O, R> {
  return spec;
}

/** A discovered command module: where it came from and what it exports. */
export interface CommandModule {
  readonly group: string;
  /** File name without extension, for error messages. */
  readonly file: string;
  readonly module: { readonly default?: unknown };
}

/** Full command path, e.g. ['node'] or ['wallet', 'create']. */
export function commandPath(spec: Pick<AnyCommandSpec, 'group' | 'name'>): string[] {
  return spec.name === undefined ? [spec.group] : [spec.group, spec.name];
}

/** Validates that a discovered module default-exports a spec, naming the file when it does not. */
export function specOf(entry: CommandModule): AnyCommandSpec {
  const value = entry.module.default;
  const where = `commands/${entry.group}/${entry.file}`;
  if (typeof value !== 'object' || value === null) {
    throw new Error(`${where}: must default-export defineCommand({...})`);
  }
  const spec = value as Partial<AnyCommandSpec>;
  if (spec.group !== entry.group) {
    throw new Error(`${where}: spec.group is ${JSON.stringify(spec.group)}, expected "${entry.group}"`);
  }
  if (typeof spec.description !== 'string' || typeof spec.run !== 'function') {
    throw new Error(`${where}: spec needs a description and a run function`);
  }
  if (typeof spec.output !== 'object' || spec.output === null) {
    throw new Error(`${where}: spec needs an output JSON schema`);
  }
  return value as AnyCommandSpec;
}
