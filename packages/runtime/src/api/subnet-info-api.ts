/**
 * SubnetInfoRuntimeApi (pallets/subtensor/runtime-api, implemented at version 2 by subtensor's
 * runtime): what `state_call("SubnetInfoRuntimeApi_<method>", args)` answers. Methods, argument
 * names and types are the trait's, in its declaration order.
 */
import { subnetExists } from '../pallets/subtensor/subnets.js';
import { AccountId32, type AccountId } from '../types/substrate.js';
import { option, u16, u64, u8, vec, type AnyType, type FieldSpec } from '../types/type.js';
import { DynamicInfoType, getAllDynamicInfo, getDynamicInfo } from './dynamic-info.js';
import {
  Hyperparams,
  SubnetHyperparamsType,
  SubnetHyperparamsV2Type,
  SubnetHyperparamsV3Type,
  subnetHyperparams,
  subnetHyperparamsV2,
  subnetHyperparamsV3,
} from './hyperparams.js';
import {
  getSelectiveMechagraph,
  getSelectiveMetagraph,
  SelectiveMetagraphType,
} from './metagraph-selective.js';
import {
  getAllMechagraphs,
  getAllMetagraphs,
  getMechagraph,
  getMetagraph,
  MetagraphType,
} from './metagraph.js';
import {
  getColdkeyAutoStakeHotkey,
  getNextEpochStartBlock,
  getSubnetAccountId,
  getSubnetToPrune,
} from './subnet-info-misc.js';
import { getSubnetState, SubnetStateType } from './subnet-info-state.js';
import {
  getSubnetInfo,
  getSubnetInfoV2,
  getSubnetsInfo,
  getSubnetsInfoV2,
  SubnetInfoType,
  SubnetInfoV2Type,
} from './subnet-info.js';
import {
  RuntimeApiError,
  type RuntimeApiContext,
  type RuntimeApiDecl,
  type RuntimeApiMethod,
} from './types.js';

// NetUid and MechId are their integers in subtensor's metadata (their TypeInfo is u16's / u8's).
const NETUID: FieldSpec = ['netuid', u16, 'NetUid'];
const INDEXES: FieldSpec = ['metagraph_indexes', vec(u16), 'Vec<u16>'];

const optionOf = (type: AnyType): AnyType => option(type as unknown as Parameters<typeof option>[0]);
const vecOfOption = (type: AnyType): AnyType => vec(option(type as unknown as Parameters<typeof option>[0]));

function argError(method: string, name: string, expected: string): RuntimeApiError {
  return new RuntimeApiError(`SubnetInfoRuntimeApi_${method}: argument ${name} is not ${expected}`);
}

/** Typed access to a method's decoded arguments. */
function args(method: string, values: Readonly<Record<string, unknown>>) {
  return {
    int(name: string): number {
      const value = values[name];
      if (typeof value !== 'number') throw argError(method, name, 'an integer');
      return value;
    },
    ints(name: string): number[] {
      const value = values[name];
      const list: unknown[] = Array.isArray(value) ? value : [];
      if (!Array.isArray(value) || !list.every((v): v is number => typeof v === 'number')) {
        throw argError(method, name, 'a list of integers');
      }
      return list;
    },
    account(name: string): AccountId {
      const value = values[name];
      if (!(value instanceof Uint8Array)) throw argError(method, name, 'an account id');
      return value;
    },
  };
}

type Call = (ctx: RuntimeApiContext, a: ReturnType<typeof args>) => unknown;

function method(
  name: string,
  inputs: readonly FieldSpec[],
  output: AnyType,
  call: Call,
  docs?: readonly string[],
): RuntimeApiMethod {
  return {
    name,
    inputs,
    output,
    call: (ctx, values) => call(ctx, args(name, values)),
    ...(docs !== undefined ? { docs } : {}),
  };
}

const deprecated = ['Deprecated: use `get_subnet_hyperparams_v3` instead.'];

/** The hyperparameter structs answer None for a missing subnet. */
function hyperparams<T>(ctx: RuntimeApiContext, netuid: number, build: (h: Hyperparams) => T): T | undefined {
  return subnetExists(ctx.storage, netuid) ? build(Hyperparams.of(ctx.storage, netuid)) : undefined;
}

