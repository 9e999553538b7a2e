/** `tao config get [key]`: effective settings and where each comes from. */
import { knownKey } from '../../framework/config.js';
import { defineCommand } from '../../framework/spec.js';
import { strictObject } from '../../framework/schema.js';
import { SETTINGS } from '../../framework/settings.js';
import { KEY_LIST, settingValueSchema, showValue } from './_shared.js';

export default defineCommand({
  group: 'config',
  name: 'get',
  description: 'show settings with their source (flag, env, config or default)',
  details: `With a key, prints just its value. Keys: ${KEY_LIST}.`,
  arguments: [{ name: 'key', description: 'one setting to show' }],
  examples: ['tao config get', 'tao config get network', 'tao config get --json'],
  runtime: 'light',
  output: strictObject({
    path: { type: 'string', description: 'the config file' },
    settings: {
      type: 'object',
      additionalProperties: strictObject({
        value: settingValueSchema,
        source: { enum: ['flag', 'env', 'config', 'default'] },
      }),
    },
  }),
  run(ctx, _options: Record<string, never>, args) {
    const key = args[0] as string | undefined;
    const keys = key === undefined ? SETTINGS.map((s) => s.key) : [knownKey(key).key];
    const settings: Record<string, { value: string | boolean | number; source: string }> = {};
    for (const k of keys) {
      const entry = ctx.globals.settings[k];
      if (entry !== undefined) settings[k] = { value: entry.value, source: entry.source };
    }
    if (key !== undefined) {
      ctx.out.print(showValue(settings[key]?.value));
    } else {
      ctx.out.table(
        [{ header: 'KEY' }, { header: 'VALUE' }, { header: 'SOURCE' }],
        Object.entries(settings).map(([k, v]) => [k, showValue(v.value), v.source]),
      );
      ctx.out.info(`config file: ${ctx.configPath}`);
    }
    return { path: ctx.configPath, settings };
  },
});
