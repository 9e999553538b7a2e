/** `tao config clear`: delete the config file after confirmation. */
import { readFileSync, rmSync } from 'node:fs';
import { defineCommand } from '../../framework/spec.js';
import { arrayOf, strictObject } from '../../framework/schema.js';

/** Keys in the file, or [] when it is missing or unreadable (clear must work on a broken file). */
function storedKeys(path: string): string[] | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
  try {
    const parsed = JSON.parse(text) as unknown;
    return typeof parsed === 'object' && parsed !== null ? Object.keys(parsed) : [];
  } catch {
    return [];
  }
}

export default defineCommand({
  group: 'config',
  name: 'clear',
  description: 'delete the config file (asks first unless --no-prompt)',
  runtime: 'light',
  output: strictObject({ path: { type: 'string' }, removed: arrayOf({ type: 'string' }) }),
  async run(ctx) {
    const keys = storedKeys(ctx.configPath);
    if (keys === undefined) {
      ctx.out.info(`no config file at ${ctx.configPath}`);
      return { path: ctx.configPath, removed: [] };
    }
    const what = keys.length === 0 ? 'the config file' : `${keys.length} setting(s) (${keys.join(', ')})`;
    await ctx.confirm(`Delete ${what} at ${ctx.configPath}?`);
    rmSync(ctx.configPath, { force: true });
    ctx.out.success(`deleted ${ctx.configPath}`);
    return { path: ctx.configPath, removed: keys };
  },
});
