/**
 * Turns any thrown value into what the user sees: `error: <one line>` and `hint: <one line>` on stderr
 * and an exit status. Expected errors (anything with a string `code`) never show a stack; --debug adds
 * the stack and the chain of causes for every error.
 */
import { inspect } from 'node:util';
import {
  chainErrorName,
  explainChainError,
  isCodedError,
  isUnreachable,
  type ChainCallErrorLike,
  type CodedError,
} from '../errors.js';

export interface RenderedError {
  readonly code: string;
  readonly message: string;
  readonly hint: string | undefined;
  readonly exitCode: number;
  /** Stack and causes, present only with --debug. */
  readonly debug: string | undefined;
}

export interface RenderContext {
  readonly debug: boolean;
  /** The endpoint in use, to name it when the node cannot be reached. */
  readonly networkUrl?: string | undefined;
}

const SS58_CODES = new Set(['INVALID_ADDRESS', 'SS58_CHECKSUM']);

function firstLine(text: string): string {
  const line = text.split('\n').find((l) => l.trim() !== '') ?? text;
  return line.trim();
}

function debugText(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && current !== null && depth < 8; depth++) {
    const text = current instanceof Error ? (current.stack ?? current.message) : inspect(current);
    parts.push(depth === 0 ? text : `caused by: ${text}`);
    current = current instanceof Error ? current.cause : undefined;
  }
  return parts.join('\n');
}

function classify(error: CodedError, context: RenderContext): { message: string; hint: string | undefined } {
  const chain = chainErrorName(error);
  if (chain !== undefined) {
    const explained = explainChainError(error);
    const pallet = (error as ChainCallErrorLike).pallet;
    const name = pallet !== undefined ? `${pallet}.${chain}` : chain;
    return {
      message: `${name}: ${explained?.explanation ?? firstLine(error.message)}`,
      hint: explained?.hint,
    };
  }
  if (isUnreachable(error)) {
    const url = (error as { url?: unknown }).url;
    const where = typeof url === 'string' ? url : context.networkUrl;
    return {
      message: where !== undefined ? `cannot reach a node at ${where}` : firstLine(error.message),
      hint:
        error.hint ??
        "start one with 'tao node --dev', or choose another with --network (local, test, finney or a ws:// URL)",
    };
  }
  if (SS58_CODES.has(error.code)) {
    return {
      message: firstLine(error.message),
      hint:
        error.hint ??
        'an SS58 address is 48 base58 characters starting with 5 (check for a typo or a missing character)',
    };
  }
  return { message: firstLine(error.message), hint: error.hint };
}

export function renderError(error: unknown, context: RenderContext): RenderedError {
  const debug = context.debug ? debugText(error) : undefined;
  if (isCodedError(error)) {
    const { message, hint } = classify(error, context);
    const exit = (error as { exitCode?: unknown }).exitCode;
    return {
      code: error.code,
      message,
      hint,
      exitCode: typeof exit === 'number' && exit > 0 ? exit : 1,
      debug,
    };
  }
  const message = error instanceof Error ? firstLine(error.message) : firstLine(String(error));
  return {
    code: 'INTERNAL',
    message: message === '' ? 'unexpected failure' : message,
    hint: context.debug ? undefined : 'this was not expected; rerun with --debug to see where it happened',
    exitCode: 1,
    debug,
  };
}

/** The stderr text for a rendered error. */
export function errorText(rendered: RenderedError, color: (s: string) => string = (s) => s): string {
  let text = `${color('error:')} ${rendered.message}\n`;
  if (rendered.hint !== undefined) text += `hint: ${rendered.hint}\n`;
  if (rendered.debug !== undefined) text += `${rendered.debug}\n`;
  return text;
}
