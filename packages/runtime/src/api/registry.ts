/**
 * The runtime's full set of runtime APIs (what `state_call` serves, metadata V15 lists and
 * RuntimeVersion.apis announces), and its metadata documents built from the same declarations.
 * APIs subtensor implements that depend on machinery this chain lacks (BABE, GRANDPA, EVM,
 * contracts, session keys, benchmarking) are not declared rather than declared and refused.
 */
import type { TaoRuntime } from '../chain.js';
import {
  ADDRESS_TYPE,
  SIGNATURE_TYPE,
  SIGNED_EXTENSIONS,
  TX_EXTENSION_TYPE,
} from '../extrinsic/extensions.js';
import { buildMetadata, type RuntimeMetadataBytes } from '../metadata/build.js';
import { BlockType, HeaderType } from '../types/header.js';
import { AccountNonceApi } from './account-nonce.js';
import { AuraApi } from './aura.js';
import { coreApi } from './core.js';
import { DelegateInfoRuntimeApi } from './delegate-info.js';
import { metadataApi } from './metadata-api.js';
import { NeuronInfoRuntimeApi } from './neuron-info.js';
import { StakeInfoRuntimeApi } from './stake-info.js';
import { SubnetInfoRuntimeApi } from './subnet-info-api.js';
import { SubnetRegistrationRuntimeApi } from './subnet-registration.js';
import { taggedTransactionQueueApi } from './tagged-transaction-queue.js';
import { transactionPaymentApi, transactionPaymentCallApi } from './transaction-payment.js';
import type { RuntimeApiDecl } from './types.js';

export interface RuntimeInterface {
  readonly apis: readonly RuntimeApiDecl[];
  /** Metadata V14 and V15, built on first use and kept. */
  metadata(): RuntimeMetadataBytes;
}

export function runtimeInterface(tao: TaoRuntime): RuntimeInterface {
  const apis: RuntimeApiDecl[] = [];
  let built: RuntimeMetadataBytes | undefined;
  const metadata = (): RuntimeMetadataBytes =>
    (built ??= buildMetadata({
      tao,
      signedExtensions: SIGNED_EXTENSIONS,
      address: ADDRESS_TYPE,
      signature: SIGNATURE_TYPE,
      extra: TX_EXTENSION_TYPE,
      apis,
    }));
  // In subtensor's impl_runtime_apis order.
  apis.push(
    coreApi({ version: tao.runtime.version, apis: () => apis, blockType: BlockType, headerType: HeaderType }),
    metadataApi(metadata),
    taggedTransactionQueueApi(tao.runtime),
    AuraApi,
    AccountNonceApi,
    transactionPaymentApi(tao.runtime),
    transactionPaymentCallApi(tao.runtime),
    DelegateInfoRuntimeApi,
    NeuronInfoRuntimeApi,
    SubnetInfoRuntimeApi,
    StakeInfoRuntimeApi,
    SubnetRegistrationRuntimeApi,
  );
  return { apis, metadata };
}
