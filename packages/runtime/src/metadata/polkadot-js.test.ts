/**
 * @polkadot/api against the metadata, unmodified: an ApiPromise over an in-process provider that
 * answers the RPCs its start-up makes, fetching the metadata through the `Metadata` runtime API
 * exactly as it does from a node; then its tx, query, events, errors and consts checked against the
 * runtime's own encodings. V14 is checked through @polkadot/types' decoration as well.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ApiPromise } from '@polkadot/api';
import type { ApiOptions } from '@polkadot/api/types';
import { expandMetadata, Metadata, TypeRegistry, type Vec } from '@polkadot/types';
import type { DispatchError, EventRecord } from '@polkadot/types/interfaces';
import type { Codec as PolkadotCodec } from '@polkadot/types/types';
import { Tuple, compactU32, fromHex, toHex, type Codec } from '@tao-ts/primitives';
import { apiId, runtimeVersionJson } from '../api/core.js';
import { SystemStorage } from '../frame/system.js';
import { S } from '../pallets/subtensor/storage.js';
import { encodeAny } from '../types/type.js';
import {
  extensionSets,
  metadataFixture,
  TEST_MINIMUM_PERIOD_MS,
  type ExtensionSet,
  type MetadataFixture,
} from './test-fixtures.js';

const ALICE = fromHex('d43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d', 'alice', 32);
const BOB = fromHex('8eaf04151687736326c9fea17e25fc5287613693c912909cb226aa4794f26a48', 'bob', 32);
const GENESIS = `0x${'11'.repeat(32)}`;

type Provider = NonNullable<ApiOptions['provider']>;

/** Just enough of a node for ApiPromise to start: the start-up RPCs and state_call. */
class InProcessProvider implements Provider {
  readonly hasSubscriptions = false;
  readonly isClonable = false;
  readonly isConnected = true;
  readonly calls: string[] = [];

  constructor(private readonly fx: MetadataFixture) {}

  clone(): Provider {
    throw new Error('not clonable');
  }
  connect(): Promise<void> {
    return Promise.resolve();
  }
  disconnect(): Promise<void> {
    return Promise.resolve();
  }
  on(): () => void {
    return () => undefined;
  }
  subscribe(): Promise<number> {
    return Promise.reject(new Error('no subscriptions'));
  }
  unsubscribe(): Promise<boolean> {
    return Promise.resolve(true);
  }

