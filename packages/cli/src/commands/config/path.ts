/** `tao config path`: where the config file is. */
import { existsSync } from 'node:fs';
import { defineCommand } from '../../framework/spec.js';
import { strictObject } from '../../framework/schema.js';

export default defineCommand({
  group: 'config',
  name: 'path',
  description: 'print the config file path ($TAO_CONFIG or ~/.tao/config.json)',
  runtime: 'light',
  output: strictObject({ path: { type: 'string' }, exists: { type: 'boolean' } }),
  run(ctx) {
    ctx.out.print(ctx.configPath);
    return { path: ctx.configPath, exists: existsSync(ctx.configPath) };
  },
});
