/**
 * sp_api's Core: the runtime version (with the list of runtime APIs and their versions, which
 * clients use to decide what they may call) and the block-execution entry points.
 *
 * `execute_block` and `initialize_block` are declared for metadata and the API list, but blocks
 * are executed by the node through the runtime itself, never through state_call: calling them
 * that way is a RuntimeApiError.
 */
import { blake2b, toHex, utf8 } from '@tao-ts/primitives';
import type { RuntimeVersion } from '../frame/runtime.js';
import {
  enumType,
  fixedBytes,
  str,
  struct,
  tuple,
  u32,
  u8,
  unit,
  vec,
  type AnyType,
  type Type,
} from '../types/type.js';
import { cow } from './info-types.js';
import { RuntimeApiError, type RuntimeApiDecl } from './types.js';

/** sp_version::RuntimeVersion as SCALE values (field names as subtensor's sp_version has them). */
export interface RuntimeVersionValue {
  spec_name: string;
  impl_name: string;
  authoring_version: number;
  spec_version: number;
  impl_version: number;
  /** (blake2_64(api name), api version) */
  apis: [Uint8Array, number][];
  transaction_version: number;
  /** Named state_version before polkadot-sdk stable2412; the same u8 in the same place. */
  system_version: number;
}

export const ApiIdType = fixedBytes(8);

export const runtimeVersionType: Type<RuntimeVersionValue> = struct<RuntimeVersionValue>(
  ['sp_version', 'RuntimeVersion'],
  [
    ['spec_name', cow(str), "Cow<'static, str>"],
    ['impl_name', cow(str), "Cow<'static, str>"],
    ['authoring_version', u32, 'u32'],
    ['spec_version', u32, 'u32'],
    ['impl_version', u32, 'u32'],
    ['apis', cow(vec(tuple(ApiIdType, u32))), 'ApisVec'],
    ['transaction_version', u32, 'u32'],
    ['system_version', u8, 'u8'],
  ],
);

/** sp_version's JSON form (state_getRuntimeVersion, chain_subscribeRuntimeVersion). */
export interface RuntimeVersionJson {
  specName: string;
  implName: string;
  authoringVersion: number;
  specVersion: number;
  implVersion: number;
  /** [0x-hex api id, version] */
  apis: [string, number][];
  transactionVersion: number;
  systemVersion: number;
  /** The same value again: Substrate keeps the old name for clients that read it. */
  stateVersion: number;
}

/** A runtime API's id in RuntimeVersion.apis: blake2_64 of its trait name. */
export function apiId(name: string): Uint8Array {
  return blake2b(utf8(name), 8);
}

export function runtimeVersionValue(
  version: RuntimeVersion,
  apis: readonly RuntimeApiDecl[],
): RuntimeVersionValue {
  return {
    spec_name: version.specName,
    impl_name: version.implName,
    authoring_version: version.authoringVersion,
    spec_version: version.specVersion,
    impl_version: version.implVersion,
    apis: apis.map((api) => [apiId(api.name), api.version]),
    transaction_version: version.transactionVersion,
    system_version: version.stateVersion,
  };
}

export function runtimeVersionJson(
  version: RuntimeVersion,
  apis: readonly RuntimeApiDecl[],
): RuntimeVersionJson {
  return {
    specName: version.specName,
    implName: version.implName,
    authoringVersion: version.authoringVersion,
    specVersion: version.specVersion,
    implVersion: version.implVersion,
    apis: apis.map((api) => [toHex(apiId(api.name)), api.version]),
    transactionVersion: version.transactionVersion,
    systemVersion: version.stateVersion,
    stateVersion: version.stateVersion,
  };
}

/** sp_runtime::ExtrinsicInclusionMode, what initialize_block returns. */
export const ExtrinsicInclusionModeType = enumType<{
  tag: 'AllExtrinsics' | 'OnlyInherents';
  value: undefined;
}>(['sp_runtime', 'ExtrinsicInclusionMode'], [{ name: 'AllExtrinsics' }, { name: 'OnlyInherents' }]);

export interface CoreApiOptions {
  readonly version: RuntimeVersion;
  /**
   * Every API the runtime exposes, Core included (a thunk: the list is assembled elsewhere and
   * contains this API).
   */
  readonly apis: () => readonly RuntimeApiDecl[];
  /** The block type (sp_runtime::generic::Block<Header, UncheckedExtrinsic>), owned by the node. */
  readonly blockType: AnyType;
  /** The header type (sp_runtime::generic::Header<u32, BlakeTwo256>), owned by the node. */
  readonly headerType: AnyType;
}

/** Core's version: 5 since initialize_block returns ExtrinsicInclusionMode. */
export const CORE_API_VERSION = 5;

function notThroughStateCall(method: string): never {
  throw new RuntimeApiError(
    `Core_${method} cannot be called through state_call: the node executes blocks when it imports them`,
  );
}

export function coreApi(options: CoreApiOptions): RuntimeApiDecl {
  return {
    name: 'Core',
    version: CORE_API_VERSION,
    methods: [
      {
        name: 'version',
        inputs: [],
        output: runtimeVersionType,
        docs: ['Returns the version of the runtime.'],
        call: () => runtimeVersionValue(options.version, options.apis()),
      },
      {
        name: 'execute_block',
        inputs: [['block', options.blockType, 'Block']],
        output: unit,
        docs: ['Execute the given block.'],
        call: () => notThroughStateCall('execute_block'),
      },
      {
        name: 'initialize_block',
        inputs: [['header', options.headerType, '&<Block as BlockT>::Header']],
        output: ExtrinsicInclusionModeType,
        docs: ['Initialize a block with the given header and return the runtime executive mode.'],
        call: () => notThroughStateCall('initialize_block'),
      },
    ],
  };
}
