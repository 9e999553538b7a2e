import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { toHex } from '@tao-ts/primitives';
import { RUNTIME_VERSION } from '../chain.js';
import type { RuntimeVersion } from '../frame/runtime.js';
import { TestChain } from '../testing/chain.js';
import { bytes, fixedBytes } from '../types/type.js';
import { callRuntimeApi } from './call.js';
import {
  CORE_API_VERSION,
  apiId,
  coreApi,
  runtimeVersionJson,
  runtimeVersionType,
  runtimeVersionValue,
} from './core.js';
import { TEST_APIS, contextOf } from './test-kit.js';
import { RuntimeApiError, type RuntimeApiDecl } from './types.js';

// Stand-ins for the node's block and header types: Core only passes them through to metadata.
const core = coreApi({
  version: RUNTIME_VERSION,
  apis: () => APIS,
  blockType: bytes,
  headerType: fixedBytes(4),
});
const APIS: readonly RuntimeApiDecl[] = [core, ...TEST_APIS];

describe('runtime API ids', () => {
  it('are blake2_64 of the trait name, as Substrate lists them', () => {
    const known: [string, string][] = [
      ['Core', '0xdf6acb689907609b'],
      ['Metadata', '0x37e397fc7c91f5e4'],
      ['BlockBuilder', '0x40fe3ad401f8959a'],
      ['TaggedTransactionQueue', '0xd2bc9897eed08f15'],
      ['AuraApi', '0xdd718d5cc53262d4'],
      ['GrandpaApi', '0xed99c5acb25eedf5'],
      ['AccountNonceApi', '0xbc9d89904f5b923f'],
      ['TransactionPaymentApi', '0x37c8bb1350a9a2a8'],
    ];
    for (const [name, id] of known) assert.equal(toHex(apiId(name)), id, name);
  });
});

describe('RuntimeVersion', () => {
  const small: RuntimeVersion = {
    specName: 'ab',
    implName: 'c',
    authoringVersion: 1,
    specVersion: 425,
    implVersion: 2,
    transactionVersion: 3,
    stateVersion: 1,
  };
  const oneApi: RuntimeApiDecl = { name: 'Core', version: 5, methods: [] };

  it('encodes as sp_version’s struct, system_version a u8 at the end', () => {
    const expected = [
      '08 6162', // spec_name "ab"
      '04 63', // impl_name "c"
      '01000000', // authoring_version
      'a9010000', // spec_version 425
      '02000000', // impl_version
      '04 df6acb689907609b 05000000', // apis: [(Core, 5)]
      '03000000', // transaction_version
      '01', // system_version
    ].join('');
    const encoded = runtimeVersionType.codec.enc(runtimeVersionValue(small, [oneApi]));
    assert.equal(toHex(encoded), `0x${expected.replace(/ /g, '')}`);
    assert.deepEqual(runtimeVersionType.codec.dec(encoded), runtimeVersionValue(small, [oneApi]));
  });

  it('has Substrate’s JSON form, with stateVersion beside systemVersion', () => {
    const json = runtimeVersionJson(small, [oneApi]);
    assert.deepEqual(json, {
      specName: 'ab',
      implName: 'c',
      authoringVersion: 1,
      specVersion: 425,
      implVersion: 2,
      apis: [['0xdf6acb689907609b', 5]],
      transactionVersion: 3,
      systemVersion: 1,
      stateVersion: 1,
    });
    assert.deepEqual(Object.keys(json), [
      'specName',
      'implName',
      'authoringVersion',
      'specVersion',
      'implVersion',
      'apis',
      'transactionVersion',
      'systemVersion',
      'stateVersion',
    ]);
  });
});

describe('Core through state_call', () => {
  const chain = new TestChain();

  it('Core_version returns this runtime’s version with every API and its version', () => {
    const out = callRuntimeApi(APIS, contextOf(chain), 'Core_version', new Uint8Array());
    const version = runtimeVersionType.codec.dec(out);
    assert.equal(version.spec_name, 'node-subtensor');
    assert.equal(version.spec_version, 425);
    assert.equal(version.system_version, RUNTIME_VERSION.stateVersion);
    assert.deepEqual(
      version.apis.map(([id, v]) => [toHex(id), v]),
      APIS.map((api) => [toHex(apiId(api.name)), api.version]),
    );
    assert.equal(version.apis[0]?.[1], CORE_API_VERSION);
  });

  it('refuses execute_block and initialize_block with a RuntimeApiError', () => {
    const ctx = contextOf(chain);
    assert.throws(
      () => callRuntimeApi(APIS, ctx, 'Core_execute_block', Uint8Array.of(0)),
      (e: unknown) => e instanceof RuntimeApiError && /Core_execute_block cannot be called/.test(e.message),
    );
    assert.throws(
      () => callRuntimeApi(APIS, ctx, 'Core_initialize_block', Uint8Array.of(1, 2, 3, 4)),
      (e: unknown) => e instanceof RuntimeApiError && e.code === 'RUNTIME_API_ERROR',
    );
  });

  it('rejects input for Core_version, which takes none', () => {
    assert.throws(
      () => callRuntimeApi(APIS, contextOf(chain), 'Core_version', Uint8Array.of(0)),
      RuntimeApiError,
    );
  });
});
