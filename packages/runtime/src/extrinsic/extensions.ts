/**
 * Subtensor's transaction extensions (runtime/src/lib.rs `TxExtension`), in encoding order:
 * SystemTxExtension (CheckNonZeroSender, CheckSpecVersion, CheckTxVersion, CheckGenesis,
 * CheckMortality, CheckNonce, CheckWeight), CustomTxExtension (ChargeTransactionPaymentWrapper,
 * SudoTransactionExtension, CheckShieldedTxValidity, SubtensorTransactionExtension, DrandPriority)
 * and CheckMetadataHash. Each declares the value it adds to the extrinsic (explicit) and the value
 * it adds only to the signed payload (implicit), with the scale-info shapes subtensor's metadata
 * has, so clients that build extrinsics from metadata produce exactly what this runtime decodes.
 */
import { concatBytes } from '@tao-ts/primitives';
import { tupleOf } from '../metadata/runtime-types.js';
import { H256, MultiAddressType } from '../types/substrate.js';
import {
  compact,
  encodeAny,
  enumType,
  fixedBytes,
  option,
  struct,
  u32,
  u64,
  unit,
  type AnyType,
  type Type,
} from '../types/type.js';
import { EraType, type Era } from './era.js';
import { MultiSignatureType } from './signature.js';
import type { SignedExtensionDecl } from './types.js';

export type MetadataHashMode = 'Disabled' | 'Enabled';

/** The explicit values a signed extrinsic carries besides address and signature. */
export interface ExtrinsicExtra {
  readonly era: Era;
  readonly nonce: number;
  readonly tip: bigint;
  /** CheckMetadataHash's mode: Enabled signs the runtime's metadata hash as well. */
  readonly metadataHashMode: MetadataHashMode;
}

/** What the implicit (signed-only) values are made of. */
export interface ImplicitInputs {
  readonly specVersion: number;
  readonly transactionVersion: number;
  readonly genesisHash: Uint8Array;
  /** Hash of the era's birth block (the genesis block for immortal transactions). */
  readonly birthHash: Uint8Array;
  /** The metadata hash, required when the mode is Enabled. */
  readonly metadataHash?: Uint8Array;
}

type Draft = { -readonly [K in keyof ExtrinsicExtra]?: ExtrinsicExtra[K] };

export interface SignedExtensionSpec extends SignedExtensionDecl {
  /** This extension's explicit value for an extrinsic. */
  readonly explicit: (extra: ExtrinsicExtra) => unknown;
  /** Record a decoded explicit value (extensions without one have nothing to record). */
  readonly read?: (value: unknown, into: Draft) => void;
  readonly implicit: (inputs: ImplicitInputs) => unknown;
}

/** The runtime type itself, as a type parameter of extensions that do not skip it. */
const RuntimeMarker: Type<undefined> = {
  codec: unit.codec,
  info: { kind: 'composite', path: ['node_subtensor_runtime', 'Runtime'], fields: [] },
  name: 'Runtime',
};

/** A zero-sized extension: a composite with no fields whose only parameter is the runtime. */
function marker(path: readonly string[], runtimeParam: 'skipped' | 'typed'): Type<undefined> {
  return {
    codec: unit.codec,
    info: {
      kind: 'composite',
      path,
      params: [runtimeParam === 'typed' ? { name: 'T', type: RuntimeMarker } : { name: 'T' }],
      fields: [],
    },
    name: path[path.length - 1] ?? 'extension',
  };
}

/** A tuple struct with one field (PhantomData fields do not appear in scale-info). */
function wrapper<T>(path: readonly string[], inner: Type<T>, typeName: string): Type<T> {
  return {
    codec: inner.codec,
    info: { kind: 'composite', path, params: [{ name: 'T' }], fields: [{ type: inner, typeName }] },
    name: path[path.length - 1] ?? inner.name,
  };
}

const system = (module: string, name: string): string[] => ['frame_system', 'extensions', module, name];
const subtensorRuntime = (module: string, name: string): string[] => ['node_subtensor_runtime', module, name];

export const MetadataHashModeType = enumType<{ tag: MetadataHashMode; value: undefined }>(
  ['frame_metadata_hash_extension', 'Mode'],
  [{ name: 'Disabled' }, { name: 'Enabled' }],
);

const CheckMetadataHashType: Type<{ mode: { tag: MetadataHashMode; value: undefined } }> = (() => {
  const plain = struct<{ mode: { tag: MetadataHashMode; value: undefined } }>(
    ['frame_metadata_hash_extension', 'CheckMetadataHash'],
    [['mode', MetadataHashModeType, 'Mode']],
  );
  return plain.info.kind === 'composite'
    ? { ...plain, info: { ...plain.info, params: [{ name: 'T' }] } }
    : plain;
})();

export const MetadataHashImplicitType = option(fixedBytes(32));

const nothing = (): undefined => undefined;

function ext(
  identifier: string,
  type: AnyType,
  additionalSigned: AnyType,
  parts: Pick<SignedExtensionSpec, 'explicit' | 'implicit'> & Partial<Pick<SignedExtensionSpec, 'read'>>,
): SignedExtensionSpec {
  return { identifier, type, additionalSigned, ...parts };
}

