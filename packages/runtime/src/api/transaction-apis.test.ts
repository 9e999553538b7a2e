import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { concatBytes, cryptoReady, decodeExact } from '@tao-ts/primitives';
import { encodeExtrinsic } from '../extrinsic/codec.js';
import { genesisHash, pair, remark, sign } from '../extrinsic/test-kit.js';
import { nonceTag } from '../extrinsic/validate.js';
import { TransactionValidityType, type TransactionValidity } from '../extrinsic/validity.js';
import { TestChain } from '../testing/chain.js';
import { AccountId32, WeightType } from '../types/substrate.js';
import { u32, u64, type Type } from '../types/type.js';
import { AccountNonceApi } from './account-nonce.js';
import { callRuntimeApi } from './call.js';
import { taggedTransactionQueueApi } from './tagged-transaction-queue.js';
import {
  FeeDetailsType,
  RuntimeDispatchInfoType,
  transactionPaymentApi,
  transactionPaymentCallApi,
} from './transaction-payment.js';
import { RuntimeApiError, type RuntimeApiContext, type RuntimeApiDecl } from './types.js';

before(async () => {
  await cryptoReady();
});

function setup(): { chain: TestChain; apis: RuntimeApiDecl[]; ctx: RuntimeApiContext } {
  const chain = new TestChain();
  chain.blocks(2);
  const apis = [
    taggedTransactionQueueApi(chain.runtime),
    transactionPaymentApi(chain.runtime),
    transactionPaymentCallApi(chain.runtime),
    AccountNonceApi,
  ];
  const ctx: RuntimeApiContext = {
    storage: chain.storage,
    tao: chain.tao,
    blockNumber: chain.number,
    genesisHash: genesisHash(chain),
  };
  return { chain, apis, ctx };
}

function call<T>(s: ReturnType<typeof setup>, name: string, input: Uint8Array, output: Type<T>): T {
  return decodeExact(output.codec, callRuntimeApi(s.apis, s.ctx, name, input), name);
}

test('API names and versions as subtensor lists them', () => {
  const { apis } = setup();
  assert.deepEqual(
    apis.map((a) => [a.name, a.version]),
    [
      ['TaggedTransactionQueue', 3],
      ['TransactionPaymentApi', 4],
      ['TransactionPaymentCallApi', 3],
      ['AccountNonceApi', 1],
    ],
  );
});

test('TaggedTransactionQueue_validate_transaction: (source, tx, block_hash) → TransactionValidity', () => {
  const s = setup();
  const alice = pair('Alice');
  const tx = sign(s.chain, alice, remark(s.chain));
  const input = (bytes: Uint8Array): Uint8Array => concatBytes(Uint8Array.of(2), bytes, s.chain.parentHash);
  const valid: TransactionValidity = call(
    s,
    'TaggedTransactionQueue_validate_transaction',
    input(tx),
    TransactionValidityType,
  );
  assert.equal(valid.tag, 'Ok');
  assert.deepEqual(valid.tag === 'Ok' && valid.value.provides, [nonceTag(alice.publicKey, 0)]);
  s.chain.ok(alice.publicKey, remark(s.chain));
  const stale = call(s, 'TaggedTransactionQueue_validate_transaction', input(tx), TransactionValidityType);
  assert.deepEqual(stale, {
    tag: 'Err',
    value: { tag: 'Invalid', value: { tag: 'Stale', value: undefined } },
  });
  // Err(Invalid(Stale)) is 0x01 0x00 0x03
  assert.deepEqual(
    [...callRuntimeApi(s.apis, s.ctx, 'TaggedTransactionQueue_validate_transaction', input(tx))],
    [1, 0, 3],
  );
  // Bytes that are an extrinsic by length but not by content: an API error.
  assert.throws(
    () =>
      callRuntimeApi(
        s.apis,
        s.ctx,
        'TaggedTransactionQueue_validate_transaction',
        input(Uint8Array.of(8, 0x04, 0xee)),
      ),
    RuntimeApiError,
  );
});

