/**
 * pallet_transaction_payment's runtime APIs, as subtensor implements them: TransactionPaymentApi
 * (v4, over an encoded extrinsic) and TransactionPaymentCallApi (v3, over a call). Fees are in
 * subtensor's Balance (TaoBalance, a u64). As upstream, the partial fee leaves out the tip, bare
 * extrinsics pay nothing and Pays::No calls have no inclusion fee. Weights are the calls' own
 * (this runtime prices no extension weight).
 */
import { dispatchInfo } from '../frame/executive.js';
import type { AnyCallDef, RuntimeCallValue } from '../frame/pallet.js';
import type { Runtime } from '../frame/runtime.js';
import { ExtrinsicDecodeError, decodeExtrinsic } from '../extrinsic/codec.js';
import { extrinsicType } from '../extrinsic/extrinsic-type.js';
import { feeDetails, weightToFee } from '../pallets/transaction-payment.js';
import {
  Balance,
  DispatchClassType,
  WeightType,
  type DispatchClass,
  type Weight,
} from '../types/substrate.js';
import { option, struct, u32, type Type } from '../types/type.js';
import { arg } from './info-types.js';
import {
  RuntimeApiError,
  type RuntimeApiContext,
  type RuntimeApiDecl,
  type RuntimeApiMethod,
} from './types.js';

export interface RuntimeDispatchInfo {
  weight: Weight;
  class: { tag: DispatchClass; value: undefined };
  partial_fee: bigint;
}

export interface InclusionFee {
  base_fee: bigint;
  len_fee: bigint;
  adjusted_weight_fee: bigint;
}

export interface FeeDetailsValue {
  inclusion_fee: InclusionFee | undefined;
  tip: bigint;
}

const TYPES = ['pallet_transaction_payment', 'types'];
const BALANCE_PARAM = [{ name: 'Balance', type: Balance }];

function withBalanceParam<T>(type: Type<T>): Type<T> {
  return type.info.kind === 'composite' ? { ...type, info: { ...type.info, params: BALANCE_PARAM } } : type;
}

export const RuntimeDispatchInfoType: Type<RuntimeDispatchInfo> = (() => {
  const plain = struct<RuntimeDispatchInfo>(
    [...TYPES, 'RuntimeDispatchInfo'],
    [
      ['weight', WeightType, 'Weight'],
      ['class', DispatchClassType, 'DispatchClass'],
      ['partial_fee', Balance, 'Balance'],
    ],
  );
  return plain.info.kind === 'composite'
    ? { ...plain, info: { ...plain.info, params: [...BALANCE_PARAM, { name: 'Weight', type: WeightType }] } }
    : plain;
})();

export const InclusionFeeType: Type<InclusionFee> = withBalanceParam(
  struct<InclusionFee>(
    [...TYPES, 'InclusionFee'],
    [
      ['base_fee', Balance, 'Balance'],
      ['len_fee', Balance, 'Balance'],
      ['adjusted_weight_fee', Balance, 'Balance'],
    ],
  ),
);

export const FeeDetailsType: Type<FeeDetailsValue> = withBalanceParam(
  struct<FeeDetailsValue>(
    [...TYPES, 'FeeDetails'],
    [
      ['inclusion_fee', option(InclusionFeeType), 'Option<InclusionFee<Balance>>'],
      ['tip', Balance, 'Balance'],
    ],
  ),
);

/** LengthToFee = IdentityFee: one rao per byte. */
export const lengthToFee = (length: number): bigint => BigInt(length);

interface Priced {
  readonly def: AnyCallDef;
  readonly weight: bigint;
  /** Bare extrinsics (inherents) are charged nothing. */
  readonly bare: boolean;
}

function priceCall(runtime: Runtime, call: RuntimeCallValue, bare: boolean): Priced {
  const def = runtime.callDef(call);
  if (def === undefined) throw new RuntimeApiError(`unknown call ${call.tag}.${call.value.tag}`);
  return { def, weight: def.weight(call.value.value as never), bare };
}

