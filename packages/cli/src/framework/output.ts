/**
 * What commands print through. Results (text, tables) go to stdout; notes, warnings, spinners and bars go
 * to stderr, so `tao … | other-tool` sees only results. Under --json every human-readable method is
 * silent and the framework prints the command's result as the single JSON document; --quiet silences the
 * notes and animations but keeps results and warnings. Colours only when the stream is a TTY and NO_COLOR
 * is unset.
 */
import { createColors } from 'picocolors';
import { formatTao } from '@tao-ts/primitives';
import type { CliIo, OutStream } from './io.js';
import { renderTable, type Cell, type Column } from './table.js';
import {
  oraSpinner,
  silentProgress,
  silentSpinner,
  ttyProgress,
  type Progress,
  type ProgressOptions,
  type Spinner,
} from './progress.js';

export type Colors = ReturnType<typeof createColors>;

export interface OutputMode {
  readonly json: boolean;
  readonly quiet: boolean;
}

function colourEnabled(stream: OutStream, env: CliIo['env']): boolean {
  if (env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '') return false;
  if (env['FORCE_COLOR'] !== undefined && env['FORCE_COLOR'] !== '0') return true;
  return stream.isTTY === true && env['TERM'] !== 'dumb';
}

export class Output {
  /** Colours for stdout text (identity functions when colour is off). */
  readonly color: Colors;
  /** Colours for stderr text. */
  readonly errColor: Colors;
  readonly mode: OutputMode;
  private readonly io: CliIo;

  constructor(io: CliIo, mode: OutputMode) {
    this.io = io;
    this.mode = mode;
    this.color = createColors(colourEnabled(io.stdout, io.env));
    this.errColor = createColors(colourEnabled(io.stderr, io.env));
  }

  /** True when human-readable output is being produced (not --json). */
  get human(): boolean {
    return !this.mode.json;
  }

  /** A result line on stdout. */
  print(text = ''): void {
    if (this.mode.json) return;
    this.io.stdout.write(`${text}\n`);
  }

  /** An aligned table on stdout. */
  table(columns: readonly Column[], rows: readonly (readonly Cell[])[], title?: string): void {
    if (this.mode.json) return;
    if (title !== undefined) this.io.stdout.write(`${this.color.bold(title)}\n`);
    this.io.stdout.write(renderTable(columns, rows, { header: this.color.bold, rule: this.color.dim }));
  }

  /** A progress note on stderr (silent with --json or --quiet). */
  info(text: string): void {
    if (this.mode.json || this.mode.quiet) return;
    this.io.stderr.write(`${text}\n`);
  }

  success(text: string): void {
    if (this.mode.json || this.mode.quiet) return;
    this.io.stderr.write(`${this.errColor.green('✔')} ${text}\n`);
  }

  /** A warning on stderr; shown even with --quiet or --json, since it is about something that matters. */
  warn(text: string): void {
    this.io.stderr.write(`${this.errColor.yellow('warning:')} ${text}\n`);
  }

  /** rao → 'τ1.234567890' (9 decimals by default, as btcli prints balances). */
  tao(rao: bigint, options: { compact?: boolean } = {}): string {
    return formatTao(rao, options.compact === true ? { compact: true } : {});
  }

  /** rao of a subnet's alpha → 'α1.234567890'. */
  alpha(rao: bigint): string {
    return formatTao(rao, { symbol: 'α' });
  }

  private get animated(): boolean {
    return !this.mode.json && !this.mode.quiet && this.io.stderr.isTTY === true;
  }

  /** A spinner while waiting (e.g. for inclusion); silent unless stderr is a TTY. */
  async spinner(text: string): Promise<Spinner> {
    // ora sizes its redraw by the terminal width; a pseudo-terminal without a size reports 0 columns,
    // which makes it erase lines without end, so no spinner there.
    if (!this.animated || (this.io.stderr.columns ?? 0) <= 0) return silentSpinner;
    return oraSpinner(this.io.stderr, text);
  }

  /** A progress bar for long work (PoW, sync); silent unless stderr is a TTY. */
  progress(options: ProgressOptions): Progress {
    if (!this.animated) return silentProgress;
    return ttyProgress(this.io.stderr, options);
  }
}
