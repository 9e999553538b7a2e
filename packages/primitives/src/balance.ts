// Money is bigint rao, bounded like subtensor's u64 balances. TAO strings exist only at the edges (CLI,
// explorer), and parsing them never rounds: a typo'd 10th decimal is an error, not a silent truncation.
import { TaoError, describeValue } from './errors.js';

export const RAO_PER_TAO = 1_000_000_000n;
export const TAO_DECIMALS = 9;
export const U64_MAX = 2n ** 64n - 1n;
/** Minimum free balance an account must keep to exist (subtensor `ExistentialDeposit`), in rao. */
export const EXISTENTIAL_DEPOSIT = 500n;
/** 21M TAO, in rao. */
export const TOTAL_SUPPLY = 21_000_000_000_000_000n;

export class InvalidAmountError extends TaoError {
  constructor(message: string, field: string | undefined, cause?: unknown) {
    super('INVALID_AMOUNT', message, cause === undefined ? { field } : { field, cause });
  }
}

export class BalanceOverflowError extends TaoError {
  /** 'overflow' above u64::MAX, 'underflow' below zero. */
  readonly direction: 'overflow' | 'underflow';
  constructor(message: string, direction: 'overflow' | 'underflow', field: string | undefined) {
    super('BALANCE_OVERFLOW', message, { field });
    this.direction = direction;
  }
}

/** Throws unless `value` is a bigint in [0, u64::MAX]. Narrows the type for callers. */
export function assertU64(value: unknown, field = 'amount'): asserts value is bigint {
  if (typeof value !== 'bigint') {
    throw new InvalidAmountError(`${field}: expected a bigint amount, got ${describeValue(value)}`, field);
  }
  if (value < 0n) {
    throw new InvalidAmountError(`${field}: amount must not be negative, got ${value}`, field);
  }
  if (value > U64_MAX) {
    throw new InvalidAmountError(`${field}: amount exceeds u64::MAX (${U64_MAX}), got ${value}`, field);
  }
}

function checkResult(result: bigint, op: string, a: bigint, b: bigint, field: string | undefined): bigint {
  if (result < 0n) {
    const name = field ?? 'amount';
    throw new BalanceOverflowError(`${name}: ${a} ${op} ${b} underflows below zero`, 'underflow', field);
  }
  if (result > U64_MAX) {
    const name = field ?? 'amount';
    throw new BalanceOverflowError(`${name}: ${a} ${op} ${b} overflows u64::MAX`, 'overflow', field);
  }
  return result;
}

export function checkedAdd(a: bigint, b: bigint, field?: string): bigint {
  assertU64(a, field ?? 'a');
  assertU64(b, field ?? 'b');
  return checkResult(a + b, '+', a, b, field);
}

export function checkedSub(a: bigint, b: bigint, field?: string): bigint {
  assertU64(a, field ?? 'a');
  assertU64(b, field ?? 'b');
  return checkResult(a - b, '-', a, b, field);
}

export function checkedMul(a: bigint, b: bigint, field?: string): bigint {
  assertU64(a, field ?? 'a');
  assertU64(b, field ?? 'b');
  return checkResult(a * b, '*', a, b, field);
}

const clampU64 = (v: bigint): bigint => (v < 0n ? 0n : v > U64_MAX ? U64_MAX : v);

export function saturatingAdd(a: bigint, b: bigint): bigint {
  assertU64(a, 'a');
  assertU64(b, 'b');
  return clampU64(a + b);
}

export function saturatingSub(a: bigint, b: bigint): bigint {
  assertU64(a, 'a');
  assertU64(b, 'b');
  return clampU64(a - b);
}

export function saturatingMul(a: bigint, b: bigint): bigint {
  assertU64(a, 'a');
  assertU64(b, 'b');
  return clampU64(a * b);
}

/** Whole TAO → rao, checked against u64. */
export function taoToRao(tao: bigint): bigint {
  return checkedMul(tao, RAO_PER_TAO, 'tao');
}

/** rao → exact decimal TAO string without symbol or trailing zeros, e.g. 1_500_000_000n → '1.5'. */
export function raoToTao(rao: bigint): string {
  return formatTao(rao, { symbol: '', compact: true });
}

// Generous bound so BigInt() never sees a megabyte of digits; u64::MAX has 20.
const MAX_DIGITS = 30;
// Digits, optional dot and at least one fraction digit. Exponents, signs, '_' and ',' are rejected.
const DECIMAL = /^(\d+)(?:\.(\d+))?$/;
const TAO_PREFIX = /^τ\s*/;
const TAO_SUFFIX = /\s*(?:τ|tao)$/i;

export interface ParseOptions {
  /** Field name for error messages (default 'amount'). */
  readonly field?: string;
}

function fieldOf(options: ParseOptions | undefined): string {
  return options?.field ?? 'amount';
}

