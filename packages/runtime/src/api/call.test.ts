import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { encodeAddress, u16 as u16Codec } from '@tao-ts/primitives';
import { TypeRegistry } from '../metadata/registry.js';
import { S } from '../pallets/subtensor/storage.js';
import { networkLockCost } from '../pallets/subtensor/subnets.js';
import { TestChain } from '../testing/chain.js';
import { u16 } from '../types/type.js';
import {
  CUSTOM_RPC_METHODS,
  CustomRpcError,
  RPC_INVALID_PARAMS,
  RPC_RUNTIME_ERROR,
  callRuntimeApi,
  customRpcCall,
  customRpcFailure,
  customRpcResult,
  findCustomRpcMethod,
  findRuntimeApiMethod,
  type CustomRpcMethod,
} from './call.js';
import { coreApi } from './core.js';
import { TEST_APIS, apiNetwork, contextOf, stateCall, type ApiNetwork } from './test-kit.js';
import { RuntimeApiError, type RuntimeApiDecl } from './types.js';

const isApiError =
  (pattern: RegExp) =>
  (e: unknown): boolean =>
    e instanceof RuntimeApiError && e.code === 'RUNTIME_API_ERROR' && pattern.test(e.message);

function method(name: string): CustomRpcMethod {
  const found = findCustomRpcMethod(name);
  if (found === undefined) throw new Error(`no custom RPC method ${name}`);
  return found;
}

const rpcError = (rpcCode: number, pattern: RegExp) => (e: unknown) =>
  e instanceof CustomRpcError &&
  e.code === 'CUSTOM_RPC_ERROR' &&
  e.rpcCode === rpcCode &&
  pattern.test(e.message);

describe('callRuntimeApi', () => {
  const chain = new TestChain();

  it('rejects names that are no API method', () => {
    for (const name of ['NeuronInfoRuntimeApi_get_nothing', 'NoSuchApi_get_neurons', 'get_neurons', '']) {
      assert.throws(() => stateCall(chain, name, u16Codec.enc(1)), isApiError(/no such runtime API method/));
    }
  });

  it('rejects truncated input, trailing bytes and invalid encodings', () => {
    assert.throws(
      () => stateCall(chain, 'NeuronInfoRuntimeApi_get_neuron', Uint8Array.of(1, 0, 0)),
      isApiError(/NeuronInfoRuntimeApi_get_neuron: input does not decode/),
    );
    assert.throws(
      () => stateCall(chain, 'NeuronInfoRuntimeApi_get_neurons', Uint8Array.of(1, 0, 0)),
      isApiError(/trailing/),
    );
    assert.throws(
      () => stateCall(chain, 'SubnetRegistrationRuntimeApi_get_network_registration_cost', Uint8Array.of(0)),
      isApiError(/trailing/),
    );
    // Option tag 2 does not exist.
    const input = Uint8Array.from([0, 2]);
    assert.throws(
      () => stateCall(chain, 'StakeInfoRuntimeApi_get_stake_availability_for_coldkeys', input),
      isApiError(/input does not decode/),
    );
  });

  it('keeps the decoding failure as the cause', () => {
    try {
      stateCall(chain, 'NeuronInfoRuntimeApi_get_neurons', Uint8Array.of(1));
      assert.fail('expected a RuntimeApiError');
    } catch (error) {
      assert.ok(error instanceof RuntimeApiError);
      assert.ok(error.cause instanceof Error);
    }
  });

  it('finds methods by <Api>_<method> and refuses duplicate declarations', () => {
    const found = findRuntimeApiMethod(TEST_APIS, 'StakeInfoRuntimeApi_get_stake_fee');
    assert.equal(found?.api.name, 'StakeInfoRuntimeApi');
    assert.equal(found?.method.inputs.length, 5);
    const twice: RuntimeApiDecl[] = [
      { name: 'X', version: 1, methods: [{ name: 'a', inputs: [], output: u16, call: () => 1 }] },
      { name: 'X', version: 2, methods: [{ name: 'a', inputs: [], output: u16, call: () => 2 }] },
    ];
    assert.throws(() => callRuntimeApi(twice, contextOf(chain), 'X_a', new Uint8Array()), /declared twice/);
  });

  it('declares input and output types a metadata registry accepts', () => {
    const registry = new TypeRegistry();
    for (const api of TEST_APIS)
      for (const m of api.methods) {
        for (const [, type] of m.inputs) assert.equal(typeof registry.register(type), 'number');
        assert.equal(typeof registry.register(m.output), 'number', `${api.name}_${m.name}`);
      }
    assert.ok(registry.types.length > 20);
  });

  it('reports a result that does not fit the declared output type', () => {
    const broken: RuntimeApiDecl[] = [
      {
        name: 'Broken',
        version: 1,
        methods: [{ name: 'get', inputs: [], output: u16, call: () => 'not a number' }],
      },
    ];
    assert.throws(
      () => callRuntimeApi(broken, contextOf(chain), 'Broken_get', new Uint8Array()),
      isApiError(/does not encode as u16/),
    );
  });
});

