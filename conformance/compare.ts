/**
 * Structural comparison that reports the first difference with its path and both values.
 * Integers compare across number/bigint; leaves can be compared by a custom rule (fixed-point
 * tolerance, for instance).
 */
/** A verdict for one leaf; DEFAULT falls back to structural comparison. */
export const DEFAULT = Symbol('default');
export type LeafRule = (
  expected: unknown,
  actual: unknown,
  path: string,
) => string | undefined | typeof DEFAULT;

export function show(value: unknown): string {
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Uint8Array) return `0x${Buffer.from(value).toString('hex')}`;
  const text = JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
  if (text === undefined) return String(value);
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

function sameScalar(expected: unknown, actual: unknown): boolean {
  const e = typeof expected === 'number' && Number.isInteger(expected) ? BigInt(expected) : expected;
  const a = typeof actual === 'number' && Number.isInteger(actual) ? BigInt(actual) : actual;
  return Object.is(e, a) || e === a;
}

export function firstDifference(
  expected: unknown,
  actual: unknown,
  path = '',
  rule?: LeafRule,
): string | undefined {
  const here = path === '' ? '(root)' : path;
  if (rule) {
    const verdict = rule(expected, actual, here);
    if (verdict !== DEFAULT) return verdict;
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return `${here}: expected ${show(expected)}, got ${show(actual)}`;
    if (expected.length !== actual.length) {
      return `${here}: expected ${expected.length} entries ${show(expected)}, got ${actual.length} ${show(actual)}`;
    }
    for (let i = 0; i < expected.length; i++) {
      const d = firstDifference(expected[i], actual[i], `${path}[${i}]`, rule);
      if (d !== undefined) return d;
    }
    return undefined;
  }
  if (expected !== null && typeof expected === 'object') {
    if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) {
      return `${here}: expected ${show(expected)}, got ${show(actual)}`;
    }
    for (const key of Object.keys(expected)) {
      const d = firstDifference(
        (expected as Record<string, unknown>)[key],
        (actual as Record<string, unknown>)[key],
        path === '' ? key : `${path}.${key}`,
        rule,
      );
      if (d !== undefined) return d;
    }
    return undefined;
  }
  return sameScalar(expected, actual)
    ? undefined
    : `${here}: expected ${show(expected)}, got ${show(actual)}`;
}