/** Parses a TAO amount ('1.5', 'τ1.5', '1.5 TAO', '1.5τ') into rao. At most 9 decimals; never rounds. */
export function parseTao(text: string, options?: ParseOptions): bigint {
  const field = fieldOf(options);
  if (typeof text !== 'string') {
    throw new InvalidAmountError(`${field}: expected a TAO amount string, got ${describeValue(text)}`, field);
  }
  let body = text.trim();
  if (body.startsWith('-')) {
    throw new InvalidAmountError(`${field}: amount must not be negative: ${describeValue(text)}`, field);
  }
  const hasPrefix = TAO_PREFIX.test(body);
  if (hasPrefix) body = body.replace(TAO_PREFIX, '');
  // A unit on both sides ('τ1 TAO') is almost certainly a mistake; refuse rather than guess.
  if (TAO_SUFFIX.test(body)) {
    if (hasPrefix) {
      throw new InvalidAmountError(`${field}: give the unit once: ${describeValue(text)}`, field);
    }
    body = body.replace(TAO_SUFFIX, '');
  }
  if (body.startsWith('-')) {
    throw new InvalidAmountError(`${field}: amount must not be negative: ${describeValue(text)}`, field);
  }
  const match = DECIMAL.exec(body);
  const whole = match?.[1];
  if (match === null || whole === undefined) {
    throw new InvalidAmountError(`${field}: not a TAO amount: ${describeValue(text)}`, field);
  }
  const fraction = match[2] ?? '';
  if (fraction.length > TAO_DECIMALS) {
    throw new InvalidAmountError(
      `${field}: TAO has at most ${TAO_DECIMALS} decimals, got ${fraction.length}: ${describeValue(text)}`,
      field,
    );
  }
  if (whole.length > MAX_DIGITS) {
    throw new InvalidAmountError(`${field}: amount exceeds u64::MAX rao: ${describeValue(text)}`, field);
  }
  const rao = BigInt(whole) * RAO_PER_TAO + BigInt(fraction.padEnd(TAO_DECIMALS, '0'));
  if (rao > U64_MAX) {
    throw new InvalidAmountError(`${field}: amount exceeds u64::MAX rao: ${describeValue(text)}`, field);
  }
  return rao;
}

const RAO_SUFFIX = /\s*rao$/i;

/** Parses an integer rao amount ('1500', '1500 rao'). */
export function parseRao(text: string, options?: ParseOptions): bigint {
  const field = fieldOf(options);
  if (typeof text !== 'string') {
    throw new InvalidAmountError(`${field}: expected a rao amount string, got ${describeValue(text)}`, field);
  }
  const body = text.trim().replace(RAO_SUFFIX, '');
  if (body.startsWith('-')) {
    throw new InvalidAmountError(`${field}: amount must not be negative: ${describeValue(text)}`, field);
  }
  if (!/^\d+$/.test(body)) {
    throw new InvalidAmountError(`${field}: not an integer rao amount: ${describeValue(text)}`, field);
  }
  if (body.length > MAX_DIGITS || BigInt(body) > U64_MAX) {
    throw new InvalidAmountError(`${field}: amount exceeds u64::MAX rao: ${describeValue(text)}`, field);
  }
  return BigInt(body);
}

/** Parses either form: a 'rao' suffix means rao, anything else is read as TAO. */
export function parseAmount(text: string, options?: ParseOptions): bigint {
  if (typeof text === 'string' && RAO_SUFFIX.test(text.trim())) return parseRao(text, options);
  return parseTao(text, options);
}

export interface FormatOptions {
  /** Unit symbol placed before the number: 'τ' (default), 'α' for alpha, '' for none. */
  readonly symbol?: string;
  /** Trim trailing fraction zeros ('τ1.5', 'τ2') instead of always showing 9 decimals. */
  readonly compact?: boolean;
}

/**
 * Formats rao as TAO: 'τ1.500000000' by default. Negative values (deltas) get a leading '-'. Balances
 * themselves are never negative; this only exists so that differences can be shown.
 */
export function formatTao(rao: bigint, options: FormatOptions = {}): string {
  if (typeof rao !== 'bigint') {
    throw new InvalidAmountError(`rao: expected a bigint, got ${describeValue(rao)}`, 'rao');
  }
  const symbol = options.symbol ?? 'τ';
  const sign = rao < 0n ? '-' : '';
  const abs = rao < 0n ? -rao : rao;
  const whole = abs / RAO_PER_TAO;
  let fraction = (abs % RAO_PER_TAO).toString().padStart(TAO_DECIMALS, '0');
  if (options.compact === true) fraction = fraction.replace(/0+$/, '');
  return `${sign}${symbol}${whole}${fraction.length > 0 ? `.${fraction}` : ''}`;
}