export const SIGNED_EXTENSIONS: readonly SignedExtensionSpec[] = [
  ext('CheckNonZeroSender', marker(system('check_non_zero_sender', 'CheckNonZeroSender'), 'skipped'), unit, {
    explicit: nothing,
    implicit: nothing,
  }),
  ext('CheckSpecVersion', marker(system('check_spec_version', 'CheckSpecVersion'), 'skipped'), u32, {
    explicit: nothing,
    implicit: (i) => i.specVersion,
  }),
  ext('CheckTxVersion', marker(system('check_tx_version', 'CheckTxVersion'), 'skipped'), u32, {
    explicit: nothing,
    implicit: (i) => i.transactionVersion,
  }),
  ext('CheckGenesis', marker(system('check_genesis', 'CheckGenesis'), 'skipped'), H256, {
    explicit: nothing,
    implicit: (i) => i.genesisHash,
  }),
  // Subtensor's own CheckMortality: the same identifier and encoding as frame_system's.
  ext(
    'CheckMortality',
    wrapper(subtensorRuntime('check_mortality', 'CheckMortality'), EraType, 'Era'),
    H256,
    {
      explicit: (x) => x.era,
      read: (value, into) => {
        into.era = value as Era;
      },
      implicit: (i) => i.birthHash,
    },
  ),
  ext('CheckNonce', wrapper(subtensorRuntime('check_nonce', 'CheckNonce'), compact(u32), 'T::Nonce'), unit, {
    explicit: (x) => x.nonce,
    read: (value, into) => {
      into.nonce = value as number;
    },
    implicit: nothing,
  }),
  ext('CheckWeight', marker(system('check_weight', 'CheckWeight'), 'skipped'), unit, {
    explicit: nothing,
    implicit: nothing,
  }),
  // ChargeTransactionPaymentWrapper reports pallet_transaction_payment's metadata (identifier and
  // type), and encodes as the wrapped ChargeTransactionPayment: the tip as Compact<Balance>.
  ext(
    'ChargeTransactionPayment',
    wrapper(['pallet_transaction_payment', 'ChargeTransactionPayment'], compact(u64), 'BalanceOf<T>'),
    unit,
    {
      explicit: (x) => x.tip,
      read: (value, into) => {
        into.tip = value as bigint;
      },
      implicit: nothing,
    },
  ),
  ext(
    'SudoTransactionExtension',
    marker(subtensorRuntime('sudo_wrapper', 'SudoTransactionExtension'), 'typed'),
    unit,
    { explicit: nothing, implicit: nothing },
  ),
  ext(
    'CheckShieldedTxValidity',
    marker(['pallet_shield', 'extension', 'CheckShieldedTxValidity'], 'typed'),
    unit,
    { explicit: nothing, implicit: nothing },
  ),
  ext(
    'SubtensorTransactionExtension',
    marker(['pallet_subtensor', 'extensions', 'subtensor', 'SubtensorTransactionExtension'], 'typed'),
    unit,
    { explicit: nothing, implicit: nothing },
  ),
  ext('DrandPriority', marker(['pallet_drand', 'drand_priority', 'DrandPriority'], 'typed'), unit, {
    explicit: nothing,
    implicit: nothing,
  }),
  ext('CheckMetadataHash', CheckMetadataHashType, MetadataHashImplicitType, {
    explicit: (x) => ({ mode: { tag: x.metadataHashMode, value: undefined } }),
    read: (value, into) => {
      into.metadataHashMode = (value as { mode: { tag: MetadataHashMode } }).mode.tag;
    },
    implicit: (i) => i.metadataHash,
  }),
];

/** The address type of signed extrinsics: MultiAddress<AccountId32, ()>. */
export const ADDRESS_TYPE = MultiAddressType;
/** The signature type of signed extrinsics. */
export const SIGNATURE_TYPE = MultiSignatureType;

/**
 * The extension type as subtensor nests it, (SystemTxExtension, CustomTxExtension,
 * CheckMetadataHash): metadata's `Extra` parameter of UncheckedExtrinsic. Nesting does not change
 * the encoding, which is the explicit values one after another.
 */
export const TX_EXTENSION_TYPE: AnyType = (() => {
  const types = SIGNED_EXTENSIONS.map((e) => e.type);
  return tupleOf([tupleOf(types.slice(0, 7)), tupleOf(types.slice(7, 12)), types[12] as AnyType]);
})();

/** The explicit values, as they follow the signature in a signed extrinsic. */
export function encodeExplicit(extra: ExtrinsicExtra): Uint8Array {
  return concatBytes(...SIGNED_EXTENSIONS.map((e) => encodeAny(e.type, e.explicit(extra))));
}

/** The implicit values, as they follow the explicit ones in the signed payload. */
export function encodeImplicit(inputs: ImplicitInputs): Uint8Array {
  return concatBytes(...SIGNED_EXTENSIONS.map((e) => encodeAny(e.additionalSigned, e.implicit(inputs))));
}

/** Assemble the extra from values decoded in SIGNED_EXTENSIONS order. */
export function extraFromExplicit(values: readonly unknown[]): ExtrinsicExtra {
  const draft: Draft = {};
  SIGNED_EXTENSIONS.forEach((e, i) => e.read?.(values[i], draft));
  const { era, nonce, tip, metadataHashMode } = draft;
  if (era === undefined || nonce === undefined || tip === undefined || metadataHashMode === undefined) {
    throw new Error('SIGNED_EXTENSIONS must read era, nonce, tip and metadata hash mode');
  }
  return { era, nonce, tip, metadataHashMode };
}
