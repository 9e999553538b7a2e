/**
 * sp_runtime's Era: how long a signed transaction stays valid. A mortal era names a period (a
 * power of two, 4…65536 blocks) and a phase; the block it was born in is the latest block at or
 * before the current one with that phase, and its hash is signed (CheckMortality), so a
 * transaction cannot be replayed on a fork that lacks that block or once its period has passed.
 */
import { ScaleDecodeError, ScaleEncodeError, createCodec, cursorDecoder, need } from '@tao-ts/primitives';
import type { Type, Variant } from '../types/type.js';
import { u8 } from '../types/type.js';

export type Era =
  | { readonly kind: 'immortal' }
  | { readonly kind: 'mortal'; readonly period: number; readonly phase: number };

export const IMMORTAL: Era = { kind: 'immortal' };

const MIN_PERIOD = 4;
const MAX_PERIOD = 1 << 16;
const U64_MAX = (1n << 64n) - 1n;

/** Long periods only keep phase to a multiple of period / 4096 (12 bits of phase in the encoding). */
function quantizeFactor(period: number): number {
  return Math.max(period >>> 12, 1);
}

function nextPowerOfTwo(value: bigint): number {
  if (value > BigInt(MAX_PERIOD)) return MAX_PERIOD;
  let p = 1;
  while (BigInt(p) < value) p *= 2;
  return p;
}

/**
 * Era::mortal(period, current): the period is rounded up to a power of two and clamped to
 * 4…65536; the phase is `current` modulo it, quantized for long periods.
 */
export function mortalEra(period: number | bigint, current: number | bigint): Era {
  const p = Math.min(Math.max(nextPowerOfTwo(BigInt(period)), MIN_PERIOD), MAX_PERIOD);
  const phase = Number(BigInt(current) % BigInt(p));
  const factor = quantizeFactor(p);
  return { kind: 'mortal', period: p, phase: Math.floor(phase / factor) * factor };
}

/** The first block of the era instance `current` falls in (0 for immortal). */
export function eraBirth(era: Era, current: bigint): bigint {
  if (era.kind === 'immortal') return 0n;
  const period = BigInt(era.period);
  const phase = BigInt(era.phase);
  const base = current > phase ? current : phase;
  return ((base - phase) / period) * period + phase;
}

/** The first block at which the era has ended (u64::MAX for immortal). */
export function eraDeath(era: Era, current: bigint): bigint {
  if (era.kind === 'immortal') return U64_MAX;
  const death = eraBirth(era, current) + BigInt(era.period);
  return death > U64_MAX ? U64_MAX : death;
}

function isCanonical(era: Extract<Era, { kind: 'mortal' }>): boolean {
  const { period, phase } = era;
  const powerOfTwo = Number.isInteger(period) && period > 0 && (period & (period - 1)) === 0;
  return (
    powerOfTwo &&
    period >= MIN_PERIOD &&
    period <= MAX_PERIOD &&
    Number.isInteger(phase) &&
    phase >= 0 &&
    phase < period &&
    phase % quantizeFactor(period) === 0
  );
}

function trailingZeros(value: number): number {
  return 31 - Math.clz32(value & -value);
}

export function encodeEra(era: Era): Uint8Array {
  if (era.kind === 'immortal') return Uint8Array.of(0);
  // Substrate would silently re-shape a non-canonical era; refusing keeps what is signed explicit.
  if (!isCanonical(era)) {
    throw new ScaleEncodeError(
      `Era: period ${era.period} / phase ${era.phase} is not a canonical mortal era (use mortalEra)`,
      'Era',
    );
  }
  const low = Math.min(Math.max(trailingZeros(era.period) - 1, 1), 15);
  const encoded = low | ((era.phase / quantizeFactor(era.period)) << 4);
  return Uint8Array.of(encoded & 0xff, encoded >>> 8);
}

const eraDecoder = cursorDecoder((c): Era => {
  need(c, 1, 'Era');
  const first = c[c.i] as number;
  c.i += 1;
  if (first === 0) return IMMORTAL;
  need(c, 1, 'Era');
  const encoded = first + ((c[c.i] as number) << 8);
  c.i += 1;
  const period = 2 << (encoded % 16);
  const phase = (encoded >>> 4) * quantizeFactor(period);
  if (period < MIN_PERIOD || phase >= period) {
    throw new ScaleDecodeError(`Era: invalid period ${period} and phase ${phase}`, 'Era');
  }
  return { kind: 'mortal', period, phase };
});

// The scale-info shape of Era: a 256-variant enum, since a mortal era's first byte (never 0) is
// followed by one more byte: Immortal = 0, MortalN(u8) = N.
const eraVariants: Variant[] = [{ name: 'Immortal', index: 0, fields: [] }];
for (let n = 1; n < 256; n++) eraVariants.push({ name: `Mortal${n}`, index: n, fields: [{ type: u8 }] });

export const EraType: Type<Era> = {
  codec: createCodec(encodeEra, eraDecoder),
  info: { kind: 'variant', path: ['sp_runtime', 'generic', 'era', 'Era'], variants: eraVariants },
  name: 'Era',
};