export const SubnetInfoRuntimeApi: RuntimeApiDecl = {
  name: 'SubnetInfoRuntimeApi',
  version: 2,
  methods: [
    method('get_subnet_info', [NETUID], optionOf(SubnetInfoType), (ctx, a) =>
      getSubnetInfo(ctx.storage, a.int('netuid')),
    ),
    method('get_subnets_info', [], vecOfOption(SubnetInfoType), (ctx) => getSubnetsInfo(ctx.storage)),
    method('get_subnet_info_v2', [NETUID], optionOf(SubnetInfoV2Type), (ctx, a) =>
      getSubnetInfoV2(ctx.storage, a.int('netuid')),
    ),
    method('get_subnets_info_v2', [], vecOfOption(SubnetInfoV2Type), (ctx) => getSubnetsInfoV2(ctx.storage)),
    method(
      'get_subnet_hyperparams',
      [NETUID],
      optionOf(SubnetHyperparamsType),
      (ctx, a) => hyperparams(ctx, a.int('netuid'), subnetHyperparams),
      deprecated,
    ),
    method(
      'get_subnet_hyperparams_v2',
      [NETUID],
      optionOf(SubnetHyperparamsV2Type),
      (ctx, a) => hyperparams(ctx, a.int('netuid'), subnetHyperparamsV2),
      deprecated,
    ),
    method('get_subnet_hyperparams_v3', [NETUID], optionOf(SubnetHyperparamsV3Type), (ctx, a) =>
      hyperparams(ctx, a.int('netuid'), subnetHyperparamsV3),
    ),
    method('get_all_dynamic_info', [], vecOfOption(DynamicInfoType), (ctx) =>
      getAllDynamicInfo(ctx.storage, ctx.blockNumber),
    ),
    method('get_all_metagraphs', [], vecOfOption(MetagraphType), (ctx) =>
      getAllMetagraphs(ctx.storage, ctx.blockNumber),
    ),
    method('get_metagraph', [NETUID], optionOf(MetagraphType), (ctx, a) =>
      getMetagraph(ctx.storage, a.int('netuid'), ctx.blockNumber),
    ),
    method('get_all_mechagraphs', [], vecOfOption(MetagraphType), (ctx) =>
      getAllMechagraphs(ctx.storage, ctx.blockNumber),
    ),
    method('get_mechagraph', [NETUID, ['mecid', u8, 'MechId']], optionOf(MetagraphType), (ctx, a) =>
      getMechagraph(ctx.storage, a.int('netuid'), a.int('mecid'), ctx.blockNumber),
    ),
    method('get_dynamic_info', [NETUID], optionOf(DynamicInfoType), (ctx, a) =>
      getDynamicInfo(ctx.storage, a.int('netuid'), ctx.blockNumber),
    ),
    method('get_subnet_state', [NETUID], optionOf(SubnetStateType), (ctx, a) =>
      getSubnetState(ctx.storage, a.int('netuid'), ctx.blockNumber),
    ),
    method('get_selective_metagraph', [NETUID, INDEXES], optionOf(SelectiveMetagraphType), (ctx, a) =>
      getSelectiveMetagraph(ctx.storage, a.int('netuid'), a.ints('metagraph_indexes'), ctx.blockNumber),
    ),
    method(
      'get_coldkey_auto_stake_hotkey',
      [['coldkey', AccountId32, 'AccountId32'], NETUID],
      optionOf(AccountId32),
      (_ctx, a) => {
        // Arguments are still checked, as a malformed call must fail rather than answer None.
        a.account('coldkey');
        a.int('netuid');
        return getColdkeyAutoStakeHotkey();
      },
    ),
    method(
      'get_selective_mechagraph',
      [NETUID, ['subid', u8, 'MechId'], INDEXES],
      optionOf(SelectiveMetagraphType),
      (ctx, a) =>
        getSelectiveMechagraph(
          ctx.storage,
          a.int('netuid'),
          a.int('subid'),
          a.ints('metagraph_indexes'),
          ctx.blockNumber,
        ),
    ),
    method('get_subnet_to_prune', [], option(u16), (ctx) => getSubnetToPrune(ctx.storage, ctx.blockNumber)),
    method('get_subnet_account_id', [NETUID], optionOf(AccountId32), (ctx, a) =>
      getSubnetAccountId(ctx.storage, a.int('netuid')),
    ),
    method('get_next_epoch_start_block', [NETUID], option(u64), (ctx, a) =>
      getNextEpochStartBlock(ctx.storage, a.int('netuid')),
    ),
  ],
};
