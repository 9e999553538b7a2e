/**
 * The config file (`~/.tao/config.json`, or `$TAO_CONFIG`): a flat JSON object keyed by setting name.
 * Reads validate every known key (naming it when bad) and keep unknown keys untouched, so a newer CLI's
 * file still works with an older one. Writes go through a temporary file and a rename, so an
 * interrupted write never leaves half a file behind.
 */
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { ConfigFileError, InvalidSettingError } from '../errors.js';
import { SETTINGS, parseSetting, settingDef, type SettingDef } from './settings.js';

export type ConfigValues = Record<string, unknown>;

/** The config file path: `$TAO_CONFIG` if set, else `~/.tao/config.json`. */
export function configPath(
  env: Readonly<Record<string, string | undefined>>,
  home: string = homedir(),
): string {
  const override = env['TAO_CONFIG'];
  return override !== undefined && override !== '' ? override : join(home, '.tao', 'config.json');
}

/**
 * Reads the file; a missing file is an empty config. `validate: false` only checks it is a JSON object,
 * for `tao config set/unset`, which must be able to repair a bad value.
 */
export function readConfig(path: string, options: { validate?: boolean } = {}): ConfigValues {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ENOENT') return {};
    throw new ConfigFileError(path, 'cannot be read', error);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new ConfigFileError(path, 'is not valid JSON', error);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ConfigFileError(path, 'must hold a JSON object');
  }
  const values = parsed as ConfigValues;
  if (options.validate === false) return values;
  for (const def of SETTINGS) {
    if (def.key in values) parseSetting(def, values[def.key], `config key "${def.key}" in ${path}`);
  }
  return values;
}

export function writeConfig(path: string, values: ConfigValues): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, `${JSON.stringify(values, null, 2)}\n`, { mode: 0o644 });
    renameSync(tmp, path);
  } catch (error) {
    rmSync(tmp, { force: true });
    throw new ConfigFileError(path, 'cannot be written', error);
  }
}

/** Checks a key against the known settings; the error lists them. */
export function knownKey(key: string): SettingDef {
  const def = settingDef(key);
  if (def === undefined) {
    throw new InvalidSettingError(
      'key',
      `unknown config key ${JSON.stringify(key)}`,
      `known keys: ${SETTINGS.map((s) => s.key).join(', ')}`,
    );
  }
  return def;
}

/** Validates a textual value for `key` and returns what the file stores (string, boolean or number). */
export function configValue(key: string, text: string): string | boolean | number {
  const def = knownKey(key);
  return parseSetting(def, text, `config key "${key}"`);
}
