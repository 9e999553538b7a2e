/**
 * @polkadot/api from npm, unmodified, against a real node on a loopback port: metadata,
 * constants, storage queries, signed transactions from Keyring accounts through to finalized,
 * events (a failed call's error by name), fee estimates and head subscriptions.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ApiPromise, Keyring, WsProvider } from '@polkadot/api';
import type { SubmittableExtrinsic } from '@polkadot/api/types';
import type { KeyringPair } from '@polkadot/keyring/types';
import type { ProviderInterface } from '@polkadot/rpc-provider/types';
import type { AccountInfo } from '@polkadot/types/interfaces';
import type { Codec, ISubmittableResult } from '@polkadot/types/types';
import { startDevNode } from './dev-node.js';
import type { RunningNode } from './node.js';

let node: RunningNode;
let api: ApiPromise;
let alice: KeyringPair;
let bob: KeyringPair;

before(async () => {
  node = await startDevNode({ blockTimeMs: 200 });
  // The provider's optional members are declared loosely for exactOptionalPropertyTypes.
  const provider = new WsProvider(node.rpc.url) as unknown as ProviderInterface;
  api = await ApiPromise.create({ provider, noInitWarn: true, throwOnConnect: true });
  const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
  alice = keyring.addFromUri('//Alice');
  bob = keyring.addFromUri('//Bob');
});

after(async () => {
  await api?.disconnect();
  await node?.stop();
});

// The API's sections are decorated from metadata at run time: reach them by name.
type Sections<T> = Record<string, Record<string, T> | undefined>;

function member<T>(sections: unknown, path: string): T {
  const [section = '', name = ''] = path.split('.');
  const found = (sections as Sections<T>)[section]?.[name];
  assert.ok(found !== undefined, `${path} is not decorated`);
  return found;
}

type QueryFn = ((...args: unknown[]) => Promise<Codec>) & { keys(): Promise<{ args: Codec[] }[]> };
const query = (path: string): QueryFn => member<QueryFn>(api.query, path);
const tx = (path: string, ...args: unknown[]): SubmittableExtrinsic<'promise'> =>
  member<(...a: unknown[]) => SubmittableExtrinsic<'promise'>>(api.tx, path)(...args);
const konst = (path: string): Codec => member<Codec>(api.consts, path);
const free = async (address: string): Promise<bigint> =>
  ((await query('system.account')(address)) as AccountInfo).data.free.toBigInt();

interface Outcome {
  statuses: string[];
  result: ISubmittableResult;
}

/** Sign and send; resolve once finalized with every status seen on the way. */
function sendUntilFinalized(tx: SubmittableExtrinsic<'promise'>, signer: KeyringPair): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const statuses: string[] = [];
    tx.signAndSend(signer, (result) => {
      statuses.push(result.status.type);
      if (result.status.isFinalized) resolve({ statuses, result });
      if (result.status.isInvalid || result.status.isDropped)
        reject(new Error(`transaction ${result.status.type}`));
    }).catch(reject);
  });
}

test('connects: chain, runtime version, metadata-driven constants and properties', async () => {
  assert.equal((await api.rpc.system.chain()).toString(), 'tao-ts Development');
  assert.equal(api.runtimeVersion.specName.toString(), 'node-subtensor');
  assert.equal(api.runtimeVersion.specVersion.toNumber(), 425);
  assert.equal(konst('balances.existentialDeposit').toString(), '500');
  assert.equal(konst('system.ss58Prefix').toString(), '42');
  const properties = await api.rpc.system.properties();
  assert.equal(properties.tokenSymbol.unwrap()[0]?.toString(), 'TAO');
  assert.equal(properties.tokenDecimals.unwrap()[0]?.toNumber(), 9);
  assert.equal(api.genesisHash.toHex(), `0x${Buffer.from(node.chain.genesisHash).toString('hex')}`);
});

test('queries System and SubtensorModule storage', async () => {
  assert.equal(await free(alice.address), 1_000_000n * 1_000_000_000n);
  assert.equal((await query('subtensorModule.tempo')(1)).toString(), '10');
  assert.equal((await query('subtensorModule.networksAdded')(1)).toString(), 'true');
  const owner = await query('subtensorModule.subnetOwner')(1);
  assert.equal(owner.toString(), alice.address);
  const keys = await query('subtensorModule.networksAdded').keys();
  assert.deepEqual(keys.map((k) => k.args[0]?.toString()).sort(), ['0', '1']);
});

