/**
 * A share pool (subtensor's share-pool crate in its U64F64 form, which the `Alpha` and
 * `TotalHotkeyShares` items store): holders own shares of a value measured in whole rao. Paying
 * into the pool without minting shares (update for all) raises every holder's value pro rata;
 * buying or selling (update for one) mints or burns shares at the current value per share.
 *
 * Arithmetic follows substrate_fixed exactly: U64F64 quotients truncate, products floor, and
 * values are floored to u64 when read. The pool is generic over where it lives (the store).
 */
import { I64F64, U64F64 } from '@tao-ts/primitives';

const U64_MAX = 0xffff_ffff_ffff_ffffn;

/**
 * U64F64::saturating_from_num(0.00001_f64), precomputed so the runtime needs no float: below
 * this fraction of its former shares, a seller's remainder is treated as dust and cleared.
 */
const DUST_REMAINDER = 184_467_440_737_096n;
/**
 * About a year of alpha emission at 1 alpha per block (2_628_000 blocks × 1e9); a denominator
 * too small to divide the pool's value plus that without overflow has lost its precision.
 */
const YEAR_OF_EMISSION = 2_628_000_000_000_000n;

/** Where a pool keeps its value (u64), its holders' shares and the share total (U64F64 bits). */
export interface SharePoolStore<K> {
  sharedValue(): bigint;
  /** A holder's shares; undefined when the holder has no entry. */
  share(key: K): bigint | undefined;
  denominator(): bigint;
  /** Zero values are removed rather than stored. */
  setSharedValue(value: bigint): void;
  setShare(key: K, share: bigint): void;
  setDenominator(value: bigint): void;
}

/** Rust's `as i64` on a u64 amount: amounts above i64::MAX wrap, as they do on chain. */
export function asI64(amount: bigint): bigint {
  return BigInt.asIntN(64, amount);
}

export class SharePool<K> {
  constructor(private readonly store: SharePoolStore<K>) {}

  /** Value of a number of shares: value/denominator × shares, floored to rao. */
  valueOfShares(shares: bigint): bigint {
    const shared = U64F64.fromInt(this.store.sharedValue());
    const denominator = this.store.denominator();
    const perShare = U64F64.checkedDiv(shared, denominator);
    // Dividing first keeps precision for huge pools; when that overflows (tiny denominator) the
    // product is taken first, exactly as the crate falls back.
    const raw =
      perShare !== undefined
        ? U64F64.saturatingMul(perShare, shares)
        : (U64F64.checkedDiv(U64F64.saturatingMul(shared, shares), denominator) ?? 0n);
    return U64F64.saturatingToU64(raw);
  }

  value(key: K): bigint {
    return this.valueOfShares(this.store.share(key) ?? 0n);
  }

  /** The holder's value, or undefined when it has no share entry (try_get_value). */
  tryValue(key: K): bigint | undefined {
    return this.store.share(key) === undefined ? undefined : this.value(key);
  }

  /** Add (or, negative, remove) value for every holder at once: no shares move. */
  updateValueForAll(update: bigint): void {
    let next = this.store.sharedValue() + update;
    if (next < 0n) next = 0n;
    if (next > U64_MAX) next = U64_MAX;
    this.store.setSharedValue(next);
  }

  /** Shares a signed value update buys or sells at the current value per share (I64F64). */
  private sharesPerUpdate(update: bigint, sharedValue: bigint, denominator: bigint): bigint {
    const shared = U64F64.fromInt(sharedValue);
    const amount = I64F64.saturatingFromInt(update);
    const perShare = U64F64.checkedDiv(shared, denominator);
    if (perShare !== undefined) {
      return I64F64.checkedDiv(amount, I64F64.saturatingFromFixed(U64F64, perShare)) ?? 0n;
    }
    const perValue = I64F64.checkedDiv(amount, I64F64.saturatingFromFixed(U64F64, shared)) ?? 0n;
    return I64F64.saturatingMul(perValue, I64F64.saturatingFromFixed(U64F64, denominator));
  }

  /** Whether an update of this size would move any shares (an empty pool always accepts). */
  simUpdateValueForOne(update: bigint): boolean {
    const denominator = this.store.denominator();
    if (denominator === 0n) return true;
    return this.sharesPerUpdate(update, this.store.sharedValue(), denominator) !== 0n;
  }

  /**
   * Buy (update > 0) or sell (update < 0) value for one holder. Returns the value actually moved:
   * a sale that would leave a dust remainder (or an imprecise pool) sells everything instead.
   */
  updateValueForOne(key: K, update: bigint): bigint {
    const sharedValue = this.store.sharedValue();
    const current = this.store.share(key) ?? 0n;
    const denominator = this.store.denominator();
    const initialValue = asI64(this.valueOfShares(current));
    let actual = update;

    if (denominator === 0n) {
      // An empty pool: the first holder's shares equal its value.
      const shares = U64F64.saturatingFromInt(update);
      this.store.setDenominator(shares);
      this.store.setShare(key, shares);
    } else {
      const delta = this.sharesPerUpdate(update, sharedValue, denominator);
      if (delta >= 0n) {
        const bought = U64F64.saturatingFromFixed(I64F64, delta);
        this.store.setDenominator(U64F64.saturatingAdd(denominator, bought));
        this.store.setShare(key, U64F64.saturatingAdd(current, bought));
      } else {
        const sold = U64F64.saturatingFromFixed(I64F64, -delta);
        let nextDenominator = U64F64.saturatingSub(denominator, sold);
        let nextShare = U64F64.saturatingSub(current, sold);
        const horizon = U64F64.saturatingAdd(U64F64.fromInt(sharedValue), U64F64.fromInt(YEAR_OF_EMISSION));
        if (
          U64F64.safeDiv(nextShare, current) < DUST_REMAINDER ||
          U64F64.checkedDiv(horizon, nextDenominator) === undefined
        ) {
          nextShare = 0n;
          nextDenominator = U64F64.saturatingSub(denominator, current);
          actual = -initialValue;
        }
        this.store.setDenominator(nextDenominator);
        this.store.setShare(key, nextShare);
      }
    }
    this.updateValueForAll(actual);
    return actual;
  }
}
