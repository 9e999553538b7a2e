export { runCli, type RunOptions } from './cli.js';
export { defineCommand, type CommandSpec, type OptionSpec, type ArgumentSpec } from './framework/spec.js';
export type { CommandContext } from './framework/context.js';
export type { Prompter } from './framework/prompt.js';
export type { JsonSchema } from './framework/schema.js';
export { validateJson } from './framework/schema.js';
export { discoverCommands } from './framework/discover.js';
export * from './errors.js';
