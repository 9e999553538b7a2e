/**
 * Spinners and progress bars on stderr. Both exist only on a TTY and never under --json or --quiet; in
 * every other case they are silent handles, so commands call them unconditionally. Spinners are ora
 * (imported only when one is shown); bars are drawn here.
 */
import type { OutStream } from './io.js';

export interface Spinner {
  /** Changes the text while spinning. */
  text(text: string): void;
  succeed(text?: string): void;
  fail(text?: string): void;
  stop(): void;
}

export interface ProgressOptions {
  readonly label: string;
  /** Known amount of work; omit for open-ended work such as PoW (shows a count and a rate). */
  readonly total?: number;
  /** Unit for the count and rate, e.g. 'hashes'. */
  readonly unit?: string;
}

export interface Progress {
  /** Sets the amount done so far (absolute, not a delta). */
  update(done: number, info?: string): void;
  /** Clears the bar and, if given, prints a final line. */
  done(message?: string): void;
}

export const silentSpinner: Spinner = { text() {}, succeed() {}, fail() {}, stop() {} };
export const silentProgress: Progress = { update() {}, done() {} };

/** 1234567 → '1.23M' for rates and counts. */
export function compactNumber(n: number): string {
  if (!Number.isFinite(n)) return '∞';
  const abs = Math.abs(n);
  if (abs >= 1e9) return `${(n / 1e9).toFixed(2)}G`;
  if (abs >= 1e6) return `${(n / 1e6).toFixed(2)}M`;
  if (abs >= 1e3) return `${(n / 1e3).toFixed(1)}k`;
  return abs >= 100 || Number.isInteger(n) ? n.toFixed(0) : n.toFixed(1);
}

/** One bar line (no control characters): `label [█████░░░░░]  50% 5/10 info`. */
export function renderBar(
  options: ProgressOptions,
  done: number,
  elapsedMs: number,
  info: string | undefined,
  width = 24,
): string {
  const unit = options.unit === undefined ? '' : ` ${options.unit}`;
  const rate = elapsedMs > 0 ? `  ${compactNumber((done * 1000) / elapsedMs)}${unit}/s` : '';
  const extra = info === undefined ? '' : `  ${info}`;
  if (options.total === undefined || options.total <= 0) {
    return `${options.label}  ${compactNumber(done)}${unit}${rate}${extra}`;
  }
  const ratio = Math.min(1, Math.max(0, done / options.total));
  const filled = Math.round(ratio * width);
  const bar = '█'.repeat(filled) + '░'.repeat(width - filled);
  const pct = `${Math.floor(ratio * 100)}`.padStart(3);
  return `${options.label} [${bar}] ${pct}% ${compactNumber(done)}/${compactNumber(options.total)}${unit}${rate}${extra}`;
}

const REDRAW_MS = 100;

/** A bar redrawn in place on a TTY stream, at most every 100 ms. */
export function ttyProgress(stream: OutStream, options: ProgressOptions): Progress {
  const started = Date.now();
  let last = 0;
  let current = 0;
  let lastInfo: string | undefined;
  const draw = (): void => {
    const line = renderBar(options, current, Date.now() - started, lastInfo);
    const columns = stream.columns !== undefined && stream.columns > 0 ? stream.columns : 80;
    const max = columns - 1;
    stream.write(`\r\u001b[2K${line.length > max ? line.slice(0, max) : line}`);
  };
  return {
    update(done, info) {
      current = done;
      lastInfo = info;
      const now = Date.now();
      if (now - last >= REDRAW_MS) {
        last = now;
        draw();
      }
    },
    done(message) {
      stream.write('\r\u001b[2K');
      if (message !== undefined) stream.write(`${message}\n`);
    },
  };
}

/** An ora spinner on `stream`; ora is imported here, on first use, to keep start-up light. */
export async function oraSpinner(stream: OutStream, text: string): Promise<Spinner> {
  const { default: ora } = await import('ora');
  const spinner = ora({ text, stream: stream as NodeJS.WritableStream, discardStdin: false }).start();
  return {
    text(t) {
      spinner.text = t;
    },
    succeed(t) {
      spinner.succeed(t);
    },
    fail(t) {
      spinner.fail(t);
    },
    stop() {
      spinner.stop();
    },
  };
}
