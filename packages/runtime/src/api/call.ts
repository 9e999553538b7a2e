/**
 * Running runtime APIs by name, as `state_call("<Api>_<method>", input)` does, and the table of
 * subtensor's custom JSON-RPC methods (pallets/subtensor/rpc/src/lib.rs) that front them.
 *
 * Inputs decode exactly as sp_api's generated code does (decode_all: every byte consumed), and
 * outputs are the SCALE encoding of the declared output type.
 */
import {
  Option as OptionCodec,
  StructCodec,
  Vector,
  concatBytes,
  decodeAddress,
  decodeExact,
  describeValue,
  u16 as u16Codec,
  u64 as u64Codec,
  u8 as u8Codec,
  type Codec,
  type JsonValue,
} from '@tao-ts/primitives';
import { encodeAny } from '../types/type.js';
import {
  RuntimeApiError,
  type RuntimeApiContext,
  type RuntimeApiDecl,
  type RuntimeApiMethod,
} from './types.js';

export interface ResolvedMethod {
  readonly api: RuntimeApiDecl;
  readonly method: RuntimeApiMethod;
  /** `<Api>_<method>`, the state_call function name. */
  readonly fullName: string;
}

const indexes = new WeakMap<readonly RuntimeApiDecl[], Map<string, ResolvedMethod>>();
const inputCodecs = new WeakMap<RuntimeApiMethod, Codec<Record<string, unknown>>>();

function indexOf(apis: readonly RuntimeApiDecl[]): Map<string, ResolvedMethod> {
  let index = indexes.get(apis);
  if (index !== undefined) return index;
  index = new Map();
  for (const api of apis) {
    for (const method of api.methods) {
      const fullName = `${api.name}_${method.name}`;
      if (index.has(fullName)) throw new Error(`runtime API method ${fullName} is declared twice`);
      index.set(fullName, { api, method, fullName });
    }
  }
  indexes.set(apis, index);
  return index;
}

/** The API method a state_call function name refers to, if any. */
export function findRuntimeApiMethod(
  apis: readonly RuntimeApiDecl[],
  fullName: string,
): ResolvedMethod | undefined {
  return indexOf(apis).get(fullName);
}

function inputCodec(method: RuntimeApiMethod): Codec<Record<string, unknown>> {
  let codec = inputCodecs.get(method);
  if (codec === undefined) {
    // The arguments are concatenated SCALE encodings: a struct of the inputs has exactly that layout.
    codec = StructCodec<Record<string, unknown>>(
      method.inputs.map(([name, type]) => [name, type.codec as unknown as Codec<unknown>] as const),
    );
    inputCodecs.set(method, codec);
  }
  return codec;
}

/** Decode state_call input bytes into the method's named arguments (all bytes must be used). */
export function decodeRuntimeApiInput(resolved: ResolvedMethod, input: Uint8Array): Record<string, unknown> {
  try {
    return decodeExact(inputCodec(resolved.method), input, `${resolved.fullName} input`);
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new RuntimeApiError(`${resolved.fullName}: input does not decode: ${reason}`, { cause });
  }
}

/**
 * Run `<Api>_<method>` over the context's state: decode the input, call, encode the output.
 * Unknown methods and undecodable input (truncated, invalid, or with trailing bytes) are
 * RuntimeApiErrors; so is a method that refuses to run through state_call.
 */
export function callRuntimeApi(
  apis: readonly RuntimeApiDecl[],
  ctx: RuntimeApiContext,
  fullName: string,
  input: Uint8Array,
): Uint8Array {
  const resolved = findRuntimeApiMethod(apis, fullName);
  if (resolved === undefined)
    throw new RuntimeApiError(`${fullName}: no such runtime API method (expected <Api>_<method>)`);
  const args = decodeRuntimeApiInput(resolved, input);
  const value = resolved.method.call(ctx, args);
  try {
    return encodeAny(resolved.method.output, value);
  } catch (cause) {
    throw new RuntimeApiError(`${fullName}: the result does not encode as ${resolved.method.output.name}`, {
      cause,
    });
  }
}

// ---- subtensor's custom JSON-RPC methods -------------------------------------------------------