  send<T>(method: string, params: unknown[]): Promise<T> {
    this.calls.push(method === 'state_call' ? String(params[0]) : method);
    try {
      return Promise.resolve(this.answer(method, params) as T);
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }

  private answer(method: string, params: unknown[]): unknown {
    const version = this.fx.tao.runtime.version;
    switch (method) {
      case 'chain_getBlockHash':
        return GENESIS;
      case 'state_getRuntimeVersion':
        return runtimeVersionJson(version, this.fx.apis);
      case 'system_chain':
        return 'Development';
      case 'system_properties':
        return { ss58Format: 42, tokenDecimals: 9, tokenSymbol: 'TAO' };
      case 'rpc_methods':
        return { version: 1, methods: [] };
      case 'state_getMetadata':
        return toHex(this.fx.metadata.v14);
      case 'state_call':
        return this.stateCall(String(params[0]), String(params[1]));
      default:
        throw new Error(`unexpected RPC ${method}`);
    }
  }

  private stateCall(name: string, data: string): string {
    const cut = name.indexOf('_');
    const api = this.fx.apis.find((a) => a.name === name.slice(0, cut));
    const method = api?.methods.find((m) => m.name === name.slice(cut + 1));
    if (method === undefined) throw new Error(`no runtime API method ${name}`);
    const codecs = method.inputs.map(([, type]) => type.codec as unknown as Codec<unknown>);
    const values = Tuple(...(codecs as unknown as Parameters<typeof Tuple>)).dec(fromHex(data)) as unknown[];
    const args = Object.fromEntries(method.inputs.map(([argName], i) => [argName, values[i]]));
    const ctx = { storage: undefined, tao: this.fx.tao, blockNumber: 0n, genesisHash: new Uint8Array(32) };
    const output = method.call(ctx as unknown as Parameters<typeof method.call>[0], args);
    return toHex(encodeAny(method.output, output));
  }
}

/** A member of one of ApiPromise's decorated sections (api.tx, api.query…), which are string-indexed. */
function member<T>(
  sections: Readonly<Record<string, Readonly<Record<string, T>> | undefined>>,
  path: string,
): T {
  const [section = '', name = ''] = path.split('.');
  const found = sections[section]?.[name];
  assert.ok(found, `${path} is decorated`);
  return found;
}

function ourCall(fx: MetadataFixture, pallet: string, call: string, args: object): string {
  const runtime = fx.tao.runtime;
  return toHex(encodeAny(runtime.callType, runtime.pallet(pallet).call(call, args)));
}

const sets = await extensionSets();

function suite(set: ExtensionSet): void {
  describe(`@polkadot/api with ${set.label}`, () => {
    const fx = metadataFixture(set);
    const runtime = fx.tao.runtime;
    const provider = new InProcessProvider(fx);
    let api: ApiPromise;

    before(async () => {
      api = await ApiPromise.create({ provider, noInitWarn: true, throwOnConnect: true });
    });
    after(async () => {
      await api.disconnect();
    });

    it('starts from the Metadata runtime API and picks V15', () => {
      assert.ok(provider.calls.includes('Metadata_metadata_versions'));
      assert.ok(provider.calls.includes('Metadata_metadata_at_version'));
      assert.ok(!provider.calls.includes('state_getMetadata'), 'no fallback to state_getMetadata');
      assert.equal(api.runtimeMetadata.version, 15);
      assert.equal(api.registry.chainSS58, 42);
    });

    it("builds calls byte-identical to the runtime, and decodes the runtime's calls", () => {
      const tx = (path: string): (typeof api.tx)[string][string] => member(api.tx, path);
      const transfer = tx('balances.transferKeepAlive')(BOB, 10n ** 9n);
      const ours = ourCall(fx, 'Balances', 'transfer_keep_alive', {
        dest: { tag: 'Id', value: BOB },
        value: 10n ** 9n,
      });
      assert.equal(transfer.method.toHex(), ours);

      const register = tx('subtensorModule.burnedRegister')(1, BOB);
      const registerOurs = ourCall(fx, 'SubtensorModule', 'burned_register', { netuid: 1, hotkey: BOB });
      assert.equal(register.method.toHex(), registerOurs);

      const decoded = api.createType('Call', registerOurs);
      assert.equal(decoded.section, 'subtensorModule');
      assert.equal(decoded.method, 'burnedRegister');
      assert.equal(decoded.args[0]?.toString(), '1');
      assert.equal(decoded.args[1]?.toHex(), toHex(BOB));
      assert.equal(decoded.toHex(), registerOurs);

      // RuntimeCall inside Sudo's call: the recursive type.
      const sudo = tx('sudo.sudo')(register);
      const inner = runtime.pallet('SubtensorModule').call('burned_register', { netuid: 1, hotkey: BOB });
      assert.equal(sudo.method.toHex(), ourCall(fx, 'Sudo', 'sudo', { call: inner }));
    });

    it("derives storage keys equal to the runtime's", () => {
      const key = (path: string, ...args: unknown[]): string => member(api.query, path).key(...args);
      assert.equal(key('system.account', ALICE), `0x${SystemStorage.Account.key(ALICE)}`);
      assert.equal(
        key('subtensorModule.totalHotkeyAlpha', ALICE, 3),
        `0x${S.TotalHotkeyAlpha.key(ALICE, 3)}`,
      );
      assert.equal(key('subtensorModule.alpha', ALICE, BOB, 1), `0x${S.Alpha.key(ALICE, BOB, 1)}`);
    });

    it('decodes System.Events records with a SubtensorModule event and names module errors', () => {
      const subtensor = runtime.pallet('SubtensorModule');
      const failure = subtensor.error('NotEnoughBalanceToStake').value;
      const records = encodeAny(runtime.events.meta.value, [
        {
          phase: { tag: 'ApplyExtrinsic', value: 1 },
          event: { tag: 'SubtensorModule', value: { tag: 'StakeAdded', value: [ALICE, BOB, 5n, 6n, 1, 7n] } },
          topics: [],
        },
        {
          phase: { tag: 'ApplyExtrinsic', value: 2 },
          event: {
            tag: 'System',
            value: {
              tag: 'ExtrinsicFailed',
              value: {
                dispatch_error: failure,
                dispatch_info: {
                  weight: { ref_time: 1n, proof_size: 0n },
                  class: { tag: 'Normal', value: undefined },
                  pays_fee: { tag: 'Yes', value: undefined },
                },
              },
            },
          },
          topics: [],
        },
      ]);
      const events = api.createType<Vec<EventRecord>>('Vec<EventRecord>', records);
      const [staked, failed] = events;
      assert.ok(staked && failed);
      assert.equal(staked.phase.asApplyExtrinsic.toNumber(), 1);
      assert.equal(staked.event.section, 'subtensorModule');
      assert.equal(staked.event.method, 'StakeAdded');
      assert.ok(member(api.events, 'subtensorModule.StakeAdded').is(staked.event));
      assert.equal(staked.event.data[0]?.toHex(), toHex(ALICE));
      assert.equal(staked.event.data[5]?.toString(), '7');

      assert.ok(member(api.events, 'system.ExtrinsicFailed').is(failed.event));
      const dispatchError = failed.event.data[0] as DispatchError;
      assert.ok(dispatchError.isModule);
      const meta = api.registry.findMetaError(dispatchError.asModule);
      assert.equal(`${meta.section}.${meta.name}`, 'subtensorModule.NotEnoughBalanceToStake');
      assert.equal(toHex(events.toU8a()), toHex(records));
    });

    it('reads the constants clients use', () => {
      const plain = (path: string): unknown => member<PolkadotCodec>(api.consts, path).toPrimitive();
      assert.equal(plain('system.ss58Prefix'), 42);
      assert.equal(plain('system.blockHashCount'), 2400);
      const version = plain('system.version') as {
        specName: string;
        specVersion: number;
        apis: [string, number][];
      };
      assert.equal(version.specName, 'node-subtensor');
      assert.equal(version.specVersion, runtime.version.specVersion);
      assert.ok(version.apis.some(([id, v]) => id === toHex(apiId('Metadata')) && v === 2));
      const weights = plain('system.blockWeights') as { maxBlock: { refTime: number; proofSize: unknown } };
      assert.equal(weights.maxBlock.refTime, 4_000_000_000_000);
      assert.equal(BigInt(String(weights.maxBlock.proofSize)), 2n ** 64n - 1n);
      assert.deepEqual(plain('system.blockLength'), {
        max: { normal: 7_864_320, operational: 10_485_760, mandatory: 10_485_760 },
      });
      assert.deepEqual(plain('system.dbWeight'), { read: 25_000_000, write: 100_000_000 });
      assert.equal(plain('balances.existentialDeposit'), 500);
      assert.equal(BigInt(String(plain('timestamp.minimumPeriod'))), TEST_MINIMUM_PERIOD_MS);
      assert.equal(plain('transactionPayment.operationalFeeMultiplier'), 5);
    });
  });
}

for (const set of sets) suite(set);

describe('@polkadot/types decoration of V14', () => {
  const fx = metadataFixture();
  const registry = new TypeRegistry();
  const metadata = new Metadata(registry, fx.metadata.v14);
  registry.setMetadata(metadata);
  const decorated = expandMetadata(registry, metadata);

  it('decodes as V14 and builds the same calls and keys', () => {
    assert.equal(metadata.version, 14);
    const transfer = decorated.tx['balances']?.['transferKeepAlive'];
    assert.ok(transfer);
    assert.equal(
      transfer(BOB, 10n ** 9n).toHex(),
      ourCall(fx, 'Balances', 'transfer_keep_alive', { dest: { tag: 'Id', value: BOB }, value: 10n ** 9n }),
    );
    const account = decorated.query['system']?.['account'];
    assert.ok(account);
    // Decorated storage functions return the key length-prefixed (as state_getStorage's param type).
    const prefixed = account(ALICE);
    const key = prefixed.slice(prefixed.length - compactU32.dec(prefixed));
    assert.equal(toHex(key), `0x${SystemStorage.Account.key(ALICE)}`);
    const dispatch = fx.tao.runtime.pallet('SubtensorModule').error('NotEnoughBalanceToStake').value;
    assert.ok(dispatch.tag === 'Module');
    const meta = registry.findMetaError(Uint8Array.of(dispatch.value.index, dispatch.value.error[0] ?? 0xff));
    assert.equal(`${meta.section}.${meta.name}`, 'subtensorModule.NotEnoughBalanceToStake');
  });
});
