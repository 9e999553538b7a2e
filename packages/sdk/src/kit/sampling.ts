/** Choosing which miners a validator queries, as the subnet template does. */
import type { Metagraph } from '../metagraph/index.js';

/** The template's vpermit_tao_limit: validators with more stake than this are not queried as miners. */
export const VPERMIT_TAO_LIMIT = 4096;

/**
 * Uids worth querying: serving an axon (not 0.0.0.0), not `self`, and — when they hold a validator
 * permit — with at most `vpermitTaoLimit` TAO of stake (big validators do not mine).
 */
export function availableUids(
  metagraph: Metagraph,
  self: number,
  vpermitTaoLimit = VPERMIT_TAO_LIMIT,
): number[] {
  const out: number[] = [];
  for (let uid = 0; uid < metagraph.n; uid++) {
    if (uid === self) continue;
    const axon = metagraph.axons[uid];
    if (axon === undefined || axon.ip === '0.0.0.0' || axon.port === 0) continue;
    if (metagraph.validatorPermit[uid] === 1 && (metagraph.stake[uid] ?? 0) > vpermitTaoLimit) continue;
    out.push(uid);
  }
  return out;
}

/** `k` distinct items of `from`, uniformly (partial Fisher–Yates); `random` returns [0, 1). */
export function sampleWithoutReplacement<T>(from: readonly T[], k: number, random: () => number): T[] {
  const pool = [...from];
  const take = Math.min(Math.max(0, Math.floor(k)), pool.length);
  for (let i = 0; i < take; i++) {
    const j = i + Math.floor(random() * (pool.length - i));
    [pool[i], pool[j]] = [pool[j] as T, pool[i] as T];
  }
  return pool.slice(0, take);
}
