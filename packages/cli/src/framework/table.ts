/**
 * Aligned text tables. Widths are measured without ANSI colour codes so coloured cells line up; numbers
 * are usually right-aligned so their decimal points line up when they share a format (τ amounts do).
 */

export interface Column {
  readonly header: string;
  readonly align?: 'left' | 'right';
}

export type Cell = string | number | bigint | boolean | null | undefined;

// Matches SGR colour sequences, which take no room on screen.
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;

/** Printable width of `text`: ANSI codes removed, one column per code point. */
export function displayWidth(text: string): number {
  return [...text.replace(ANSI, '')].length;
}

function cellText(cell: Cell): string {
  if (cell === null || cell === undefined) return '';
  return String(cell);
}

function pad(text: string, width: number, align: 'left' | 'right'): string {
  const fill = ' '.repeat(Math.max(0, width - displayWidth(text)));
  return align === 'right' ? fill + text : text + fill;
}

export interface TableStyle {
  /** Styles the header row (bold on a TTY); identity by default. */
  readonly header?: (text: string) => string;
  /** Styles the rule under the header (dim on a TTY). */
  readonly rule?: (text: string) => string;
}

/**
 * Renders rows under a header, columns separated by two spaces, with a rule under the header. Trailing
 * spaces are trimmed so output diffs cleanly.
 */
export function renderTable(
  columns: readonly Column[],
  rows: readonly (readonly Cell[])[],
  style: TableStyle = {},
): string {
  const texts = rows.map((row) => columns.map((_, i) => cellText(row[i])));
  const widths = columns.map((c, i) =>
    Math.max(displayWidth(c.header), ...texts.map((row) => displayWidth(row[i] ?? ''))),
  );
  const line = (cells: readonly string[]): string =>
    cells
      .map((text, i) => pad(text, widths[i] ?? 0, columns[i]?.align ?? 'left'))
      .join('  ')
      .trimEnd();
  const header = style.header ?? ((t: string): string => t);
  const rule = style.rule ?? ((t: string): string => t);
  const out = [
    header(line(columns.map((c) => c.header))),
    rule(widths.map((w) => '─'.repeat(w)).join('  ')),
    ...texts.map(line),
  ];
  return `${out.join('\n')}\n`;
}
