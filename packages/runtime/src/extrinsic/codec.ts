/**
 * UncheckedExtrinsic v4, as sp_runtime encodes it:
 *
 *   Compact<u32> length ‖ 0x84 ‖ MultiAddress ‖ MultiSignature ‖ explicit extension values ‖ RuntimeCall
 *   Compact<u32> length ‖ 0x04 ‖ RuntimeCall                                   (bare: inherents)
 *
 * The signature covers the signed payload: call ‖ explicit ‖ implicit extension values, or its
 * blake2-256 when that is longer than 256 bytes. Decoding is strict: the length prefix must match,
 * every part must decode canonically and nothing may follow the call.
 */
import {
  TaoError,
  blake2b256,
  concatBytes,
  cursorDecoder,
  decodeCompact,
  encodeCompact,
  type Cursor,
  type Keypair,
} from '@tao-ts/primitives';
import type { RuntimeCallValue } from '../frame/pallet.js';
import type { Runtime } from '../frame/runtime.js';
import type { AccountId, MultiAddressValue } from '../types/substrate.js';
import { encodeAny, type AnyType } from '../types/type.js';
import { IMMORTAL, type Era } from './era.js';
import {
  ADDRESS_TYPE,
  SIGNATURE_TYPE,
  SIGNED_EXTENSIONS,
  encodeExplicit,
  encodeImplicit,
  extraFromExplicit,
  type ExtrinsicExtra,
  type ImplicitInputs,
} from './extensions.js';
import type { MultiSignatureValue } from './signature.js';
import { EXTRINSIC_VERSION } from './types.js';

const SIGNED_BIT = 0b1000_0000;
/** Payloads longer than this are signed as their blake2-256 hash. */
const MAX_UNHASHED_PAYLOAD = 256;

/** Bytes that are not a valid extrinsic; `field` names the part at fault. */
export class ExtrinsicDecodeError extends TaoError {
  constructor(message: string, field: string, cause?: unknown) {
    super('EXTRINSIC_DECODE', message, cause === undefined ? { field } : { field, cause });
  }
}

export interface ExtrinsicSignature {
  readonly address: MultiAddressValue;
  readonly signature: MultiSignatureValue;
  readonly extra: ExtrinsicExtra;
}

export interface UncheckedExtrinsic {
  /** Absent for bare extrinsics (inherents). */
  readonly signature?: ExtrinsicSignature;
  readonly call: RuntimeCallValue;
}

export interface DecodedExtrinsic extends UncheckedExtrinsic {
  /** The call exactly as it appears in the extrinsic (what was signed). */
  readonly callBytes: Uint8Array;
  /** Encoded length, length prefix included: what the length fee is charged on. */
  readonly length: number;
}

function reason(cause: unknown): string {
  if (cause instanceof RangeError && /call stack/i.test(cause.message)) return 'nested too deeply';
  return cause instanceof Error ? cause.message : String(cause);
}

/** Decode one part at the cursor, naming it in any failure. */
function part<T>(c: Cursor, field: string, decode: (c: Cursor) => T): T {
  const at = c.i;
  try {
    const value = decode(c);
    if (c.i > c.length) throw new Error('read past the end of the input');
    return value;
  } catch (cause) {
    if (cause instanceof ExtrinsicDecodeError) throw cause;
    throw new ExtrinsicDecodeError(`extrinsic ${field} at byte ${at}: ${reason(cause)}`, field, cause);
  }
}

const decodeWith =
  (type: AnyType) =>
  (c: Cursor): unknown =>
    type.codec.dec(c);

interface Parsed {
  readonly signature?: ExtrinsicSignature;
  readonly call: RuntimeCallValue;
  readonly callStart: number;
}

function parser(runtime: Runtime): (bytes: Uint8Array) => Parsed {
  const callDecoder = decodeWith(runtime.callType);
  return cursorDecoder((c): Parsed => {
    const declared = part(c, 'length', (cur) => Number(decodeCompact(cur, 32, 'length')));
    const bodyStart = c.i;
    if (declared !== c.length - bodyStart) {
      throw new ExtrinsicDecodeError(
        `extrinsic length prefix says ${declared} bytes but ${c.length - bodyStart} follow it`,
        'length',
      );
    }
    const version = part(c, 'version', (cur) => {
      if (cur.i >= cur.length) throw new Error('missing version byte');
      return cur[cur.i++] as number;
    });
    if ((version & ~SIGNED_BIT) !== EXTRINSIC_VERSION) {
      throw new ExtrinsicDecodeError(
        `extrinsic version byte 0x${version.toString(16).padStart(2, '0')}: only v4 (0x04 bare, 0x84 signed) is supported`,
        'version',
      );
    }
    let signature: ExtrinsicSignature | undefined;
    if ((version & SIGNED_BIT) !== 0) {
      const address = part(c, 'address', decodeWith(ADDRESS_TYPE)) as MultiAddressValue;
      const sig = part(c, 'signature', decodeWith(SIGNATURE_TYPE)) as MultiSignatureValue;
      const values = SIGNED_EXTENSIONS.map((e) => part(c, `extension ${e.identifier}`, decodeWith(e.type)));
      signature = { address, signature: sig, extra: extraFromExplicit(values) };
    }
    const callStart = c.i;
    if (callStart >= c.length) throw new ExtrinsicDecodeError('extrinsic has no call', 'call');
    const call = part(c, 'call', callDecoder) as RuntimeCallValue;
    if (c.i !== c.length) {
      throw new ExtrinsicDecodeError(
        `extrinsic call ends at byte ${c.i} but the extrinsic has ${c.length}: trailing bytes`,
        'call',
      );
    }
    return signature === undefined ? { call, callStart } : { signature, call, callStart };
  });
}

