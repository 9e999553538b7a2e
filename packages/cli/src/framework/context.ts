/** What a command's `run` receives besides its options: settings, output, prompts and the config file. */
import { CancelledError } from '../errors.js';
import type { CliIo } from './io.js';
import type { Output } from './output.js';
import type { Prompter } from './prompt.js';
import type { GlobalSettings } from './settings.js';
import type { AnyCommandSpec } from './spec.js';

export interface CommandContext {
  readonly globals: GlobalSettings;
  readonly out: Output;
  readonly prompt: Prompter;
  /** Path of the config file in use (`$TAO_CONFIG` or ~/.tao/config.json). */
  readonly configPath: string;
  readonly io: CliIo;
  /** Every command's spec (for help-like commands such as `tao docs`). */
  readonly commands: readonly AnyCommandSpec[];
  /**
   * Asks before something irreversible (moving value, overwriting keys). Returns at once under
   * --no-prompt; throws `CancelledError` when the answer is no.
   */
  confirm(message: string): Promise<void>;
}

export function createContext(parts: Omit<CommandContext, 'confirm'>): CommandContext {
  return {
    ...parts,
    async confirm(message: string): Promise<void> {
      if (!parts.globals.prompt) return;
      if (!(await parts.prompt.confirm(message, { default: false }))) throw new CancelledError();
    },
  };
}
