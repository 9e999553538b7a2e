/**
 * What the extrinsic format declares for metadata: the signed (transaction) extensions in the
 * order they are encoded, each with the type it adds to the extrinsic (`type`) and the type it
 * adds to the signed payload only (`additionalSigned`).
 */
import type { AnyType } from '../types/type.js';

export interface SignedExtensionDecl {
  /** Substrate's identifier, as clients match it: `CheckMortality`, `CheckNonce`… */
  readonly identifier: string;
  /** Encoded in the extrinsic after the signature (unit when nothing). */
  readonly type: AnyType;
  /** Encoded only in the signed payload (unit when nothing). */
  readonly additionalSigned: AnyType;
}

/** Extrinsic format version: v4 (bare or signed, with the 0x80 signed bit). */
export const EXTRINSIC_VERSION = 4;
