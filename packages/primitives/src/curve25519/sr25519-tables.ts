// sr25519 verification (schnorrkel `verify_simple` with Substrate's context) for public keys that
// sign again and again — an axon's validators, a chain's busy accounts. The key's decoded point and
// its table stay in memory, so a check costs a transcript, 128 table additions and one encoding:
// about 2.5× faster than the schnorrkel build, which decodes the key and runs a full double-scalar
// multiplication every time. The answer is schnorrkel's: R == encode(s·B - k·A), compared as bytes.
import { RistrettoTables, decodeRistretto } from './ristretto.js';
import { type Transcript, signingContext, sr25519Challenge } from './merlin.js';

export class Sr25519KeyTables {
  readonly #tables = new RistrettoTables();
  readonly #context: Transcript = signingContext('substrate', this.#tables.keccak);
  /** Latin-1 key string → slot, oldest first (re-inserted on use). */
  readonly #slots = new Map<string, number>();
  readonly #capacity: number;

  constructor(capacity: number) {
    this.#capacity = capacity;
  }

  has(key: string): boolean {
    return this.#slots.has(key);
  }

  get size(): number {
    return this.#slots.size;
  }

  /**
   * Builds the table of `publicKey`, evicting the least recently used key when full. False when the
   * key does not decode (then no table is kept).
   */
  add(key: string, publicKey: Uint8Array): boolean {
    if (this.#slots.has(key)) return true;
    const point = decodeRistretto(publicKey);
    if (point === undefined) return false;
    if (this.#slots.size < this.#capacity) {
      this.#slots.set(key, this.#tables.addTable(point));
      return true;
    }
    const [oldestKey, slot] = this.#slots.entries().next().value as [string, number];
    this.#slots.delete(oldestKey);
    this.#tables.replaceTable(slot, point);
    this.#slots.set(key, slot);
    return true;
  }

  /**
   * Whether the 64-byte `signature` signs `message` for a key with a table (undefined for other
   * keys). The signature must carry schnorrkel's marker and a scalar below 2^252 (callers check;
   * such a scalar is canonical).
   */
  verify(
    key: string,
    publicKey: Uint8Array,
    message: Uint8Array,
    signature: Uint8Array,
  ): boolean | undefined {
    const slot = this.#slots.get(key);
    if (slot === undefined) return undefined;
    this.#slots.delete(key);
    this.#slots.set(key, slot);
    const r = signature.subarray(0, 32);
    const s = signature.slice(32, 64);
    s[31] = s[31]! & 0x7f;
    const k = sr25519Challenge(this.#context, message, publicKey, r);
    const expected = this.#tables.encodeBaseMinusSlot(s, k, slot);
    for (let i = 0; i < 32; i++) if (expected[i] !== r[i]) return false;
    return true;
  }
}