test('TransactionPaymentApi: query_info / query_fee_details leave the tip out; bare and Pays::No pay nothing', () => {
  const s = setup();
  const alice = pair('Alice');
  const c = remark(s.chain);
  const tx = sign(s.chain, alice, c, { tip: 1_000n });
  const len = u32.codec.enc(tx.length);
  const info = call(s, 'TransactionPaymentApi_query_info', concatBytes(tx, len), RuntimeDispatchInfoType);
  const def = s.chain.runtime.callDef(c);
  assert.ok(def);
  const weight = def.weight(c.value.value as never);
  assert.deepEqual(info.weight, { ref_time: weight, proof_size: 0n });
  assert.equal(info.class.tag, 'Normal');
  assert.equal(info.partial_fee, s.chain.tao.fees.fee(def, weight, tx.length, 0n));
  const details = call(s, 'TransactionPaymentApi_query_fee_details', concatBytes(tx, len), FeeDetailsType);
  assert.equal(details.tip, 0n);
  assert.ok(details.inclusion_fee);
  const { base_fee, len_fee, adjusted_weight_fee } = details.inclusion_fee;
  assert.equal(base_fee + len_fee + adjusted_weight_fee, info.partial_fee);
  assert.equal(len_fee, BigInt(tx.length));

  const bare = encodeExtrinsic(s.chain.runtime, { call: c });
  assert.equal(
    call(s, 'TransactionPaymentApi_query_info', concatBytes(bare, len), RuntimeDispatchInfoType).partial_fee,
    0n,
  );
  assert.deepEqual(
    call(s, 'TransactionPaymentApi_query_fee_details', concatBytes(bare, len), FeeDetailsType),
    {
      inclusion_fee: undefined,
      tip: 0n,
    },
  );
  const free = sign(
    s.chain,
    alice,
    s.chain.call('SubtensorModule', 'set_weights', { netuid: 1, dests: [], weights: [], version_key: 0n }),
  );
  assert.equal(
    call(s, 'TransactionPaymentApi_query_info', concatBytes(free, len), RuntimeDispatchInfoType).partial_fee,
    0n,
  );
  assert.equal(
    call(s, 'TransactionPaymentApi_query_fee_details', concatBytes(free, len), FeeDetailsType).inclusion_fee,
    undefined,
  );
});

test('TransactionPaymentCallApi and the fee conversions', () => {
  const s = setup();
  const c = remark(s.chain);
  const callBytes = s.chain.runtime.callType.codec.enc(c);
  const viaCall = call(
    s,
    'TransactionPaymentCallApi_query_call_info',
    concatBytes(callBytes, u32.codec.enc(150)),
    RuntimeDispatchInfoType,
  );
  const def = s.chain.runtime.callDef(c);
  assert.ok(def);
  assert.equal(viaCall.partial_fee, s.chain.tao.fees.fee(def, viaCall.weight.ref_time, 150, 0n));
  const weightInput = WeightType.codec.enc({ ref_time: 2_000_000n, proof_size: 5n });
  for (const api of ['TransactionPaymentApi', 'TransactionPaymentCallApi']) {
    // LinearWeightToFee: 0.0005 rao per unit of ref time; IdentityFee for length.
    assert.equal(call(s, `${api}_query_weight_to_fee`, weightInput, u64), 1_000n);
    assert.equal(call(s, `${api}_query_length_to_fee`, u32.codec.enc(321), u64), 321n);
  }
});

test('AccountNonceApi_account_nonce', () => {
  const s = setup();
  const alice = pair('Alice');
  const nonce = (): number =>
    call(s, 'AccountNonceApi_account_nonce', AccountId32.codec.enc(alice.publicKey), u32);
  assert.equal(nonce(), 0);
  s.chain.ok(alice.publicKey, remark(s.chain));
  assert.equal(nonce(), 1);
});