test('a transfer signed by //Alice goes ready → in block → finalized, with its events', async () => {
  const before = await free(bob.address);
  const info = await tx('balances.transferKeepAlive', bob.address, 12_345n).paymentInfo(alice);
  assert.ok(info.partialFee.toBigInt() > 0n, 'a fee estimate');
  const { statuses, result } = await sendUntilFinalized(
    tx('balances.transferKeepAlive', bob.address, 12_345n),
    alice,
  );
  assert.deepEqual(
    statuses.filter((s) => s !== 'Broadcast'),
    ['Ready', 'InBlock', 'Finalized'],
  );
  const names = result.events.map(({ event }) => `${event.section}.${event.method}`);
  assert.ok(names.includes('balances.Transfer'), names.join(','));
  assert.ok(names.includes('system.ExtrinsicSuccess'), names.join(','));
  const after = await free(bob.address);
  assert.equal(after - before, 12_345n);
});

test('burned_register from a Keyring account registers its hotkey on subnet 1', async () => {
  const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
  const hotkey = keyring.addFromUri('//Bob//hotkey');
  const { result } = await sendUntilFinalized(tx('subtensorModule.burnedRegister', 1, hotkey.address), bob);
  const names = result.events.map(({ event }) => `${event.section}.${event.method}`);
  assert.ok(names.includes('subtensorModule.NeuronRegistered'), names.join(','));
  const uid = (await query('subtensorModule.uids')(1, hotkey.address)).toJSON();
  assert.equal(typeof uid, 'number', 'the hotkey holds a uid');
  assert.equal((await query('subtensorModule.keys')(1, uid)).toString(), hotkey.address);
});

test("a failing call is included and its error decodes by name ('SubnetNotExists')", async () => {
  const { result } = await sendUntilFinalized(
    tx('subtensorModule.addStake', bob.address, 99, 1_000_000n),
    alice,
  );
  const failed = result.events.find(
    ({ event }) => event.section === 'system' && event.method === 'ExtrinsicFailed',
  );
  assert.ok(failed, 'ExtrinsicFailed emitted');
  assert.ok(result.dispatchError?.isModule);
  const meta = api.registry.findMetaError(result.dispatchError.asModule);
  assert.equal(`${meta.section}.${meta.name}`, 'subtensorModule.SubnetNotExists');
});

test('an invalid transaction is refused by the pool with a Substrate error', async () => {
  const stale = tx('balances.transferKeepAlive', bob.address, 1n);
  await stale.signAsync(alice, { nonce: 0 });
  await assert.rejects(
    api.rpc.author.submitExtrinsic(stale),
    /1010: Invalid Transaction: Transaction is outdated/,
  );
});

test('subscribing to new and finalized heads delivers consecutive blocks', async () => {
  const numbers: number[] = [];
  const finalized: number[] = [];
  await new Promise<void>((resolve, reject) => {
    let unsubHeads: (() => void) | undefined;
    let unsubFinal: (() => void) | undefined;
    const done = (): void => {
      if (numbers.length >= 3 && finalized.length >= 2) {
        unsubHeads?.();
        unsubFinal?.();
        resolve();
      }
    };
    api.rpc.chain
      .subscribeNewHeads((header) => {
        numbers.push(header.number.toNumber());
        done();
      })
      .then((u) => (unsubHeads = u))
      .catch(reject);
    api.rpc.chain
      .subscribeFinalizedHeads((header) => {
        finalized.push(header.number.toNumber());
        done();
      })
      .then((u) => (unsubFinal = u))
      .catch(reject);
  });
  for (let i = 1; i < numbers.length; i++) assert.equal(numbers[i], (numbers[i - 1] as number) + 1);
  const block = await api.rpc.chain.getBlock();
  assert.ok(block.block.extrinsics.length >= 1, 'every block carries the timestamp inherent');
  assert.equal(block.block.extrinsics[0]?.method.section, 'timestamp');
});