/**
 * How a custom RPC parameter arrives in JSON (serde's forms for the Rust parameter types):
 * - `u8`, `u16`: a JSON integer (NetUid and MechId are transparent newtypes);
 * - `accountBytes`: `Vec<u8>` as an array of byte values, which the RPC SCALE-decodes into an
 *   AccountId32 (its first 32 bytes; more are ignored, fewer fail at runtime);
 * - `ss58`: an AccountId32 parameter, which serde reads as an SS58 string;
 * - `u16Array`: `Vec<u16>` as an array of integers.
 */
export type CustomRpcParamKind = 'u8' | 'u16' | 'accountBytes' | 'ss58' | 'u16Array';

export interface CustomRpcParam {
  readonly name: string;
  readonly kind: CustomRpcParamKind;
}

/**
 * How the result goes back: `scale` is the SCALE-encoded output as a JSON array of byte values
 * (the Rust methods return `Vec<u8>`); `u64` and `optionU16` are the decoded value itself
 * (TaoBalance → a number, Option<NetUid> → a number or null).
 */
export type CustomRpcResultKind = 'scale' | 'u64' | 'optionU16';

export interface CustomRpcMethod {
  /** JSON-RPC method name, e.g. `neuronInfo_getNeuronsLite`. */
  readonly name: string;
  /** Parameters in order; each method also takes a last, optional block hash `at` (default: best). */
  readonly params: readonly CustomRpcParam[];
  /** Runtime API and method it runs. */
  readonly api: string;
  readonly method: string;
  readonly result: CustomRpcResultKind;
  /** JSON-RPC error code 1 carries `<errorMessage>: <cause>` (or only the message, see below). */
  readonly errorMessage: string;
  /** subtensor reports this method's failures without the cause. */
  readonly omitCause?: true;
}

const NETUID: CustomRpcParam = { name: 'netuid', kind: 'u16' };
const UID: CustomRpcParam = { name: 'uid', kind: 'u16' };
const MECID: CustomRpcParam = { name: 'mecid', kind: 'u8' };
const INDEXES: CustomRpcParam = { name: 'metagraph_index', kind: 'u16Array' };
const COLDKEY: CustomRpcParam = { name: 'coldkey', kind: 'ss58' };

function rpc(
  name: string,
  params: readonly CustomRpcParam[],
  target: string,
  errorMessage: string,
  result: CustomRpcResultKind = 'scale',
): CustomRpcMethod {
  const [api = '', method = ''] = target.split('.');
  return { name, params, api, method, result, errorMessage };
}

const DELEGATES = 'Unable to get delegates info';
const LITE = 'Unable to get neurons lite info';
const SUBNET = 'Unable to get subnet info';
const SUBNETS = 'Unable to get subnets info';
const DYNAMIC = 'Unable to get dynamic subnets info';
const METAGRAPHS = 'Unable to get metagraps';
const SELECTIVE = 'Unable to get selective metagraph';

