/**
 * Option specs and parsers that many commands share (netuid, amounts, uid and weight lists, addresses),
 * so they are spelled, validated and documented the same everywhere. Parsers run while argv is parsed
 * and must stay light: full SS58 checksum validation needs the hashing stack, so `ss58Shape` only checks
 * the form and commands call `decodeAddress(value, '--dest')` from @tao-ts/primitives inside `run`.
 */
import { parseAmount } from '@tao-ts/primitives';
import type { OptionSpec } from './spec.js';

/** A u16 subnet id. */
export function parseNetuid(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || n > 65_535) throw new Error('must be a subnet id (0-65535)');
  return n;
}

/** TAO ('1.5', 'τ1.5') or rao ('1500 rao') → rao bigint, never rounding. */
export function parseAmountOption(field: string): (value: string) => bigint {
  return (value) => parseAmount(value, { field });
}

/** A comma- or space-separated list of u16 uids: '0,1, 5'. */
export function parseUids(value: string): number[] {
  const parts = value.split(/[\s,]+/).filter((p) => p !== '');
  if (parts.length === 0) throw new Error('give at least one uid');
  return parts.map((p) => {
    const n = Number(p);
    if (!/^\d+$/.test(p) || n > 65_535) throw new Error(`"${p}" is not a uid (0-65535)`);
    return n;
  });
}

/** A comma- or space-separated list of non-negative finite weights: '0.5,0.25 1'. */
export function parseWeights(value: string): number[] {
  const parts = value.split(/[\s,]+/).filter((p) => p !== '');
  if (parts.length === 0) throw new Error('give at least one weight');
  return parts.map((p) => {
    const n = Number(p);
    if (!Number.isFinite(n) || n < 0) throw new Error(`"${p}" is not a non-negative number`);
    return n;
  });
}

const BASE58 = /^[1-9A-HJ-NP-Za-km-z]{46,50}$/;

/** Checks an SS58 address's form (alphabet and length); the checksum is checked in `run`. */
export function ss58Shape(value: string): string {
  const trimmed = value.trim();
  if (!BASE58.test(trimmed))
    throw new Error('is not an SS58 address (48 base58 characters, usually starting with 5)');
  return trimmed;
}

export const netuidOption: OptionSpec = {
  flags: '--netuid <netuid>',
  description: 'subnet id',
  parse: parseNetuid,
  required: true,
};

export function amountOption(
  flags = '-a, --amount <amount>',
  description = 'amount in TAO (or "<n> rao")',
): OptionSpec {
  const long = flags.split(/[ ,]+/).find((f) => f.startsWith('--')) ?? '--amount';
  return { flags, description, parse: parseAmountOption(long) };
}