describe('CUSTOM_RPC_METHODS', () => {
  const all: readonly RuntimeApiDecl[] = [
    ...TEST_APIS,
    coreApi({
      version: {
        specName: 'x',
        implName: 'x',
        authoringVersion: 1,
        specVersion: 1,
        implVersion: 1,
        transactionVersion: 1,
        stateVersion: 1,
      },
      apis: () => [],
      blockType: u16,
      headerType: u16,
    }),
  ];

  it('has unique names and names an API method with matching parameters for every entry', () => {
    assert.equal(new Set(CUSTOM_RPC_METHODS.map((m) => m.name)).size, CUSTOM_RPC_METHODS.length);
    assert.equal(CUSTOM_RPC_METHODS.length, 27, 'the methods subtensor’s rpc crate serves');
    for (const m of CUSTOM_RPC_METHODS) {
      assert.ok(m.api.endsWith('Api') && m.method.length > 0, m.name);
      // SubnetInfoRuntimeApi is declared in its own module; the others are checked here.
      if (m.api === 'SubnetInfoRuntimeApi') continue;
      const resolved = findRuntimeApiMethod(all, `${m.api}_${m.method}`);
      assert.ok(resolved, `${m.name} → ${m.api}_${m.method}`);
      assert.equal(resolved.method.inputs.length, m.params.length, m.name);
    }
  });

  it('turns positional and named params into the SCALE input and the block hash', () => {
    const lite = method('neuronInfo_getNeuronLite');
    const positional = customRpcCall(lite, [1, 3]);
    assert.deepEqual(positional, {
      runtimeApi: 'NeuronInfoRuntimeApi_get_neuron_lite',
      input: Uint8Array.of(1, 0, 3, 0),
      at: undefined,
    });
    const hash = `0x${'ab'.repeat(32)}`;
    assert.deepEqual(customRpcCall(lite, { netuid: 1, uid: 3, at: hash }), { ...positional, at: hash });
    assert.deepEqual(customRpcCall(lite, [1, 3, null]), positional);
    assert.deepEqual(customRpcCall(method('delegateInfo_getDelegates'), undefined).input, new Uint8Array());
    const selective = customRpcCall(method('subnetInfo_getSelectiveMetagraph'), [2, [0, 7, 300]]);
    assert.deepEqual([...selective.input], [2, 0, 12, 0, 0, 7, 0, 44, 1]);
    const mech = customRpcCall(method('subnetInfo_getMechagraph'), [2, 1]);
    assert.deepEqual([...mech.input], [2, 0, 1]);
  });

  it('reads accounts as SS58 strings or, for delegate info, as byte arrays (extra bytes ignored)', () => {
    const account = new Uint8Array(32).fill(5);
    const lock = customRpcCall(method('stakeInfo_getColdkeyLock'), [encodeAddress(account), 4]);
    assert.deepEqual([...lock.input], [...account, 4, 0]);
    const delegate = customRpcCall(method('delegateInfo_getDelegate'), [[...account, 9, 9]]);
    assert.deepEqual(delegate.input, account);
    assert.throws(
      () => customRpcCall(method('delegateInfo_getDelegate'), [[1, 2, 3]]),
      rpcError(RPC_RUNTIME_ERROR, /^Unable to get delegates info: AccountId32 needs 32 bytes, got 3$/),
    );
  });

  it('answers malformed params with JSON-RPC invalid params', () => {
    const lite = method('neuronInfo_getNeuronLite');
    const invalid = rpcError(RPC_INVALID_PARAMS, /^Invalid params: neuronInfo_getNeuronLite/);
    assert.throws(() => customRpcCall(lite, [1]), invalid, 'missing uid');
    assert.throws(() => customRpcCall(lite, [1, 70_000]), invalid, 'uid out of range');
    assert.throws(() => customRpcCall(lite, ['1', 2]), invalid, 'netuid as a string');
    assert.throws(() => customRpcCall(lite, [1.5, 2]), invalid, 'not an integer');
    assert.throws(() => customRpcCall(lite, [1, 2, null, 4]), invalid, 'too many');
    assert.throws(() => customRpcCall(lite, [1, 2, 7]), invalid, 'at must be a hash');
    assert.throws(() => customRpcCall(lite, { netuid: 1, uid: 2, extra: 3 }), invalid, 'unknown name');
    assert.throws(
      () => customRpcCall(method('stakeInfo_getColdkeyLock'), ['5NotAnAddress', 1]),
      rpcError(RPC_INVALID_PARAMS, /coldkey/),
    );
    assert.throws(
      () => customRpcCall(method('delegateInfo_getDelegate'), [[...new Uint8Array(32), 256]]),
      rpcError(RPC_INVALID_PARAMS, /delegate_account_vec\[32\]/),
    );
  });

  it('returns SCALE as byte arrays, the lock cost as a number and Option<NetUid> as number or null', () => {
    assert.deepEqual(customRpcResult(method('neuronInfo_getNeurons'), Uint8Array.of(0)), [0]);
    const cost = method('subnetInfo_getLockCost');
    assert.equal(customRpcResult(cost, Uint8Array.of(0, 0x10, 0xa5, 0xd4, 0xe8, 0, 0, 0)), 1_000_000_000_000);
    assert.equal(customRpcResult(cost, new Uint8Array(8).fill(0xff)), 0xffff_ffff_ffff_ffffn);
    const prune = method('subnetInfo_getSubnetToPrune');
    assert.equal(customRpcResult(prune, Uint8Array.of(1, 3, 0)), 3);
    assert.equal(customRpcResult(prune, Uint8Array.of(0)), null);
  });

  it('words runtime failures as subtensor does', () => {
    const failure = customRpcFailure(method('neuronInfo_getNeurons'), new RuntimeApiError('boom'));
    assert.equal(failure.rpcCode, 1);
    assert.equal(failure.message, 'Unable to get neurons info: boom');
    assert.equal(
      customRpcFailure(method('subnetInfo_getSubnetAccountId'), new Error('x')).message,
      'Subnet does not exist',
    );
  });
});

