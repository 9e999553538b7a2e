/**
 * Global settings: their flags (with bittensor's spellings), environment variables and config keys, and
 * the precedence that combines them — flag > environment > config file > default.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';
import { InvalidSettingError } from '../errors.js';
import { resolveNetwork, type Network } from './network.js';

export type SettingKind = 'network' | 'name' | 'path' | 'boolean' | 'ratio';

/** A setting that can come from a flag, the environment or the config file. */
export interface SettingDef {
  /** Config-file key and canonical name ('network', 'wallet.name', …). */
  readonly key: string;
  readonly kind: SettingKind;
  readonly description: string;
  readonly default: string | boolean | number;
  /** Environment variable consulted when the flag is absent. */
  readonly env?: string;
  /** Commander flags when it is also a global option. */
  readonly flags?: string;
  /** Further long spellings accepted on the command line (btcli's). */
  readonly aliases?: readonly string[];
}

export const DEFAULT_WALLET_PATH = '~/.bittensor/wallets';

export const SETTINGS: readonly SettingDef[] = [
  {
    key: 'network',
    kind: 'network',
    description: 'chain endpoint: local, test, finney, archive or a ws(s):// URL',
    default: 'finney',
    env: 'TAO_NETWORK',
    flags: '--network <network>',
    aliases: ['--subtensor.network', '--subtensor.chain_endpoint'],
  },
  {
    key: 'wallet.name',
    kind: 'name',
    description: 'wallet (coldkey) name',
    default: 'default',
    env: 'TAO_WALLET_NAME',
    flags: '-w, --wallet.name <name>',
    aliases: ['--wallet-name', '--wallet_name'],
  },
  {
    key: 'wallet.hotkey',
    kind: 'name',
    description: 'hotkey name within the wallet',
    default: 'default',
    env: 'TAO_WALLET_HOTKEY',
    flags: '-H, --wallet.hotkey <name>',
    aliases: ['--wallet-hotkey', '--wallet_hotkey'],
  },
  {
    key: 'wallet.path',
    kind: 'path',
    description: 'directory holding the wallets',
    default: DEFAULT_WALLET_PATH,
    env: 'TAO_WALLET_PATH',
    flags: '-p, --wallet.path <dir>',
    aliases: ['--wallet-path', '--wallet_path'],
  },
  {
    key: 'no_prompt',
    kind: 'boolean',
    description: 'never ask for confirmation',
    default: false,
    env: 'TAO_NO_PROMPT',
    flags: '-y, --no-prompt',
  },
  {
    key: 'safe_staking',
    kind: 'boolean',
    description: 'refuse stake operations whose price moves beyond rate_tolerance',
    default: true,
  },
  {
    key: 'rate_tolerance',
    kind: 'ratio',
    description: 'allowed price movement for safe staking (0-1)',
    default: 0.005,
  },
  {
    key: 'allow_partial_stake',
    kind: 'boolean',
    description: 'with safe staking, execute the part of an order that fits the tolerance',
    default: false,
  },
];

