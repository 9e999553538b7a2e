/**
 * Builds the commander tree from command specs. Only specs are needed, never `run`'s dependencies, so
 * building the whole tree (for `tao --help`) stays cheap. Global options are declared on every level with
 * positional parsing, so `tao --json wallet list` and `tao wallet list --json` both work and a
 * sub-command's own option (`tao node build-spec --chain …`) is never taken by its parent.
 */
import { Argument, Command, InvalidArgumentError, Option } from 'commander';
import { commandPath, type AnyCommandSpec, type ArgumentSpec, type OptionSpec } from './spec.js';
import { CLI_NAME, CLI_VERSION, compareGroups, groupInfo } from './groups.js';
import { SETTINGS } from './settings.js';
import type { CliIo } from './io.js';

/** A global switch that is not a stored setting. */
export interface SwitchDef {
  readonly key: 'json' | 'quiet' | 'debug';
  readonly flags: string;
  readonly description: string;
  readonly aliases?: readonly string[];
}

export const SWITCHES: readonly SwitchDef[] = [
  {
    key: 'json',
    flags: '--json',
    description: 'print one JSON document on stdout (amounts in rao as strings)',
    aliases: ['--json-output', '--json-out'],
  },
  { key: 'quiet', flags: '--quiet', description: 'print results only: no notes, spinners or progress' },
  { key: 'debug', flags: '--debug', description: 'show stack traces for errors' },
];

const GLOBAL_HEADING = 'Global options:';

/** How a commander attribute maps back to a setting or switch key. */
interface GlobalAttr {
  readonly attr: string;
  readonly key: string;
  /** For `--no-x` flags: commander stores false when given, which means the setting is true. */
  readonly negated: boolean;
}

const globalAttrs = new WeakMap<Command, GlobalAttr[]>();

/** Commander shows defaults only for options that hold one; globals resolve theirs later, so say it here. */
export function settingDescription(
  description: string,
  def: { default: unknown; env?: string | undefined; key: string },
): string {
  const extra = [`default: ${JSON.stringify(def.default)}`];
  if (def.env !== undefined) extra.push(`env: ${def.env}`);
  extra.push(`config: ${def.key}`);
  return `${description} (${extra.join(', ')})`;
}

/** Declares the global options (and their hidden alias spellings) on `cmd`. */
function addGlobalOptions(cmd: Command, visible: boolean): void {
  const attrs: GlobalAttr[] = [];
  const add = (option: Option, key: string, hidden: boolean): void => {
    option.helpGroup(GLOBAL_HEADING);
    if (hidden || !visible) option.hideHelp();
    cmd.addOption(option);
    attrs.push({ attr: option.attributeName(), key, negated: option.negate });
  };
  for (const def of SETTINGS) {
    if (def.flags === undefined) continue;
    const option = new Option(def.flags, settingDescription(def.description, def));
    add(option, def.key, false);
    const takesValue = def.flags.includes('<');
    for (const alias of def.aliases ?? [])
      add(new Option(takesValue ? `${alias} <value>` : alias), def.key, true);
  }
  for (const sw of SWITCHES) {
    add(new Option(sw.flags, sw.description), sw.key, false);
    for (const alias of sw.aliases ?? []) add(new Option(alias), sw.key, true);
  }
  globalAttrs.set(cmd, attrs);
}

/** Long and short flags a global option occupies, which command options must not reuse. */
export function globalFlags(): Set<string> {
  const flags = new Set<string>(['-h', '--help', '-V', '--version']);
  const split = (f: string): string[] => f.split(/[ ,|]+/).filter((p) => p.startsWith('-'));
  for (const def of SETTINGS) {
    for (const f of [...(def.flags === undefined ? [] : split(def.flags)), ...(def.aliases ?? [])])
      flags.add(f);
  }
  for (const sw of SWITCHES) for (const f of [...split(sw.flags), ...(sw.aliases ?? [])]) flags.add(f);
  return flags;
}

export interface GlobalFlags {
  /** Setting values given on the command line (leaf level wins over its parents). */
  readonly settings: Record<string, string | boolean>;
  readonly json: boolean;
  readonly quiet: boolean;
  readonly debug: boolean;
}

/** The global options actually typed, from `cmd` up to the program. */
export function collectGlobalFlags(cmd: Command): GlobalFlags {
  const found: Record<string, string | boolean> = {};
  for (let c: Command | null = cmd; c !== null; c = c.parent) {
    for (const { attr, key, negated } of globalAttrs.get(c) ?? []) {
      if (key in found || c.getOptionValueSource(attr) !== 'cli') continue;
      const value = c.getOptionValue(attr) as unknown;
      if (negated) found[key] = value === false;
      else if (typeof value === 'string' || typeof value === 'boolean') found[key] = value;
    }
  }
  const sw = (key: string): boolean => found[key] === true;
  const settings: Record<string, string | boolean> = {};
  for (const [key, value] of Object.entries(found))
    if (!SWITCHES.some((s) => s.key === key)) settings[key] = value;
  return { settings, json: sw('json'), quiet: sw('quiet'), debug: sw('debug') };
}

/** A best-effort look at raw argv for --debug/--json, used when parsing itself failed. */
export function rawSwitches(argv: readonly string[]): { debug: boolean; json: boolean } {
  const upto = argv.includes('--') ? argv.slice(0, argv.indexOf('--')) : argv;
  const json = SWITCHES.find((s) => s.key === 'json');
  return {
    debug: upto.includes('--debug'),
    json: upto.some((a) => a === '--json' || (json?.aliases ?? []).includes(a)),
  };
}

