/**
 * The one JSON document `--json` prints. bigints (rao amounts, u64 counters) become decimal strings, since
 * JSON numbers lose precision above 2^53; Uint8Arrays become 0x-hex; Maps become objects.
 */

function replacer(_key: string, value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Uint8Array) {
    return `0x${Array.from(value, (b) => b.toString(16).padStart(2, '0')).join('')}`;
  }
  if (value instanceof Map) return Object.fromEntries(value);
  return value;
}

/** Serialises a command result (compact, one line, trailing newline). */
export function toJsonText(value: unknown): string {
  return `${JSON.stringify(value === undefined ? null : value, replacer)}\n`;
}

/** The plain JSON value a result becomes (what the schema validates). */
export function toJsonValue(value: unknown): unknown {
  return JSON.parse(toJsonText(value)) as unknown;
}