export function settingDef(key: string): SettingDef | undefined {
  return SETTINGS.find((s) => s.key === key);
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const TRUE = new Set(['1', 'true', 'yes', 'on']);
const FALSE = new Set(['0', 'false', 'no', 'off', '']);

/**
 * Parses and validates a setting value from text (flag, env, `config set`) or JSON (config file).
 * `field` names the source in errors: '--network', 'TAO_NETWORK', 'config key "network"'.
 */
export function parseSetting(def: SettingDef, raw: unknown, field: string): string | boolean | number {
  switch (def.kind) {
    case 'network': {
      if (typeof raw !== 'string') throw new InvalidSettingError(field, 'expected a string');
      resolveNetwork(raw, field);
      return raw.trim();
    }
    case 'name': {
      if (typeof raw !== 'string' || !NAME.test(raw)) {
        throw new InvalidSettingError(
          field,
          `${JSON.stringify(raw)} is not a valid name`,
          'use letters, digits, ".", "_" or "-" (no slashes), at most 64 characters',
        );
      }
      return raw;
    }
    case 'path': {
      if (typeof raw !== 'string' || raw.trim() === '')
        throw new InvalidSettingError(field, 'expected a directory path');
      return raw;
    }
    case 'boolean': {
      if (typeof raw === 'boolean') return raw;
      if (typeof raw === 'string' && TRUE.has(raw.trim().toLowerCase())) return true;
      if (typeof raw === 'string' && FALSE.has(raw.trim().toLowerCase())) return false;
      throw new InvalidSettingError(field, `${JSON.stringify(raw)} is not a boolean`, 'use true or false');
    }
    case 'ratio': {
      const n =
        typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
      if (!Number.isFinite(n) || n < 0 || n > 1) {
        throw new InvalidSettingError(field, `${JSON.stringify(raw)} is not a number between 0 and 1`);
      }
      return n;
    }
  }
}

export type SettingSource = 'flag' | 'env' | 'config' | 'default';

export interface SettingValue {
  readonly value: string | boolean | number;
  readonly source: SettingSource;
}

/**
 * Picks each setting from the first layer that has it: flags, then environment, then the config file,
 * then the default. Every value is validated against the layer it came from, so the error names it.
 */
export function resolveSettings(layers: {
  readonly flags: Readonly<Record<string, string | boolean | undefined>>;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly config: Readonly<Record<string, unknown>>;
}): Record<string, SettingValue> {
  const out: Record<string, SettingValue> = {};
  for (const def of SETTINGS) {
    const flag = layers.flags[def.key];
    const env = def.env === undefined ? undefined : layers.env[def.env];
    const config = layers.config[def.key];
    const flagName = def.flags?.split(/[ ,]+/).find((f) => f.startsWith('--')) ?? `--${def.key}`;
    if (flag !== undefined) out[def.key] = { value: parseSetting(def, flag, flagName), source: 'flag' };
    else if (env !== undefined && env !== '' && def.env !== undefined) {
      out[def.key] = { value: parseSetting(def, env, def.env), source: 'env' };
    } else if (config !== undefined) {
      out[def.key] = { value: parseSetting(def, config, `config key "${def.key}"`), source: 'config' };
    } else out[def.key] = { value: def.default, source: 'default' };
  }
  return out;
}

/** Expands a leading `~` the way a shell would; wallet paths in configs are usually written that way. */
export function expandHome(path: string, home: string = homedir()): string {
  if (path === '~') return home;
  if (path.startsWith('~/')) return join(home, path.slice(2));
  return path;
}

/** The resolved global settings a command sees. */
export interface GlobalSettings {
  readonly network: Network;
  readonly wallet: { readonly name: string; readonly hotkey: string; readonly path: string };
  readonly json: boolean;
  /** False with --no-prompt / -y / TAO_NO_PROMPT=1 / config no_prompt. */
  readonly prompt: boolean;
  readonly quiet: boolean;
  readonly debug: boolean;
  readonly safeStaking: boolean;
  readonly rateTolerance: number;
  readonly allowPartialStake: boolean;
  /** Every setting's value and where it came from, for `tao config get` and debugging. */
  readonly settings: Readonly<Record<string, SettingValue>>;
}

export function toGlobalSettings(
  resolved: Record<string, SettingValue>,
  switches: { json: boolean; quiet: boolean; debug: boolean },
  home?: string,
): GlobalSettings {
  const str = (key: string): string => String(resolved[key]?.value);
  const bool = (key: string): boolean => resolved[key]?.value === true;
  return {
    network: resolveNetwork(str('network'), 'network'),
    wallet: {
      name: str('wallet.name'),
      hotkey: str('wallet.hotkey'),
      path: expandHome(str('wallet.path'), home),
    },
    json: switches.json,
    prompt: !bool('no_prompt'),
    quiet: switches.quiet,
    debug: switches.debug,
    safeStaking: bool('safe_staking'),
    rateTolerance: Number(resolved['rate_tolerance']?.value),
    allowPartialStake: bool('allow_partial_stake'),
    settings: resolved,
  };
}