/** Every custom method subtensor's node serves, with the runtime API method behind it. */
export const CUSTOM_RPC_METHODS: readonly CustomRpcMethod[] = [
  rpc('delegateInfo_getDelegates', [], 'DelegateInfoRuntimeApi.get_delegates', DELEGATES),
  rpc(
    'delegateInfo_getDelegate',
    [{ name: 'delegate_account_vec', kind: 'accountBytes' }],
    'DelegateInfoRuntimeApi.get_delegate',
    DELEGATES,
  ),
  rpc(
    'delegateInfo_getDelegated',
    [{ name: 'delegatee_account_vec', kind: 'accountBytes' }],
    'DelegateInfoRuntimeApi.get_delegated',
    DELEGATES,
  ),
  rpc('neuronInfo_getNeuronsLite', [NETUID], 'NeuronInfoRuntimeApi.get_neurons_lite', LITE),
  rpc('neuronInfo_getNeuronLite', [NETUID, UID], 'NeuronInfoRuntimeApi.get_neuron_lite', LITE),
  rpc('neuronInfo_getNeurons', [NETUID], 'NeuronInfoRuntimeApi.get_neurons', 'Unable to get neurons info'),
  rpc('neuronInfo_getNeuron', [NETUID, UID], 'NeuronInfoRuntimeApi.get_neuron', 'Unable to get neuron info'),
  rpc('subnetInfo_getSubnetInfo', [NETUID], 'SubnetInfoRuntimeApi.get_subnet_info', SUBNET),
  rpc('subnetInfo_getSubnetsInfo', [], 'SubnetInfoRuntimeApi.get_subnets_info', SUBNETS),
  rpc('subnetInfo_getSubnetInfo_v2', [NETUID], 'SubnetInfoRuntimeApi.get_subnet_info_v2', SUBNET),
  rpc('subnetInfo_getSubnetsInfo_v2', [], 'SubnetInfoRuntimeApi.get_subnets_info_v2', SUBNETS),
  rpc('subnetInfo_getSubnetHyperparams', [NETUID], 'SubnetInfoRuntimeApi.get_subnet_hyperparams', SUBNET),
  rpc(
    'subnetInfo_getSubnetHyperparamsV2',
    [NETUID],
    'SubnetInfoRuntimeApi.get_subnet_hyperparams_v2',
    SUBNET,
  ),
  rpc('subnetInfo_getAllDynamicInfo', [], 'SubnetInfoRuntimeApi.get_all_dynamic_info', DYNAMIC),
  rpc('subnetInfo_getDynamicInfo', [NETUID], 'SubnetInfoRuntimeApi.get_dynamic_info', DYNAMIC),
  rpc('subnetInfo_getAllMetagraphs', [], 'SubnetInfoRuntimeApi.get_all_metagraphs', METAGRAPHS),
  rpc('subnetInfo_getMetagraph', [NETUID], 'SubnetInfoRuntimeApi.get_metagraph', DYNAMIC),
  rpc('subnetInfo_getAllMechagraphs', [], 'SubnetInfoRuntimeApi.get_all_mechagraphs', METAGRAPHS),
  rpc('subnetInfo_getMechagraph', [NETUID, MECID], 'SubnetInfoRuntimeApi.get_mechagraph', DYNAMIC),
  rpc(
    'subnetInfo_getSubnetState',
    [NETUID],
    'SubnetInfoRuntimeApi.get_subnet_state',
    'Unable to get subnet state info',
  ),
  rpc(
    'subnetInfo_getLockCost',
    [],
    'SubnetRegistrationRuntimeApi.get_network_registration_cost',
    'Unable to get subnet lock cost',
    'u64',
  ),
  rpc(
    'subnetInfo_getSelectiveMetagraph',
    [NETUID, INDEXES],
    'SubnetInfoRuntimeApi.get_selective_metagraph',
    SELECTIVE,
  ),
  rpc(
    'subnetInfo_getColdkeyAutoStakeHotkey',
    [COLDKEY, NETUID],
    'SubnetInfoRuntimeApi.get_coldkey_auto_stake_hotkey',
    'Unable to get coldkey auto stake hotkey',
  ),
  rpc(
    'subnetInfo_getSelectiveMechagraph',
    [NETUID, MECID, INDEXES],
    'SubnetInfoRuntimeApi.get_selective_mechagraph',
    SELECTIVE,
  ),
  rpc(
    'subnetInfo_getSubnetToPrune',
    [],
    'SubnetInfoRuntimeApi.get_subnet_to_prune',
    'Unable to get subnet to prune',
    'optionU16',
  ),
  {
    ...rpc(
      'subnetInfo_getSubnetAccountId',
      [NETUID],
      'SubnetInfoRuntimeApi.get_subnet_account_id',
      'Subnet does not exist',
    ),
    omitCause: true,
  },
  rpc(
    'stakeInfo_getColdkeyLock',
    [COLDKEY, NETUID],
    'StakeInfoRuntimeApi.get_coldkey_lock',
    'Unable to get coldkey lock',
  ),
];

const byName = new Map(CUSTOM_RPC_METHODS.map((m) => [m.name, m]));

export function findCustomRpcMethod(name: string): CustomRpcMethod | undefined {
  return byName.get(name);
}

/** JSON-RPC "invalid params". */
export const RPC_INVALID_PARAMS = -32602;
/** The code subtensor's custom RPCs use for every runtime failure. */
export const RPC_RUNTIME_ERROR = 1;

/** A custom RPC call that fails; `rpcCode` is the JSON-RPC error code to answer with. */
export class CustomRpcError extends Error {
  readonly code = 'CUSTOM_RPC_ERROR';
  constructor(
    readonly rpcCode: number,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'CustomRpcError';
  }
}

/** The error subtensor answers with when the runtime call behind `method` fails. */
export function customRpcFailure(method: CustomRpcMethod, cause: unknown): CustomRpcError {
  const reason = cause instanceof Error ? cause.message : String(cause);
  const message = method.omitCause ? method.errorMessage : `${method.errorMessage}: ${reason}`;
  return new CustomRpcError(RPC_RUNTIME_ERROR, message, { cause });
}

