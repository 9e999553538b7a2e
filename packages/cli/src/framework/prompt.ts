/**
 * Prompts on stderr (so `--json` output on stdout stays one clean document), answers from stdin. On a TTY
 * passwords are read in raw mode and echoed as `*`; otherwise answers are read line by line, so scripts
 * can pipe them in (`printf 'y\n' | tao …`). Commands use the `Prompter` interface only, which tests
 * replace or drive through a pseudo-terminal.
 */
import { CancelledError, PromptUnavailableError } from '../errors.js';
import type { CliIo, InStream } from './io.js';

export interface Prompter {
  input(
    message: string,
    options?: { default?: string; validate?: (value: string) => string | true },
  ): Promise<string>;
  /** A secret, never echoed. With `confirm`, asks twice and insists the answers match. */
  password(message: string, options?: { confirm?: boolean }): Promise<string>;
  confirm(message: string, options?: { default?: boolean }): Promise<boolean>;
}

/** Reads chunks from stdin on demand, keeping what a chunk held beyond the current answer. */
class StdinReader {
  private pending = '';
  private ended = false;
  constructor(private readonly stream: InStream) {}

  private nextChunk(): Promise<string | null> {
    if (this.ended) return Promise.resolve(null);
    return new Promise((resolve, reject) => {
      const cleanup = (): void => {
        this.stream.off('data', onData);
        this.stream.off('end', onEnd);
        this.stream.off('error', onError);
        this.stream.pause();
      };
      const onData = (chunk: Buffer | string): void => {
        cleanup();
        resolve(typeof chunk === 'string' ? chunk : chunk.toString('utf8'));
      };
      const onEnd = (): void => {
        cleanup();
        this.ended = true;
        resolve(null);
      };
      const onError = (error: Error): void => {
        cleanup();
        reject(error);
      };
      this.stream.on('data', onData);
      this.stream.once('end', onEnd);
      this.stream.once('error', onError);
      this.stream.resume();
    });
  }

  /** The next line without its terminator, or null at end of input with nothing pending. */
  async line(): Promise<string | null> {
    for (;;) {
      const nl = this.pending.search(/\r?\n|\r/);
      if (nl >= 0) {
        const line = this.pending.slice(0, nl);
        const rest = this.pending.slice(nl);
        this.pending = rest.startsWith('\r\n') ? rest.slice(2) : rest.slice(1);
        return line;
      }
      const chunk = await this.nextChunk();
      if (chunk === null) {
        if (this.pending === '') return null;
        const line = this.pending;
        this.pending = '';
        return line;
      }
      this.pending += chunk;
    }
  }

  /** A secret typed on a raw-mode TTY, echoing `*` per character; Ctrl-C cancels. */
  async secret(echo: (text: string) => void): Promise<string> {
    const raw = this.stream.isTTY === true && typeof this.stream.setRawMode === 'function';
    if (!raw) {
      const line = await this.line();
      if (line === null) throw new PromptUnavailableError('password');
      return line;
    }
    this.stream.setRawMode?.(true);
    let value = '';
    try {
      for (;;) {
        const chunk = this.pending !== '' ? this.pending : await this.nextChunk();
        this.pending = '';
        if (chunk === null) throw new PromptUnavailableError('password');
        for (const ch of chunk) {
          if (ch === '\r' || ch === '\n') {
            echo('\n');
            return value;
          }
          if (ch === '\u0003') throw new CancelledError('cancelled at the password prompt');
          if (ch === '\u0004' && value === '') throw new CancelledError('cancelled at the password prompt');
          if (ch === '\u007f' || ch === '\b') {
            if (value.length > 0) {
              value = [...value].slice(0, -1).join('');
              echo('\b \b');
            }
          } else if (ch >= ' ') {
            value += ch;
            echo('*');
          }
        }
      }
    } finally {
      this.stream.setRawMode?.(false);
    }
  }
}

const YES = new Set(['y', 'yes']);
const NO = new Set(['n', 'no']);

/** The real prompter over the process's stdin and stderr. */
export function terminalPrompter(io: CliIo): Prompter {
  const reader = new StdinReader(io.stdin);
  const ask = (text: string): void => {
    io.stderr.write(text);
  };
  const answer = async (what: string): Promise<string> => {
    const line = await reader.line();
    if (line === null) throw new PromptUnavailableError(what);
    return line.trim();
  };
  return {
    async input(message, options = {}) {
      for (;;) {
        ask(`? ${message}${options.default !== undefined ? ` (${options.default})` : ''} `);
        const value = (await answer(message)) || (options.default ?? '');
        const verdict = options.validate?.(value) ?? true;
        if (verdict === true) return value;
        ask(`  ${verdict}\n`);
      }
    },
    async password(message, options = {}) {
      for (;;) {
        ask(`? ${message} `);
        const first = await reader.secret(ask);
        if (options.confirm !== true) return first;
        ask('? Retype to confirm: ');
        const second = await reader.secret(ask);
        if (first === second) return first;
        ask('  the passwords do not match; try again\n');
      }
    },
    async confirm(message, options = {}) {
      const def = options.default ?? false;
      for (;;) {
        ask(`? ${message} ${def ? '(Y/n)' : '(y/N)'} `);
        const value = (await answer(message)).toLowerCase();
        if (value === '') return def;
        if (YES.has(value)) return true;
        if (NO.has(value)) return false;
        ask('  please answer y or n\n');
      }
    },
  };
}