function priceExtrinsic(ctx: RuntimeApiContext, bytes: Uint8Array, method: string): Priced {
  try {
    const xt = decodeExtrinsic(ctx.tao.runtime, bytes);
    return priceCall(ctx.tao.runtime, xt.call, xt.signature === undefined);
  } catch (error) {
    if (error instanceof ExtrinsicDecodeError) {
      throw new RuntimeApiError(`TransactionPaymentApi_${method}: ${error.message}`, { cause: error });
    }
    throw error;
  }
}

function queryInfo(ctx: RuntimeApiContext, priced: Priced, length: number): RuntimeDispatchInfo {
  const info = dispatchInfo(priced.def, priced.weight);
  const fee = priced.bare ? 0n : ctx.tao.fees.fee(priced.def, priced.weight, length, 0n);
  return { weight: info.weight, class: info.class, partial_fee: fee };
}

function queryFeeDetails(priced: Priced, length: number): FeeDetailsValue {
  if (priced.bare || (priced.def.pays ?? 'Yes') === 'No') return { inclusion_fee: undefined, tip: 0n };
  const d = feeDetails(priced.def, priced.weight, length, 0n);
  return {
    inclusion_fee: { base_fee: d.baseFee, len_fee: d.lenFee, adjusted_weight_fee: d.adjustedWeightFee },
    tip: 0n,
  };
}

const LEN: [string, Type<number>, string] = ['len', u32, 'u32'];

/** query_weight_to_fee and query_length_to_fee, shared by both APIs. */
const conversions: RuntimeApiMethod[] = [
  {
    name: 'query_weight_to_fee',
    inputs: [['weight', WeightType, 'Weight']],
    output: Balance,
    docs: ['Query the output of the current `WeightToFee` given some input.'],
    call: (_ctx, args) => weightToFee(arg<Weight>(args, 'weight').ref_time),
  },
  {
    name: 'query_length_to_fee',
    inputs: [['length', u32, 'u32']],
    output: Balance,
    docs: ['Query the output of the current `LengthToFee` given some input.'],
    call: (_ctx, args) => lengthToFee(arg<number>(args, 'length')),
  },
];

export function transactionPaymentApi(runtime: Runtime): RuntimeApiDecl {
  const uxt: [string, ReturnType<typeof extrinsicType>, string] = [
    'uxt',
    extrinsicType(runtime),
    '<Block as BlockT>::Extrinsic',
  ];
  return {
    name: 'TransactionPaymentApi',
    version: 4,
    methods: [
      {
        name: 'query_info',
        inputs: [uxt, LEN],
        output: RuntimeDispatchInfoType,
        call: (ctx, args) =>
          queryInfo(ctx, priceExtrinsic(ctx, arg(args, 'uxt'), 'query_info'), arg<number>(args, 'len')),
      },
      {
        name: 'query_fee_details',
        inputs: [uxt, LEN],
        output: FeeDetailsType,
        call: (ctx, args) =>
          queryFeeDetails(
            priceExtrinsic(ctx, arg(args, 'uxt'), 'query_fee_details'),
            arg<number>(args, 'len'),
          ),
      },
      ...conversions,
    ],
  };
}

export function transactionPaymentCallApi(runtime: Runtime): RuntimeApiDecl {
  const call: [string, Type<RuntimeCallValue>, string] = ['call', runtime.callType, 'Call'];
  return {
    name: 'TransactionPaymentCallApi',
    version: 3,
    methods: [
      {
        name: 'query_call_info',
        inputs: [call, LEN],
        output: RuntimeDispatchInfoType,
        docs: ['Query information of a dispatch class, weight, and fee of a given encoded `Call`.'],
        call: (ctx, args) =>
          queryInfo(ctx, priceCall(ctx.tao.runtime, arg(args, 'call'), false), arg<number>(args, 'len')),
      },
      {
        name: 'query_call_fee_details',
        inputs: [call, LEN],
        output: FeeDetailsType,
        docs: ['Query fee details of a given encoded `Call`.'],
        call: (ctx, args) =>
          queryFeeDetails(priceCall(ctx.tao.runtime, arg(args, 'call'), false), arg<number>(args, 'len')),
      },
      ...conversions,
    ],
  };
}
