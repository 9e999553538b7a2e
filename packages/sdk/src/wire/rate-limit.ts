// Per-hotkey token buckets for the axon. bittensor has no rate limit; a single caller could otherwise
// fill the priority queue. Buckets idle long enough to be full again are dropped to bound memory.
import { WireConfigError } from './errors.js';

export interface RateLimitOptions {
  /** Sustained requests per second per hotkey. */
  readonly perSecond: number;
  /** Burst size (bucket capacity); default max(1, perSecond). */
  readonly burst?: number;
  /** Clock in ms (tests). */
  readonly now?: () => number;
}

export class HotkeyRateLimiter {
  readonly #rate: number;
  readonly #burst: number;
  readonly #now: () => number;
  readonly #buckets = new Map<string, { tokens: number; at: number }>();
  #sweepAt: number;

  constructor(options: RateLimitOptions) {
    if (!(options.perSecond > 0)) {
      throw new WireConfigError(
        `rateLimit.perSecond: expected > 0, got ${options.perSecond}`,
        'rateLimit.perSecond',
      );
    }
    this.#rate = options.perSecond / 1000;
    this.#burst = options.burst ?? Math.max(1, options.perSecond);
    if (!(this.#burst >= 1)) {
      throw new WireConfigError(`rateLimit.burst: expected ≥ 1, got ${this.#burst}`, 'rateLimit.burst');
    }
    this.#now = options.now ?? Date.now;
    this.#sweepAt = this.#now() + 60_000;
  }

  /** Takes one token for `hotkey`; false when its bucket is empty. */
  take(hotkey: string): boolean {
    const now = this.#now();
    if (now >= this.#sweepAt) this.#sweep(now);
    const b = this.#buckets.get(hotkey) ?? { tokens: this.#burst, at: now };
    b.tokens = Math.min(this.#burst, b.tokens + (now - b.at) * this.#rate);
    b.at = now;
    this.#buckets.set(hotkey, b);
    if (b.tokens < 1) return false;
    b.tokens -= 1;
    return true;
  }

  #sweep(now: number): void {
    this.#sweepAt = now + 60_000;
    const refill = this.#burst / this.#rate;
    for (const [k, b] of this.#buckets) if (now - b.at >= refill) this.#buckets.delete(k);
  }
}