function invalid(method: CustomRpcMethod, param: string, why: string): CustomRpcError {
  return new CustomRpcError(RPC_INVALID_PARAMS, `Invalid params: ${method.name}: ${param}: ${why}`);
}

function integer(method: CustomRpcMethod, name: string, value: JsonValue | undefined, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > max)
    throw invalid(method, name, `expected an integer 0..${max}, got ${describeValue(value)}`);
  return value;
}

function integers(
  method: CustomRpcMethod,
  name: string,
  value: JsonValue | undefined,
  max: number,
): number[] {
  if (!Array.isArray(value)) throw invalid(method, name, 'expected an array of integers');
  return value.map((v, i) => integer(method, `${name}[${i}]`, v, max));
}

const u16Vec = Vector(u16Codec);

function encodeParam(
  method: CustomRpcMethod,
  param: CustomRpcParam,
  value: JsonValue | undefined,
): Uint8Array {
  switch (param.kind) {
    case 'u8':
      return u8Codec.enc(integer(method, param.name, value, 0xff));
    case 'u16':
      return u16Codec.enc(integer(method, param.name, value, 0xffff));
    case 'u16Array':
      return u16Vec.enc(integers(method, param.name, value, 0xffff));
    case 'accountBytes': {
      const raw = integers(method, param.name, value, 0xff);
      // The RPC decodes an AccountId32 from the front of the bytes and ignores the rest.
      if (raw.length < 32)
        throw customRpcFailure(method, new Error(`AccountId32 needs 32 bytes, got ${raw.length}`));
      return Uint8Array.from(raw.slice(0, 32));
    }
    case 'ss58': {
      if (typeof value !== 'string') throw invalid(method, param.name, 'expected an SS58 address string');
      try {
        return decodeAddress(value, param.name);
      } catch (cause) {
        throw invalid(method, param.name, cause instanceof Error ? cause.message : String(cause));
      }
    }
  }
}

export interface CustomRpcCall {
  /** The runtime API method to run, `<Api>_<method>`. */
  readonly runtimeApi: string;
  /** Its SCALE input. */
  readonly input: Uint8Array;
  /** The block hash asked for (0x hex), or undefined for the best block. */
  readonly at: string | undefined;
}

function isList(params: object): params is readonly JsonValue[] {
  return Array.isArray(params);
}

/**
 * Turn a custom RPC request's params (positional array or named object) into the runtime API
 * call behind it. Throws CustomRpcError: invalid params (-32602) or, for account bytes too
 * short to decode, the method's runtime failure (1) as subtensor reports it.
 */
export function customRpcCall(
  method: CustomRpcMethod,
  params: readonly JsonValue[] | { readonly [key: string]: JsonValue } | undefined,
): CustomRpcCall {
  const names = [...method.params.map((p) => p.name), 'at'];
  let values: (JsonValue | undefined)[];
  if (params === undefined) values = [];
  else if (isList(params)) {
    if (params.length > names.length)
      throw invalid(method, 'params', `expected at most ${names.length} parameters, got ${params.length}`);
    values = [...params];
  } else {
    const named = params;
    const unknown = Object.keys(named).filter((key) => !names.includes(key));
    if (unknown.length > 0) throw invalid(method, 'params', `unknown parameter ${unknown.join(', ')}`);
    values = names.map((name) => named[name]);
  }
  const parts = method.params.map((param, i) => encodeParam(method, param, values[i]));
  const at = values[method.params.length];
  if (at !== undefined && at !== null && typeof at !== 'string')
    throw invalid(method, 'at', 'expected a block hash string or null');
  return {
    runtimeApi: `${method.api}_${method.method}`,
    input: concatBytes(...parts),
    at: typeof at === 'string' ? at : undefined,
  };
}

const optionU16 = OptionCodec(u16Codec);

/** The JSON result subtensor returns for the runtime API's SCALE output. */
export function customRpcResult(method: CustomRpcMethod, output: Uint8Array): JsonValue {
  switch (method.result) {
    case 'scale':
      return Array.from(output);
    case 'u64': {
      const value = decodeExact(u64Codec, output, method.name);
      return value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value;
    }
    case 'optionU16':
      return decodeExact(optionU16, output, method.name) ?? null;
  }
}
