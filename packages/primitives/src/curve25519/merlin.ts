// Merlin transcripts (STROBE-128 over Keccak-f[1600], the subset Merlin uses) and the sr25519
// challenge of schnorrkel's `verify_simple` with a signing context:
//   Transcript("SigningContext"); append("", context); append("sign-bytes", message);
//   append("proto-name", "Schnorr-sig"); append("sign:pk", A); append("sign:R", R);
//   k = challenge("sign:c", 64 bytes) reduced mod ℓ.
import { keccakP } from '@noble/hashes/sha3.js';
import { bigintFromLe, bigintToLe, utf8 } from '../bytes.js';

const RATE = 166;
const FLAG_I = 1;
const FLAG_A = 2;
const FLAG_C = 4;
const FLAG_M = 16;
const FLAG_K = 32;

/** Keccak-f[1600] in place on 200 state bytes (lanes little-endian). */
export type Permutation = (state: Uint8Array) => void;

const littleEndian = new Uint8Array(Uint32Array.of(1).buffer)[0] === 1;

/** The permutation in JavaScript (@noble/hashes), for little-endian hosts. */
export const keccakJs: Permutation = (state) => {
  if (!littleEndian) throw new Error('keccakJs: needs a little-endian host');
  keccakP(new Uint32Array(state.buffer, state.byteOffset, 50), 24);
};

export class Strobe128 {
  readonly #state: Uint8Array;
  readonly #permute: Permutation;
  #pos = 0;
  #posBegin = 0;
  #flags = 0;

  private constructor(state: Uint8Array, permute: Permutation) {
    this.#state = state;
    this.#permute = permute;
  }

  static create(protocolLabel: Uint8Array, permute: Permutation): Strobe128 {
    const s = new Strobe128(new Uint8Array(200), permute);
    s.#state.set([1, RATE + 2, 1, 0, 1, 96]);
    s.#state.set(utf8('STROBEv1.0.2'), 6);
    permute(s.#state);
    s.metaAd(protocolLabel, false);
    return s;
  }

  clone(): Strobe128 {
    const s = new Strobe128(this.#state.slice(), this.#permute);
    s.#pos = this.#pos;
    s.#posBegin = this.#posBegin;
    s.#flags = this.#flags;
    return s;
  }

  metaAd(data: Uint8Array, more: boolean): void {
    this.#beginOp(FLAG_M | FLAG_A, more);
    this.#absorb(data);
  }

  /** meta-AD, continued, of a 32-bit little-endian length (Merlin frames every message with one). */
  metaAdLength(length: number): void {
    this.#beginOp(FLAG_M | FLAG_A, true);
    this.#absorbByte(length & 0xff);
    this.#absorbByte((length >>> 8) & 0xff);
    this.#absorbByte((length >>> 16) & 0xff);
    this.#absorbByte(length >>> 24);
  }

  ad(data: Uint8Array, more: boolean): void {
    this.#beginOp(FLAG_A, more);
    this.#absorb(data);
  }

  prf(length: number, more: boolean): Uint8Array {
    this.#beginOp(FLAG_I | FLAG_A | FLAG_C, more);
    const out = new Uint8Array(length);
    const st = this.#state;
    for (let i = 0; i < length; i++) {
      out[i] = st[this.#pos]!;
      st[this.#pos] = 0;
      if (++this.#pos === RATE) this.#runF();
    }
    return out;
  }

  #runF(): void {
    const st = this.#state;
    st[this.#pos] = st[this.#pos]! ^ this.#posBegin;
    st[this.#pos + 1] = st[this.#pos + 1]! ^ 0x04;
    st[RATE + 1] = st[RATE + 1]! ^ 0x80;
    this.#permute(st);
    this.#pos = 0;
    this.#posBegin = 0;
  }

  #absorbByte(byte: number): void {
    this.#state[this.#pos] = this.#state[this.#pos]! ^ byte;
    if (++this.#pos === RATE) this.#runF();
  }

  #absorb(data: Uint8Array): void {
    const st = this.#state;
    for (let i = 0; i < data.length; i++) {
      st[this.#pos] = st[this.#pos]! ^ data[i]!;
      if (++this.#pos === RATE) this.#runF();
    }
  }

  #beginOp(flags: number, more: boolean): void {
    if (more) {
      if (flags !== this.#flags)
        throw new Error(`Strobe128: continued operation ${flags} after ${this.#flags}`);
      return;
    }
    const oldBegin = this.#posBegin;
    this.#posBegin = this.#pos + 1;
    this.#flags = flags;
    this.#absorbByte(oldBegin);
    this.#absorbByte(flags);
    if ((flags & (FLAG_C | FLAG_K)) !== 0 && this.#pos !== 0) this.#runF();
  }
}

export class Transcript {
  private constructor(readonly strobe: Strobe128) {}

  static create(label: string, permute: Permutation = keccakJs): Transcript {
    const t = new Transcript(Strobe128.create(utf8('Merlin v1.0'), permute));
    t.append(utf8('dom-sep'), utf8(label));
    return t;
  }

  clone(): Transcript {
    return new Transcript(this.strobe.clone());
  }

  append(label: Uint8Array, message: Uint8Array): void {
    this.strobe.metaAd(label, false);
    this.strobe.metaAdLength(message.length);
    this.strobe.ad(message, false);
  }

  challenge(label: Uint8Array, length: number): Uint8Array {
    this.strobe.metaAd(label, false);
    this.strobe.metaAdLength(length);
    return this.strobe.prf(length, false);
  }
}

/** ℓ, the order of the ristretto255 group. */
export const GROUP_ORDER = (1n << 252n) + 27742317777372353535851937790883648493n;

const LABEL = {
  signBytes: utf8('sign-bytes'),
  protoName: utf8('proto-name'),
  schnorrSig: utf8('Schnorr-sig'),
  pk: utf8('sign:pk'),
  r: utf8('sign:R'),
  c: utf8('sign:c'),
};

/** The transcript after `SigningContext` and `context`: the common start of every challenge. */
export function signingContext(context: string, permute: Permutation = keccakJs): Transcript {
  const t = Transcript.create('SigningContext', permute);
  t.append(new Uint8Array(0), utf8(context));
  return t;
}

/**
 * The 32-byte little-endian challenge scalar k of an sr25519 signature (R = its first 32 bytes),
 * from the transcript `signingContext` made.
 */
export function sr25519Challenge(
  context: Transcript,
  message: Uint8Array,
  publicKey: Uint8Array,
  signatureR: Uint8Array,
): Uint8Array {
  const t = context.clone();
  t.append(LABEL.signBytes, message);
  t.append(LABEL.protoName, LABEL.schnorrSig);
  t.append(LABEL.pk, publicKey);
  t.append(LABEL.r, signatureR);
  const wide = t.challenge(LABEL.c, 64);
  return bigintToLe(bigintFromLe(wide) % GROUP_ORDER, 32);
}
