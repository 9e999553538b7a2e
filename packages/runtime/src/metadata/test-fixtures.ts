/**
 * Test fixtures for the metadata tests: subtensor's transaction extension list (TxExtension =
 * SystemTxExtension + CustomTxExtension + CheckMetadataHash, flattened as the metadata lists it),
 * its Era and MultiSignature, described as subtensor's metadata describes them; and the runtime's
 * metadata built with them (and with the extrinsic module's own list, when it exports one).
 */
import { metadataApi } from '../api/metadata-api.js';
import type { RuntimeApiDecl } from '../api/types.js';
import { createRuntime, type TaoRuntime } from '../chain.js';
import type { SignedExtensionDecl } from '../extrinsic/types.js';
import { H256, MultiAddressType } from '../types/substrate.js';
import { buildMetadata, type MetadataInput, type RuntimeMetadataBytes } from './build.js';
import {
  compact,
  enumType,
  fixedBytes,
  newtype,
  option,
  struct,
  u32,
  u64,
  u8,
  unit,
  type AnyType,
  type VariantSpec,
} from '../types/type.js';

/** sp_runtime::generic::era::Era: Immortal, or MortalN(u8) for the first byte N of a mortal era. */
export const TestEra = enumType(
  ['sp_runtime', 'generic', 'era', 'Era'],
  [
    { name: 'Immortal', index: 0 },
    ...Array.from({ length: 255 }, (_, k): VariantSpec => ({
      name: `Mortal${k + 1}`,
      index: k + 1,
      fields: u8,
    })),
  ],
);

export const TestMultiSignature = enumType(
  ['sp_runtime', 'MultiSignature'],
  [
    { name: 'Ed25519', fields: [['', fixedBytes(64), 'ed25519::Signature']] },
    { name: 'Sr25519', fields: [['', fixedBytes(64), 'sr25519::Signature']] },
    { name: 'Ecdsa', fields: [['', fixedBytes(65), 'ecdsa::Signature']] },
  ],
);

/** An extension that adds nothing to the extrinsic (a PhantomData struct). */
function marker(path: readonly string[]): AnyType {
  return struct(path, []);
}

const ext = (identifier: string, type: AnyType, additionalSigned: AnyType = unit): SignedExtensionDecl => ({
  identifier,
  type,
  additionalSigned,
});

const MetadataHashMode = enumType(
  ['frame_metadata_hash_extension', 'Mode'],
  [{ name: 'Disabled' }, { name: 'Enabled' }],
);

const ChargeTransactionPayment = newtype(
  ['pallet_transaction_payment', 'ChargeTransactionPayment'],
  compact(u64),
);

/** subtensor's TxExtension, in encoding order. */
export const TEST_SIGNED_EXTENSIONS: readonly SignedExtensionDecl[] = [
  ext(
    'CheckNonZeroSender',
    marker(['frame_system', 'extensions', 'check_non_zero_sender', 'CheckNonZeroSender']),
  ),
  ext(
    'CheckSpecVersion',
    marker(['frame_system', 'extensions', 'check_spec_version', 'CheckSpecVersion']),
    u32,
  ),
  ext('CheckTxVersion', marker(['frame_system', 'extensions', 'check_tx_version', 'CheckTxVersion']), u32),
  ext('CheckGenesis', marker(['frame_system', 'extensions', 'check_genesis', 'CheckGenesis']), H256),
  ext(
    'CheckMortality',
    newtype(['node_subtensor_runtime', 'check_mortality', 'CheckMortality'], TestEra),
    H256,
  ),
  ext('CheckNonce', newtype(['node_subtensor_runtime', 'check_nonce', 'CheckNonce'], compact(u32))),
  ext('CheckWeight', marker(['frame_system', 'extensions', 'check_weight', 'CheckWeight'])),
  // ChargeTransactionPaymentWrapper reports the wrapped extension's metadata.
  ext('ChargeTransactionPayment', ChargeTransactionPayment),
  ext(
    'SudoTransactionExtension',
    marker(['node_subtensor_runtime', 'sudo_wrapper', 'SudoTransactionExtension']),
  ),
  ext('CheckShieldedTxValidity', marker(['pallet_shield', 'extension', 'CheckShieldedTxValidity'])),
  ext(
    'SubtensorTransactionExtension',
    marker(['pallet_subtensor', 'extensions', 'subtensor', 'SubtensorTransactionExtension']),
  ),
  ext('DrandPriority', marker(['pallet_drand', 'drand_priority', 'DrandPriority'])),
  ext(
    'CheckMetadataHash',
    struct(['frame_metadata_hash_extension', 'CheckMetadataHash'], [['mode', MetadataHashMode, 'Mode']]),
    option(fixedBytes(32)),
  ),
];

export interface ExtensionSet {
  readonly label: string;
  readonly extensions: readonly SignedExtensionDecl[];
  readonly signature: AnyType;
}

function isExtensionList(value: unknown): value is readonly SignedExtensionDecl[] {
  return (
    Array.isArray(value) &&
    value.length > 0 &&
    value.every((e) => typeof e === 'object' && e !== null && 'identifier' in e && 'additionalSigned' in e)
  );
}

function isMultiSignature(value: unknown): value is AnyType {
  if (typeof value !== 'object' || value === null || !('info' in value)) return false;
  const info = (value as AnyType).info;
  return info.kind === 'variant' && info.path.join('::') === 'sp_runtime::MultiSignature';
}

/**
 * The local list, and the extrinsic module's list if it exports one (found by shape, so these
 * tests hold whichever way that module names it).
 */
export async function extensionSets(): Promise<ExtensionSet[]> {
  const sets: ExtensionSet[] = [
    {
      label: 'subtensor TxExtension (fixture)',
      extensions: TEST_SIGNED_EXTENSIONS,
      signature: TestMultiSignature,
    },
  ];
  const specifier = '../extrinsic/extensions.js';
  const loaded: unknown = await import(specifier).catch(() => undefined);
  if (typeof loaded === 'object' && loaded !== null) {
    const exports = Object.values(loaded);
    const list = exports.find(isExtensionList);
    const signature = exports.find(isMultiSignature) ?? TestMultiSignature;
    if (list) sets.push({ label: 'extrinsic/extensions', extensions: list, signature });
  }
  return sets;
}

export interface MetadataFixture {
  readonly tao: TaoRuntime;
  readonly input: MetadataInput;
  readonly metadata: RuntimeMetadataBytes;
  readonly apis: readonly RuntimeApiDecl[];
  readonly buildMs: number;
}

/** subtensor's MinimumPeriod (SLOT_DURATION / 2). */
export const TEST_MINIMUM_PERIOD_MS = 6_000n;

export function metadataFixture(set: ExtensionSet = extensionSetFixture()): MetadataFixture {
  const tao = createRuntime({ minimumPeriodMs: TEST_MINIMUM_PERIOD_MS });
  let built: RuntimeMetadataBytes | undefined;
  const apis = [metadataApi(() => (built ??= buildMetadata(input)))];
  const input: MetadataInput = {
    tao,
    signedExtensions: set.extensions,
    address: MultiAddressType,
    signature: set.signature,
    apis,
  };
  const started = performance.now();
  built = buildMetadata(input);
  const buildMs = performance.now() - started;
  return { tao, input, metadata: built, apis, buildMs };
}

function extensionSetFixture(): ExtensionSet {
  return { label: 'fixture', extensions: TEST_SIGNED_EXTENSIONS, signature: TestMultiSignature };
}
