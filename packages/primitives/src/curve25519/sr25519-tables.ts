// sr25519 verification (schnorrkel `verify_simple` with Substrate's context) for public keys that
// sign again and again — an axon's validators, a chain's busy accounts. The key's decoded point and
// its table stay in memory, so a check costs a transcript, 128 table additions and one encoding:
// about 2× faster than the schnorrkel build, which decodes the key and runs a full double-scalar
// multiplication every time. The answer is schnorrkel's: R == encode(s·B - k·A), compared as bytes.
// A table costs about two and a half checks to build, so keys earn one (`check`): several checks in
// a row, each soon after the previous one. A full cache gives a slot to a newcomer only from a key
// idle for a while. Callers rotating through many keys therefore never force a table build per check.
import { equalBytes } from '../bytes.js';
import { RistrettoTables, decodeRistretto } from './ristretto.js';
import { type Transcript, signingContext, sr25519Challenge } from './merlin.js';

interface Slot {
  readonly index: number;
  /** The check count (`#checks`) when the key was last used. */
  lastUse: number;
}

/** A key without a table: how regularly it has been checked lately. */
interface Candidate {
  lastCheck: number;
  /** Checks in a row, each within `#staleAfter` checks of the one before. */
  streak: number;
}

export class Sr25519KeyTables {
  readonly #tables = new RistrettoTables();
  readonly #context: Transcript = signingContext('substrate', this.#tables.keccak);
  /** Latin-1 key string → slot, least recently used first (re-inserted on use). */
  readonly #slots = new Map<string, Slot>();
  readonly #capacity: number;
  /** Checks after which a key counts as idle: it may lose its slot, and its streak starts over. */
  readonly #staleAfter: number;
  readonly #checksBeforeTable: number;
  readonly #candidates = new Map<string, Candidate>();
  #checks = 0;

  /** `capacity` tables of 40 KiB; a key gets one after `checksBeforeTable` regular checks. */
  constructor(capacity: number, checksBeforeTable = 8) {
    this.#capacity = capacity;
    this.#staleAfter = 4 * capacity;
    this.#checksBeforeTable = checksBeforeTable;
  }

  has(key: string): boolean {
    return this.#slots.has(key);
  }

  get size(): number {
    return this.#slots.size;
  }

  /**
   * Builds the table of `publicKey`. When full, the least recently used key gives up its slot if it
   * has been idle for 4 × capacity checks; otherwise, or when the bytes do not decode, no table is
   * made and the answer is false.
   */
  add(key: string, publicKey: Uint8Array): boolean {
    if (this.#slots.has(key)) return true;
    const full = this.#slots.size >= this.#capacity;
    const oldest = full ? this.#slots.entries().next().value : undefined;
    if (oldest !== undefined && this.#checks - oldest[1].lastUse < this.#staleAfter) return false;
    const point = decodeRistretto(publicKey);
    if (point === undefined) return false;
    if (oldest === undefined) {
      this.#slots.set(key, { index: this.#tables.addTable(point), lastUse: this.#checks });
      return true;
    }
    this.#slots.delete(oldest[0]);
    this.#tables.replaceTable(oldest[1].index, point);
    this.#slots.set(key, { index: oldest[1].index, lastUse: this.#checks });
    return true;
  }

  /**
   * `verify`, first building the key's table if the key has become regular (`checksBeforeTable`
   * checks in a row, each within 4 × capacity checks of the one before) and a slot is free or idle.
   * Undefined while the key has no table.
   */
  check(key: string, publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean | undefined {
    const answer = this.verify(key, publicKey, message, signature);
    if (answer !== undefined || !this.#regular(key) || !this.add(key, publicKey)) return answer;
    return this.verify(key, publicKey, message, signature);
  }

  /** Records a check of a key without a table; true once the key has earned one. */
  #regular(key: string): boolean {
    const now = this.#checks;
    const c = this.#candidates.get(key);
    if (c === undefined) {
      if (this.#candidates.size >= 4 * this.#staleAfter) {
        this.#candidates.delete(this.#candidates.keys().next().value as string);
      }
      this.#candidates.set(key, { lastCheck: now, streak: 1 });
      return false;
    }
    c.streak = now - c.lastCheck <= this.#staleAfter ? c.streak + 1 : 1;
    c.lastCheck = now;
    if (c.streak < this.#checksBeforeTable) return false;
    this.#candidates.delete(key);
    return true;
  }

  /**
   * Whether the 64-byte `signature` signs `message` for a key with a table (undefined for other
   * keys; every call counts as a check when measuring how long cached keys have been idle). The
   * signature must carry schnorrkel's marker and a scalar below 2^252, which is then canonical
   * (callers check).
   */
  verify(
    key: string,
    publicKey: Uint8Array,
    message: Uint8Array,
    signature: Uint8Array,
  ): boolean | undefined {
    const now = ++this.#checks;
    const slot = this.#slots.get(key);
    if (slot === undefined) return undefined;
    slot.lastUse = now;
    this.#slots.delete(key);
    this.#slots.set(key, slot);
    const r = signature.subarray(0, 32);
    const s = signature.slice(32, 64);
    s[31] = s[31]! & 0x7f;
    const k = sr25519Challenge(this.#context, message, publicKey, r);
    return equalBytes(this.#tables.encodeBaseMinusSlot(s, k, slot.index), r);
  }
}
