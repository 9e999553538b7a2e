// Nonces: a strictly monotonic nanosecond clock for dendrites, and the axon's replay window.
//
// bittensor uses `time.time_ns()`; two requests within the clock's resolution get the same nonce and the
// second is rejected as a replay. Our clock is `process.hrtime.bigint()` anchored to the wall clock and
// bumped by 1 ns whenever it would not advance, so every nonce from one clock is strictly greater.

export const ALLOWED_DELTA_NS = 4_000_000_000n;
/** `version_as_int` of bittensor 7.2.0: dendrites at or above it get the first-contact freshness check. */
export const V_7_2_0 = 7_002_000;

/** Wall-clock nanoseconds now (not monotonic; for the axon's freshness check). */
export function wallClockNs(): bigint {
  return BigInt(Date.now()) * 1_000_000n;
}

export class NonceClock {
  #last = 0n;
  #anchorWall = wallClockNs();
  #anchorHr = process.hrtime.bigint();
  #reanchorAt = this.#anchorHr + 60_000_000_000n;

  /** The next nonce: ≈ wall-clock ns, strictly greater than every nonce this clock returned before. */
  next(): bigint {
    const hr = process.hrtime.bigint();
    if (hr >= this.#reanchorAt) {
      // Re-anchor now and then so the nonce follows NTP corrections of the wall clock (the axon compares
      // it with its own wall clock); monotonicity below still holds if the wall clock stepped back.
      this.#anchorWall = wallClockNs();
      this.#anchorHr = hr;
      this.#reanchorAt = hr + 60_000_000_000n;
    }
    let t = this.#anchorWall + (hr - this.#anchorHr);
    if (t <= this.#last) t = this.#last + 1n;
    this.#last = t;
    return t;
  }
}

/**
 * bittensor's `allowed_nonce_window_ns(now, timeout)`: `now - 4 s - timeout·1e9`. With a (non-zero)
 * timeout Python computes in float64, so the bound is rounded like Python's; without one it is exact.
 */
export function allowedNonceWindowNs(nowNs: bigint, timeoutS: number | null): bigint {
  const base = nowNs - ALLOWED_DELTA_NS;
  if (timeoutS === null || timeoutS === 0) return base;
  const window = Number(base) - timeoutS * 1e9;
  return Number.isFinite(window) ? BigInt(Math.floor(window)) : window > 0 ? base : 0n;
}

/** True when a first-contact nonce is fresh enough: strictly after the window bound. */
export function firstContactAccepted(nowNs: bigint, nonceNs: bigint, timeoutS: number | null): boolean {
  return nonceNs > allowedNonceWindowNs(nowNs, timeoutS);
}

export type NonceVerdict = { readonly ok: true } | { readonly ok: false; readonly message: string };

export interface NonceWindowOptions {
  /**
   * Largest request timeout (s) allowed to widen the first-contact window. The `timeout` header is not
   * signed, so without a cap a captured request could be replayed after its entry was pruned (or after a
   * restart) just by raising it. Default 60.
   */
  readonly maxTimeoutS?: number;
  /** Wall clock in ns (tests). */
  readonly now?: () => bigint;
}

/**
 * The axon's per-(hotkey, uuid) last-nonce memory with bittensor's rules: first contact must be fresher
 * than `now - 4 s - timeout`, later nonces strictly greater than the last accepted one (older dendrites:
 * only the latter). Entries whose nonce is older than the widest window are pruned (bittensor never
 * prunes): a request reusing them fails the first-contact check anyway.
 */
export class NonceWindow {
  readonly #last = new Map<string, bigint>();
  readonly #pinned = new Set<string>();
  readonly #maxTimeoutS: number;
  readonly #now: () => bigint;
  #nextPrune: bigint;

  constructor(options: NonceWindowOptions = {}) {
    this.#maxTimeoutS = options.maxTimeoutS ?? 60;
    this.#now = options.now ?? wallClockNs;
    this.#nextPrune = this.#now() + 10_000_000_000n;
  }

  get size(): number {
    return this.#last.size;
  }

  /** Checks without recording; call `record` once the signature has verified. */
  check(
    hotkey: string,
    uuid: string,
    nonce: bigint,
    version: number | null,
    timeoutS: number | null,
  ): NonceVerdict {
    const key = `${hotkey}:${uuid}`;
    const last = this.#last.get(key);
    if (version !== null && version >= V_7_2_0) {
      const now = this.#now();
      const t = timeoutS === null ? null : Math.min(Math.max(timeoutS, 0), this.#maxTimeoutS);
      if (last === undefined && !firstContactAccepted(now, nonce, t)) {
        const allowed = (Number(ALLOWED_DELTA_NS) + (t ?? 0) * 1e9) / 1e9;
        const diff = Number(now - nonce) / 1e9;
        return {
          ok: false,
          message: `Nonce is too old: acceptable delta is ${allowed.toFixed(2)} seconds but request was ${diff.toFixed(2)} seconds old`,
        };
      }
    }
    if (last !== undefined && nonce <= last) {
      return { ok: false, message: 'Nonce is too old, a newer one was last processed' };
    }
    return { ok: true };
  }

  /** Records an accepted nonce. Pre-7.2 entries are never pruned: their rule has no freshness check. */
  record(hotkey: string, uuid: string, nonce: bigint, version: number | null): void {
    const key = `${hotkey}:${uuid}`;
    const last = this.#last.get(key);
    if (last === undefined || nonce > last) this.#last.set(key, nonce);
    if (version === null || version < V_7_2_0) this.#pinned.add(key);
    const now = this.#now();
    if (now >= this.#nextPrune) this.#prune(now);
  }

  #pruneBound(): bigint {
    return this.#now() - ALLOWED_DELTA_NS - BigInt(Math.ceil(this.#maxTimeoutS * 1e9));
  }

  #prune(now: bigint): void {
    this.#nextPrune = now + 10_000_000_000n;
    const bound = this.#pruneBound();
    for (const [k, v] of this.#last) if (v <= bound && !this.#pinned.has(k)) this.#last.delete(k);
  }
}