function optionFromSpec(spec: OptionSpec): Option {
  const described =
    spec.default === undefined && spec.defaultDescription !== undefined
      ? `${spec.description} (default: ${spec.defaultDescription})`
      : spec.description;
  const option = new Option(spec.flags, described);
  if (spec.choices !== undefined) option.choices([...spec.choices]);
  if (spec.parse !== undefined) {
    const parse = spec.parse;
    option.argParser((value: string) => {
      try {
        return parse(value);
      } catch (error) {
        throw new InvalidArgumentError(error instanceof Error ? error.message : String(error));
      }
    });
  }
  if (spec.default !== undefined) {
    const value = Array.isArray(spec.default) ? [...(spec.default as readonly string[])] : spec.default;
    option.default(value, spec.defaultDescription);
  }
  if (spec.env !== undefined) option.env(spec.env);
  if (spec.required === true) option.makeOptionMandatory();
  if (spec.hidden === true) option.hideHelp();
  return option;
}

function argumentFromSpec(spec: ArgumentSpec): Argument {
  const name = `${spec.name}${spec.variadic === true ? '...' : ''}`;
  const argument = new Argument(spec.required === true ? `<${name}>` : `[${name}]`, spec.description);
  if (spec.choices !== undefined) argument.choices([...spec.choices]);
  if (spec.default !== undefined) argument.default(spec.default);
  return argument;
}

export type RunHook = (spec: AnyCommandSpec, cmd: Command) => Promise<void>;

function configure(cmd: Command, io: CliIo): Command {
  return cmd
    .addHelpOption(new Option('-h, --help', 'display help for command').helpGroup(GLOBAL_HEADING))
    .exitOverride()
    .enablePositionalOptions()
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
      // Errors are rendered by the runner (one line and a hint), not by commander.
      outputError: () => undefined,
      getOutHelpWidth: () => io.stdout.columns ?? 100,
      getErrHelpWidth: () => io.stderr.columns ?? 100,
    })
    .configureHelp({ sortSubcommands: false, sortOptions: false, showGlobalOptions: false });
}

/** Checks a spec's options against the globals, naming the command and flag on a clash. */
function assertNoClash(spec: AnyCommandSpec, reserved: Set<string>): void {
  for (const option of spec.options ?? []) {
    for (const flag of option.flags.split(/[ ,|]+/).filter((f) => f.startsWith('-'))) {
      const bare = flag.replace(/^--no-/, '--');
      if (reserved.has(flag) || reserved.has(bare)) {
        throw new Error(`tao ${commandPath(spec).join(' ')}: option ${flag} clashes with a global option`);
      }
    }
  }
}

function applySpec(cmd: Command, spec: AnyCommandSpec, run: RunHook): void {
  cmd.description(spec.details === undefined ? spec.description : `${spec.description}\n\n${spec.details}`);
  cmd.summary(spec.description);
  for (const arg of spec.arguments ?? []) cmd.addArgument(argumentFromSpec(arg));
  for (const option of spec.options ?? []) cmd.addOption(optionFromSpec(option));
  if (spec.examples !== undefined && spec.examples.length > 0) {
    cmd.addHelpText('after', `\nExamples:\n${spec.examples.map((e) => `  $ ${e}`).join('\n')}\n`);
  }
  cmd.action(async () => run(spec, cmd));
}

/** The whole `tao` command tree. */
export function buildProgram(specs: readonly AnyCommandSpec[], io: CliIo, run: RunHook): Command {
  const reserved = globalFlags();
  const program = configure(new Command(CLI_NAME), io)
    .description(
      'tao-ts: the Bittensor network in TypeScript — wallets, subnets, staking, weights and a node',
    )
    .version(CLI_VERSION, '-V, --version')
    .addHelpText(
      'after',
      '\nSettings come from flags, then TAO_* environment variables, then the config file\n' +
        "(~/.tao/config.json or $TAO_CONFIG), then defaults. 'tao <group> --help' lists a group's commands.\n",
    );
  addGlobalOptions(program, true);
  const byGroup = new Map<string, AnyCommandSpec[]>();
  for (const spec of specs) {
    assertNoClash(spec, reserved);
    const list = byGroup.get(spec.group) ?? [];
    list.push(spec);
    byGroup.set(spec.group, list);
  }
  for (const group of [...byGroup.keys()].sort(compareGroups)) {
    const list = byGroup.get(group) ?? [];
    const info = groupInfo(group);
    const self = list.find((s) => s.name === undefined);
    const groupCmd = configure(new Command(group), io);
    groupCmd.description(info.description);
    for (const alias of info.aliases ?? []) groupCmd.alias(alias);
    if (self !== undefined) applySpec(groupCmd, self, run);
    addGlobalOptions(groupCmd, self !== undefined);
    const seen = new Set<string>();
    for (const spec of list.filter((s) => s.name !== undefined)) {
      const name = spec.name ?? '';
      if (seen.has(name)) throw new Error(`tao ${group} ${name}: defined twice`);
      seen.add(name);
      const cmd = configure(new Command(name), io);
      for (const alias of spec.aliases ?? []) cmd.alias(alias);
      applySpec(cmd, spec, run);
      addGlobalOptions(cmd, true);
      groupCmd.addCommand(cmd, spec.hidden === true ? { hidden: true } : {});
    }
    const hidden = list.every((s) => s.hidden === true);
    program.addCommand(groupCmd, hidden ? { hidden: true } : {});
  }
  return program;
}
