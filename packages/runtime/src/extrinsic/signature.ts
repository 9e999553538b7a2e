/**
 * sp_runtime::MultiSignature, the extrinsic signature type, and its verification against an
 * AccountId32 as MultiSignature::verify does: ed25519 and sr25519 check against the account as a
 * public key; ecdsa recovers the compressed public key from blake2_256(message) and compares its
 * blake2_256 with the account.
 */
import { secp256k1 } from '@noble/curves/secp256k1';
import { blake2b256, concatBytes, equalBytes, toHex, verifySignature } from '@tao-ts/primitives';
import type { AccountId } from '../types/substrate.js';
import { enumType, fixedBytes, type Type, type TypeInfo } from '../types/type.js';

export type MultiSignatureValue =
  | { readonly tag: 'Ed25519'; readonly value: Uint8Array }
  | { readonly tag: 'Sr25519'; readonly value: Uint8Array }
  | { readonly tag: 'Ecdsa'; readonly value: Uint8Array };

const VARIANTS = [
  { name: 'Ed25519', type: fixedBytes(64), typeName: 'ed25519::Signature' },
  { name: 'Sr25519', type: fixedBytes(64), typeName: 'sr25519::Signature' },
  { name: 'Ecdsa', type: fixedBytes(65), typeName: 'ecdsa::Signature' },
] as const;

const plain = enumType<MultiSignatureValue>(
  ['sp_runtime', 'MultiSignature'],
  VARIANTS.map(({ name, type }) => ({ name, fields: type })),
);

// Same codec; the scale-info fields also carry their Rust type names, as metadata shows them.
const info: TypeInfo =
  plain.info.kind === 'variant'
    ? {
        ...plain.info,
        variants: plain.info.variants.map((v, i) => ({
          ...v,
          fields: v.fields.map((f) => ({ ...f, typeName: VARIANTS[i]?.typeName ?? '' })),
        })),
      }
    : plain.info;

export const MultiSignatureType: Type<MultiSignatureValue> = { ...plain, info };

/** ecdsa: recover the signer from the 65-byte r ‖ s ‖ v signature over blake2_256(message). */
function ecdsaSigner(signature: Uint8Array, message: Uint8Array): Uint8Array | undefined {
  const v = signature[64] as number;
  // sp_io accepts v as 0…3 or Ethereum's 27…30.
  const recovery = v > 26 ? v - 27 : v;
  if (recovery > 3) return undefined;
  try {
    const sig = secp256k1.Signature.fromCompact(signature.subarray(0, 64)).addRecoveryBit(recovery);
    const publicKey = sig.recoverPublicKey(blake2b256(message)).toRawBytes(true);
    return blake2b256(publicKey);
  } catch {
    // An r or s out of range, or no point for this r: not a valid signature.
    return undefined;
  }
}

/** MultiSignature::verify: whether `signature` signs `message` for `signer`. Never throws. */
export function verifyMultiSignature(
  signature: MultiSignatureValue,
  message: Uint8Array,
  signer: AccountId,
): boolean {
  try {
    switch (signature.tag) {
      case 'Sr25519':
        return verifySignature(message, signature.value, signer, 'sr25519');
      case 'Ed25519':
        return verifySignature(message, signature.value, signer, 'ed25519');
      case 'Ecdsa': {
        const recovered = ecdsaSigner(signature.value, message);
        return recovered !== undefined && equalBytes(recovered, signer);
      }
    }
  } catch {
    // A signer that is not a curve point verifies nothing.
    return false;
  }
}

/** How extrinsic checks verify a signature; MultiSignature::verify unless a context says otherwise. */
export type SignatureVerifier = (
  signature: MultiSignatureValue,
  message: Uint8Array,
  signer: AccountId,
) => boolean;

const SIGNATURE_TAGS: Readonly<Record<MultiSignatureValue['tag'], number>> = {
  Ed25519: 0,
  Sr25519: 1,
  Ecdsa: 2,
};

/** What VerifiedSignatures keys a verification by: a hash of everything verification depends on. */
export function signatureKey(signature: MultiSignatureValue, message: Uint8Array, signer: AccountId): string {
  const tag = Uint8Array.of(SIGNATURE_TAGS[signature.tag]);
  return toHex(blake2b256(concatBytes(tag, signer, signature.value, message)));
}

/** What VerifiedSignatures last confirmed for one signature array: copies, compared byte for byte. */
interface RecentVerification {
  readonly tag: MultiSignatureValue['tag'];
  readonly signature: Uint8Array;
  readonly signer: Uint8Array;
  readonly message: Uint8Array;
}

/**
 * Remembers signatures that verified, so a transaction checked when it entered the pool is not
 * verified again when its block is built, nor when the pool revalidates it. Verification is a pure
 * function of (scheme, signer, signature, message), so an entry is keyed by a hash of exactly
 * those: a tampered byte anywhere, or the same extrinsic signed over other implicit values (genesis,
 * birth block, runtime versions), misses and is verified in full. Failures are never remembered.
 * The oldest entries go first once `capacity` is reached.
 */
export class VerifiedSignatures {
  private readonly verified = new Set<string>();
  /**
   * A node checks one decoded extrinsic several times (pool admission, revalidation, its block),
   * handing over the same signature array each time. For that array the last verified
   * (scheme, signer, signature, message) is kept as copies: equal bytes are the same verification
   * as a signatureKey hit, found without hashing. Anything else takes the keyed path.
   */
  private readonly recent = new WeakMap<Uint8Array, RecentVerification>();
  private counts = { hits: 0, misses: 0 };

  constructor(readonly capacity = 65_536) {
    if (!Number.isSafeInteger(capacity) || capacity < 1)
      throw new RangeError(`VerifiedSignatures: capacity must be a positive integer, got ${capacity}`);
  }

  get size(): number {
    return this.verified.size;
  }

  /** Lookups answered from the cache, and those that ran a verification. */
  get stats(): { readonly hits: number; readonly misses: number } {
    return { ...this.counts };
  }

  /**
   * Record the signatureKey of a signature that MultiSignature::verify accepted elsewhere
   * (another thread). Only for that: whatever is recorded is taken as verified.
   */
  recordVerified(key: string): void {
    if (this.verified.has(key)) return;
    if (this.verified.size >= this.capacity) {
      const oldest = this.verified.values().next();
      if (oldest.done !== true) this.verified.delete(oldest.value);
    }
    this.verified.add(key);
  }

  readonly verify: SignatureVerifier = (signature, message, signer) => {
    const recent = this.recent.get(signature.value);
    if (
      recent !== undefined &&
      recent.tag === signature.tag &&
      equalBytes(recent.signature, signature.value) &&
      equalBytes(recent.signer, signer) &&
      equalBytes(recent.message, message)
    ) {
      this.counts.hits += 1;
      return true;
    }
    const key = signatureKey(signature, message, signer);
    if (this.verified.has(key)) {
      this.counts.hits += 1;
      this.remember(signature, message, signer);
      return true;
    }
    this.counts.misses += 1;
    if (!verifyMultiSignature(signature, message, signer)) return false;
    this.recordVerified(key);
    this.remember(signature, message, signer);
    return true;
  };

  private remember(signature: MultiSignatureValue, message: Uint8Array, signer: AccountId): void {
    this.recent.set(signature.value, {
      tag: signature.tag,
      signature: signature.value.slice(),
      signer: signer.slice(),
      message: message.slice(),
    });
  }
}