describe('custom RPCs end to end', () => {
  let net: ApiNetwork;
  before(() => {
    net = apiNetwork();
  });

  const serve = (name: string, params: Parameters<typeof customRpcCall>[1]) => {
    const m = method(name);
    const { runtimeApi, input } = customRpcCall(m, params);
    return customRpcResult(m, callRuntimeApi(TEST_APIS, contextOf(net.chain), runtimeApi, input));
  };

  it('neuronInfo_getNeuronsLite answers the state_call bytes as a JSON array', () => {
    const bytes = stateCall(net.chain, 'NeuronInfoRuntimeApi_get_neurons_lite', u16Codec.enc(1));
    assert.deepEqual(serve('neuronInfo_getNeuronsLite', [1]), [...bytes]);
  });

  it('delegateInfo_getDelegate takes the account as bytes', () => {
    const bytes = stateCall(net.chain, 'DelegateInfoRuntimeApi_get_delegate', net.delegate);
    assert.equal(bytes[0], 1, 'Some');
    assert.deepEqual(serve('delegateInfo_getDelegate', [[...net.delegate]]), [...bytes]);
  });

  it('subnetInfo_getLockCost answers the lock cost itself', () => {
    assert.equal(
      serve('subnetInfo_getLockCost', []),
      Number(networkLockCost(net.chain.storage, net.chain.number)),
    );
    assert.ok(S.NetworkMinLockCost.get(net.chain.storage) > 0n);
  });
});