const parsers = new WeakMap<Runtime, (bytes: Uint8Array) => Parsed>();

/** Decode an encoded extrinsic (length prefix included); throws ExtrinsicDecodeError. */
export function decodeExtrinsic(runtime: Runtime, bytes: Uint8Array): DecodedExtrinsic {
  let parse = parsers.get(runtime);
  if (parse === undefined) {
    parse = parser(runtime);
    parsers.set(runtime, parse);
  }
  // A fresh, exactly sized buffer: the decoders read through the underlying ArrayBuffer.
  const input = Uint8Array.from(bytes);
  let parsed: Parsed;
  try {
    parsed = parse(input);
  } catch (cause) {
    if (cause instanceof ExtrinsicDecodeError) throw cause;
    throw new ExtrinsicDecodeError(`extrinsic: ${reason(cause)}`, 'extrinsic', cause);
  }
  const callBytes = input.slice(parsed.callStart);
  const base = { call: parsed.call, callBytes, length: input.length };
  return parsed.signature === undefined ? base : { ...base, signature: parsed.signature };
}

function withLengthPrefix(body: Uint8Array): Uint8Array {
  return concatBytes(encodeCompact(body.length), body);
}

/** Encode an extrinsic (length prefix included). */
export function encodeExtrinsic(runtime: Runtime, xt: UncheckedExtrinsic): Uint8Array {
  const call = runtime.callType.codec.enc(xt.call);
  if (xt.signature === undefined)
    return withLengthPrefix(concatBytes(Uint8Array.of(EXTRINSIC_VERSION), call));
  const { address, signature, extra } = xt.signature;
  return withLengthPrefix(
    concatBytes(
      Uint8Array.of(EXTRINSIC_VERSION | SIGNED_BIT),
      encodeAny(ADDRESS_TYPE, address),
      encodeAny(SIGNATURE_TYPE, signature),
      encodeExplicit(extra),
      call,
    ),
  );
}

/** The bytes a signature covers: call ‖ explicit ‖ implicit, hashed when over 256 bytes. */
export function signedPayload(
  callBytes: Uint8Array,
  extra: ExtrinsicExtra,
  implicit: ImplicitInputs,
): Uint8Array {
  const payload = concatBytes(callBytes, encodeExplicit(extra), encodeImplicit(implicit));
  return payload.length > MAX_UNHASHED_PAYLOAD ? blake2b256(payload) : payload;
}

/** Anything that can sign as an account: a Keypair, or (ecdsa, hardware wallets) a custom signer. */
export interface ExtrinsicSigner {
  readonly accountId: AccountId;
  signPayload(payload: Uint8Array): MultiSignatureValue;
}

export function keypairSigner(pair: Keypair): ExtrinsicSigner {
  return {
    accountId: pair.publicKey,
    signPayload: (payload) => ({
      tag: pair.type === 'sr25519' ? 'Sr25519' : 'Ed25519',
      value: pair.sign(payload),
    }),
  };
}

export interface SignExtrinsicOptions {
  readonly call: RuntimeCallValue;
  readonly signer: Keypair | ExtrinsicSigner;
  readonly nonce: number;
  readonly genesisHash: Uint8Array;
  /** Default immortal. */
  readonly era?: Era;
  /** Hash of the era's birth block; required for mortal eras (immortal ones sign the genesis hash). */
  readonly birthHash?: Uint8Array;
  readonly tip?: bigint;
  /** Default: the runtime's own versions. */
  readonly specVersion?: number;
  readonly transactionVersion?: number;
  /** Sign with CheckMetadataHash enabled over this hash (this runtime itself refuses mode Enabled). */
  readonly metadataHash?: Uint8Array;
}

/** A signed extrinsic, encoded and ready for author_submitExtrinsic. */
export function signExtrinsic(runtime: Runtime, options: SignExtrinsicOptions): Uint8Array {
  const era = options.era ?? IMMORTAL;
  const birthHash = era.kind === 'immortal' ? options.genesisHash : options.birthHash;
  if (birthHash === undefined) throw new TypeError('signExtrinsic: a mortal era needs birthHash');
  const signer = 'signPayload' in options.signer ? options.signer : keypairSigner(options.signer);
  const extra: ExtrinsicExtra = {
    era,
    nonce: options.nonce,
    tip: options.tip ?? 0n,
    metadataHashMode: options.metadataHash === undefined ? 'Disabled' : 'Enabled',
  };
  const implicit: ImplicitInputs = {
    specVersion: options.specVersion ?? runtime.version.specVersion,
    transactionVersion: options.transactionVersion ?? runtime.version.transactionVersion,
    genesisHash: options.genesisHash,
    birthHash,
    ...(options.metadataHash === undefined ? {} : { metadataHash: options.metadataHash }),
  };
  const payload = signedPayload(runtime.callType.codec.enc(options.call), extra, implicit);
  return encodeExtrinsic(runtime, {
    call: options.call,
    signature: {
      address: { tag: 'Id', value: signer.accountId },
      signature: signer.signPayload(payload),
      extra,
    },
  });
}
