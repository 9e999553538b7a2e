// Base error for tao-ts. Every expected failure carries a stable machine-readable `code` so callers (CLI,
// RPC, SDK) can branch on it without parsing messages, and an optional `field` naming the input at fault.
// Subclasses live next to the code that throws them; this file only holds the base and message helpers.

export interface TaoErrorOptions {
  /** The input field at fault, e.g. 'amount' or 'hotkey'. */
  readonly field?: string | undefined;
  /** The underlying error, kept for `--debug` output and logs. */
  readonly cause?: unknown;
}

export class TaoError extends Error {
  readonly code: string;
  readonly field: string | undefined;

  constructor(code: string, message: string, options: TaoErrorOptions = {}) {
    // Only pass `cause` when present so `'cause' in err` stays false for errors without one.
    super(message, 'cause' in options ? { cause: options.cause } : undefined);
    this.name = new.target.name;
    this.code = code;
    this.field = options.field;
  }
}

// Long enough for an SS58 address or a 32-byte hex hash, short enough to keep log lines readable.
const MAX_SHOWN = 72;

/**
 * Renders a user-supplied value for an error message: quoted strings, bigint with `n`, truncated when long.
 * Never call this on secrets (mnemonics, seeds, private keys): say what was wrong, not what it was.
 */
export function describeValue(value: unknown, max: number = MAX_SHOWN): string {
  let text: string;
  if (typeof value === 'string') text = JSON.stringify(value);
  else if (typeof value === 'bigint') text = `${value}n`;
  else if (value instanceof Uint8Array) text = `Uint8Array(${value.length})`;
  else if (value === undefined) text = 'undefined';
  else if (typeof value === 'function' || typeof value === 'symbol') text = typeof value;
  else {
    try {
      // undefined, functions and symbols are handled above, so stringify returns a string here.
      text = JSON.stringify(value) ?? typeof value;
    } catch {
      text = Object.prototype.toString.call(value);
    }
  }
  return text.length > max ? `${text.slice(0, max)}…(${text.length} chars)` : text;
}
