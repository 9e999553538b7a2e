/** `tao config unset <key>`: remove a setting, so its env var or default applies again. */
import { readConfig, writeConfig } from '../../framework/config.js';
import { defineCommand } from '../../framework/spec.js';
import { strictObject } from '../../framework/schema.js';

export default defineCommand({
  group: 'config',
  name: 'unset',
  description: 'remove a setting from the config file',
  arguments: [{ name: 'key', description: 'setting name (unknown keys may be removed too)', required: true }],
  examples: ['tao config unset network'],
  runtime: 'light',
  output: strictObject({ path: { type: 'string' }, key: { type: 'string' }, removed: { type: 'boolean' } }),
  run(ctx, _options: Record<string, never>, args) {
    const key = args[0] as string;
    const values = readConfig(ctx.configPath, { validate: false });
    const removed = key in values;
    if (removed) {
      delete values[key];
      writeConfig(ctx.configPath, values);
      ctx.out.success(`${key} removed (${ctx.configPath})`);
    } else {
      ctx.out.info(`${key} was not set in ${ctx.configPath}`);
    }
    return { path: ctx.configPath, key, removed };
  },
});
