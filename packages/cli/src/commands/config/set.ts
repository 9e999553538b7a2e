/** `tao config set <key> [value]`: validate and store a setting. */
import { configValue, knownKey, readConfig, writeConfig } from '../../framework/config.js';
import { defineCommand } from '../../framework/spec.js';
import { strictObject } from '../../framework/schema.js';
import { parseSetting } from '../../framework/settings.js';
import { KEY_LIST, settingValueSchema, showValue } from './_shared.js';

export default defineCommand({
  group: 'config',
  name: 'set',
  description: 'store a setting in the config file',
  details: `Keys: ${KEY_LIST}. Without a value, asks for it.`,
  arguments: [
    { name: 'key', description: 'setting name', required: true },
    { name: 'value', description: 'new value (asked for when omitted)' },
  ],
  examples: [
    'tao config set network local',
    'tao config set wallet.name alice',
    'tao config set wallet.path ~/wallets',
  ],
  runtime: 'light',
  output: strictObject({ path: { type: 'string' }, key: { type: 'string' }, value: settingValueSchema }),
  async run(ctx, _options: Record<string, never>, args) {
    const key = args[0] as string;
    const def = knownKey(key);
    let text = args[1] as string | undefined;
    if (text === undefined) {
      text = await ctx.prompt.input(`${key} (${def.description}):`, {
        validate: (v) => {
          try {
            parseSetting(def, v, key);
            return true;
          } catch (error) {
            return error instanceof Error ? error.message : String(error);
          }
        },
      });
    }
    const value = configValue(key, text);
    const values = readConfig(ctx.configPath, { validate: false });
    values[key] = value;
    writeConfig(ctx.configPath, values);
    ctx.out.success(`${key} = ${showValue(value)} (${ctx.configPath})`);
    return { path: ctx.configPath, key, value };
  },
});
