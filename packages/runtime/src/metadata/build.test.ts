/**
 * The metadata documents decoded with polkadot-api's decoders: shape, completeness, determinism,
 * and polkadot-api's dynamic codecs agreeing with the runtime's own storage keys and call, event
 * and constant encodings.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { getDynamicBuilder, getLookupFn } from '@polkadot-api/metadata-builders';
import { decAnyMetadata, unifyMetadata, type V14Lookup } from '@polkadot-api/substrate-bindings';
import { encodeAddress, fromHex, toHex } from '@tao-ts/primitives';
import { emptyAccount, SystemStorage } from '../frame/system.js';
import { S } from '../pallets/subtensor/storage.js';
import { AccountInfoType } from '../types/substrate.js';
import { encodeAny } from '../types/type.js';
import { buildMetadata } from './build.js';
import { tupleOf } from './runtime-types.js';
import {
  extensionSets,
  metadataFixture,
  TEST_MINIMUM_PERIOD_MS,
  type MetadataFixture,
} from './test-fixtures.js';

const ALICE = fromHex('d43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d', 'alice', 32);
const BOB = fromHex('8eaf04151687736326c9fea17e25fc5287613693c912909cb226aa4794f26a48', 'bob', 32);

function decode(bytes: Uint8Array): ReturnType<typeof unifyMetadata> {
  return unifyMetadata(decAnyMetadata(bytes));
}

function variantsOf(lookup: V14Lookup, id: number | undefined): { name: string; index: number }[] {
  const def = lookup[id ?? -1]?.def;
  assert.ok(def?.tag === 'variant', `type ${id} is an enum`);
  return def.value.map((v) => ({ name: v.name, index: v.index }));
}

function pathOf(lookup: V14Lookup, id: number): string {
  return lookup[id]?.path.join('::') ?? '';
}

const sets = await extensionSets();

for (const set of sets) {
  describe(`metadata with ${set.label}`, () => {
    const fx: MetadataFixture = metadataFixture(set);
    const { tao } = fx;
    const runtime = tao.runtime;

    it('is RuntimeMetadataPrefixed: "meta" then V14 / V15', (t) => {
      for (const [bytes, version] of [
        [fx.metadata.v14, 14],
        [fx.metadata.v15, 15],
      ] as const) {
        assert.deepEqual([...bytes.slice(0, 5)], [0x6d, 0x65, 0x74, 0x61, version]);
        const any = decAnyMetadata(bytes);
        assert.equal(any.metadata.tag, `v${version}`);
      }
      t.diagnostic(
        `v14 ${fx.metadata.v14.length} bytes, v15 ${fx.metadata.v15.length} bytes, built in ${fx.buildMs.toFixed(1)} ms`,
      );
    });

    it('is deterministic: built twice, identical bytes', () => {
      const again = metadataFixture(set);
      assert.deepEqual(again.metadata.v14, fx.metadata.v14);
      assert.deepEqual(again.metadata.v15, fx.metadata.v15);
    });

    for (const version of [14, 15] as const) {
      it(`V${version} lists every storage item, call, event, error and constant of every pallet`, () => {
        const meta = decode(version === 14 ? fx.metadata.v14 : fx.metadata.v15);
        assert.deepEqual(
          meta.pallets.map((p) => [p.name, p.index]),
          runtime.pallets.map((p) => [p.name, p.index]),
        );
        const storage = runtime.storageItems();
        for (const pallet of runtime.pallets) {
          const m = meta.pallets.find((p) => p.name === pallet.name);
          assert.ok(m, pallet.name);
          const items = storage.filter((s) => s.meta.pallet === pallet.name).map((s) => s.meta.name);
          assert.deepEqual(m.storage?.items.map((i) => i.name) ?? [], items, `${pallet.name} storage`);
          if (items.length > 0) assert.equal(m.storage?.prefix, pallet.name);
          const spec = pallet.spec;
          assert.deepEqual(
            m.calls ? variantsOf(meta.lookup, m.calls.type) : [],
            (spec.calls ?? []).map((c) => ({ name: c.name, index: c.index })),
            `${pallet.name} calls`,
          );
          assert.deepEqual(
            m.events ? variantsOf(meta.lookup, m.events.type).map((v) => v.name) : [],
            (spec.events ?? []).map((e) => e.name),
            `${pallet.name} events`,
          );
          assert.deepEqual(
            m.errors ? variantsOf(meta.lookup, m.errors.type) : [],
            (spec.errors ?? []).map((e, index) => ({ name: e.name, index })),
            `${pallet.name} errors`,
          );
          const constants = (spec.constants ?? []).map((c) => c.name);
          if (pallet.name === 'System') constants.splice(constants.indexOf('DbWeight') + 1, 0, 'Version');
          assert.deepEqual(
            m.constants.map((c) => c.name),
            constants,
            `${pallet.name} constants`,
          );
          assert.deepEqual(m.docs, version === 15 ? (spec.docs ?? []) : [], `${pallet.name} docs`);
        }
      });
    }

    it('describes storage entries: modifier, hashers, N-map key tuples and defaults', () => {
      const meta = decode(fx.metadata.v15);
      const item = (
        pallet: string,
        name: string,
      ): (typeof meta.pallets)[0]['storage'] extends infer S
        ? S extends { items: (infer I)[] }
          ? I
          : never
        : never => {
        const found = meta.pallets
          .find((p) => p.name === pallet)
          ?.storage?.items.find((i) => i.name === name);
        assert.ok(found, `${pallet}.${name}`);
        return found;
      };
      const account = item('System', 'Account');
      assert.equal(account.modifier, 1, 'Default');
      assert.ok(account.type.tag === 'map');
      assert.deepEqual(
        account.type.value.hashers.map((h) => h.tag),
        ['Blake2128Concat'],
      );
      assert.equal(pathOf(meta.lookup, account.type.value.key), 'sp_core::crypto::AccountId32');
      assert.equal(pathOf(meta.lookup, account.type.value.value), 'frame_system::AccountInfo');
      assert.equal(account.fallback, toHex(encodeAny(AccountInfoType, emptyAccount())));
      const alpha = item('SubtensorModule', 'Alpha');
      assert.ok(alpha.type.tag === 'map');
      assert.deepEqual(
        alpha.type.value.hashers.map((h) => h.tag),
        ['Blake2128Concat', 'Blake2128Concat', 'Identity'],
      );
      const key = meta.lookup[alpha.type.value.key]?.def;
      assert.ok(key?.tag === 'tuple' && key.value.length === 3, 'an N-map key is the tuple of its keys');
      const events = item('System', 'Events');
      assert.equal(events.type.tag, 'plain');
      const optional = meta.pallets.flatMap((p) => p.storage?.items ?? []).find((i) => i.modifier === 0);
      assert.ok(optional, 'some item is Optional');
      assert.equal(optional.fallback, '0x00', 'an Optional item defaults to the encoding of None');
    });

    it('describes the extrinsic, the runtime type, the APIs and the outer enums', () => {
      const v14 = decAnyMetadata(fx.metadata.v14).metadata;
      const v15 = decAnyMetadata(fx.metadata.v15).metadata;
      assert.ok(v14.tag === 'v14' && v15.tag === 'v15');
      const identifiers = set.extensions.map((e) => e.identifier);
      assert.deepEqual(
        v14.value.extrinsic.signedExtensions.map((e) => e.identifier),
        identifiers,
      );
      assert.deepEqual(
        v15.value.extrinsic.signedExtensions.map((e) => e.identifier),
        identifiers,
      );
      assert.equal(v14.value.extrinsic.version, 4);
      assert.equal(v15.value.extrinsic.version, 4);

      const l14 = v14.value.lookup;
      const ux = l14[v14.value.extrinsic.type];
      assert.equal(ux?.path.join('::'), 'sp_runtime::generic::unchecked_extrinsic::UncheckedExtrinsic');
      assert.deepEqual(
        ux?.params.map((p) => p.name),
        ['Address', 'Call', 'Signature', 'Extra'],
      );
      assert.equal(pathOf(l14, ux?.params[1]?.type ?? -1), 'node_subtensor_runtime::RuntimeCall');
      assert.equal(pathOf(l14, ux?.params[0]?.type ?? -1), 'sp_runtime::multiaddress::MultiAddress');
      assert.equal(pathOf(l14, v14.value.type), 'node_subtensor_runtime::Runtime');

      const l15 = v15.value.lookup;
      const x = v15.value.extrinsic;
      assert.equal(pathOf(l15, x.address), 'sp_runtime::multiaddress::MultiAddress');
      assert.equal(pathOf(l15, x.call), 'node_subtensor_runtime::RuntimeCall');
      assert.equal(pathOf(l15, x.signature), 'sp_runtime::MultiSignature');
      assert.equal(pathOf(l15, v15.value.type), 'node_subtensor_runtime::Runtime');
      const enums = v15.value.outerEnums;
      assert.equal(enums.call, x.call);
      assert.equal(pathOf(l15, enums.event), 'node_subtensor_runtime::RuntimeEvent');
      assert.equal(pathOf(l15, enums.error), 'node_subtensor_runtime::RuntimeError');
      assert.deepEqual(
        variantsOf(l15, enums.error),
        runtime.pallets.filter((p) => p.errorType).map((p) => ({ name: p.name, index: p.index })),
      );
      assert.deepEqual(v15.value.custom, []);

      assert.deepEqual(
        v15.value.apis.map((a) => [a.name, a.methods.map((m) => m.name)]),
        fx.apis.map((a) => [a.name, a.methods.map((m) => m.name)]),
      );
      assert.deepEqual(v14.value.apis, [], 'V14 has no runtime APIs');
    });

    it('takes the Extra type as the runtime nests it, when given', () => {
      const types = set.extensions.map((e) => e.type);
      const nested = tupleOf([tupleOf(types.slice(0, 7)), tupleOf(types.slice(7))]);
      const built = buildMetadata({ ...fx.input, extra: nested });
      const v14 = decAnyMetadata(built.v14).metadata;
      const v15 = decAnyMetadata(built.v15).metadata;
      assert.ok(v14.tag === 'v14' && v15.tag === 'v15');
      const extraOf = (lookup: V14Lookup, id: number): number[] => {
        const def = lookup[id]?.def;
        assert.ok(def?.tag === 'tuple');
        return def.value;
      };
      const ux = v14.value.lookup[v14.value.extrinsic.type];
      assert.equal(extraOf(v14.value.lookup, ux?.params[3]?.type ?? -1).length, 2);
      assert.equal(extraOf(v15.value.lookup, v15.value.extrinsic.extra).length, 2);
    });

    for (const version of [14, 15] as const) {
      it(`polkadot-api's dynamic codecs agree with the runtime (V${version})`, () => {
        const dyn = getDynamicBuilder(
          getLookupFn(decode(version === 14 ? fx.metadata.v14 : fx.metadata.v15)),
        );
        const alice = encodeAddress(ALICE);
        const bob = encodeAddress(BOB);
        assert.equal(dyn.ss58Prefix, 42);

        assert.equal(
          dyn.buildStorage('System', 'Account').keys.enc(alice),
          `0x${SystemStorage.Account.key(ALICE)}`,
        );
        assert.equal(
          dyn.buildStorage('SubtensorModule', 'TotalHotkeyAlpha').keys.enc(alice, 3),
          `0x${S.TotalHotkeyAlpha.key(ALICE, 3)}`,
        );
        assert.equal(
          dyn.buildStorage('SubtensorModule', 'Alpha').keys.enc(alice, bob, 1),
          `0x${S.Alpha.key(ALICE, BOB, 1)}`,
        );

        const ours = (pallet: string, call: string, args: object): string =>
          toHex(encodeAny(runtime.callType, runtime.pallet(pallet).call(call, args)));
        const theirs = (pallet: string, call: string, args: unknown): string => {
          const built = dyn.buildCall(pallet, call);
          const bytes = built.codec.enc(args);
          return toHex(Uint8Array.of(...built.location, ...bytes));
        };
        assert.equal(
          theirs('Balances', 'transfer_keep_alive', { dest: { type: 'Id', value: bob }, value: 10n ** 9n }),
          ours('Balances', 'transfer_keep_alive', { dest: { tag: 'Id', value: BOB }, value: 10n ** 9n }),
        );
        assert.equal(
          theirs('SubtensorModule', 'burned_register', { netuid: 1, hotkey: bob }),
          ours('SubtensorModule', 'burned_register', { netuid: 1, hotkey: BOB }),
        );

        const subtensor = runtime.pallet('SubtensorModule');
        const event = encodeAny(subtensor.eventType as NonNullable<typeof subtensor.eventType>, {
          tag: 'StakeAdded',
          value: [ALICE, BOB, 5n, 6n, 1, 7n],
        });
        const stakeAdded = dyn.buildEvent('SubtensorModule', 'StakeAdded');
        assert.equal(stakeAdded.location[0], subtensor.index);
        assert.equal(stakeAdded.location[1], event[0]);
        assert.deepEqual(stakeAdded.codec.dec(event.slice(1)), [alice, bob, 5n, 6n, 1, 7n]);

        const error = dyn.buildError('SubtensorModule', 'NotEnoughBalanceToStake');
        const dispatch = subtensor.error('NotEnoughBalanceToStake').value;
        assert.ok(dispatch.tag === 'Module');
        assert.deepEqual(error.location, [dispatch.value.index, dispatch.value.error[0]]);

        if (version === 15) {
          const api = dyn.buildRuntimeCall('Metadata', 'metadata_at_version');
          assert.deepEqual([...api.args.enc([15])], [15, 0, 0, 0]);
        }
      });
    }

    it("carries subtensor's System, Balances, Timestamp and TransactionPayment constants", () => {
      const meta = decode(fx.metadata.v15);
      const dyn = getDynamicBuilder(getLookupFn(meta));
      const constant = (pallet: string, name: string): unknown => {
        const found = meta.pallets.find((p) => p.name === pallet)?.constants.find((c) => c.name === name);
        assert.ok(found, `${pallet}.${name}`);
        return dyn.buildConstant(pallet, name).dec(found.value);
      };
      assert.equal(constant('System', 'SS58Prefix'), 42);
      assert.equal(constant('System', 'BlockHashCount'), 2400);
      assert.deepEqual(constant('System', 'DbWeight'), { read: 25_000_000n, write: 100_000_000n });
      const weights = constant('System', 'BlockWeights') as {
        max_block: { ref_time: bigint; proof_size: bigint };
        per_class: { normal: { max_total: { ref_time: bigint } | undefined } };
      };
      assert.deepEqual(weights.max_block, { ref_time: 4_000_000_000_000n, proof_size: 2n ** 64n - 1n });
      assert.equal(weights.per_class.normal.max_total?.ref_time, 3_000_000_000_000n);
      // polkadot-api unwraps single-field structs: BlockLength { max } reads as its `max`.
      assert.deepEqual(constant('System', 'BlockLength'), {
        normal: 7_864_320,
        operational: 10_485_760,
        mandatory: 10_485_760,
      });
      const version = constant('System', 'Version') as {
        spec_name: string;
        spec_version: number;
        apis: unknown[];
      };
      assert.equal(version.spec_name, 'node-subtensor');
      assert.equal(version.spec_version, runtime.version.specVersion);
      assert.equal(version.apis.length, fx.apis.length);
      assert.equal(constant('Balances', 'ExistentialDeposit'), 500n);
      assert.equal(constant('Timestamp', 'MinimumPeriod'), TEST_MINIMUM_PERIOD_MS);
      assert.equal(constant('TransactionPayment', 'OperationalFeeMultiplier'), 5);
    });
  });
}
