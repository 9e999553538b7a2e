/**
 * weights.json through the runtime: the weight rules as real set_weights extrinsics on the dev
 * chain's subnet 1 (Alice owns it and holds uid 0; other uids come from burned_register), and
 * the commit hash as the chain computes it when a commit_weights is revealed.
 */
import { vecU16MaxUpscaleToU16 } from '@tao-ts/yuma';
import {
  SubtensorStorage as S,
  type AccountId,
  type ApplyResult,
  type InvalidTransaction,
  type TestChain,
  type TestExtrinsic,
} from '@tao-ts/runtime';
import { firstDifference } from '../compare.js';
import { arr, big, bool, int, obj, str, type JsonObject } from '../fields.js';
import { type CaseResult, verdict } from '../result.js';
import {
  admin,
  alice,
  coldkey,
  hotkey,
  newChain,
  outcomeError,
  runtimeCase,
  setupBlock,
  subtensor,
  SetupError,
} from './harness.js';

const NET = 1;
/** GLOBAL_MAX_SUBNET_COUNT: a mechanism's storage index is mecid × 4096 + netuid. */
const MAX_SUBNETS = 4096;

const u16List = (value: unknown, field: string): number[] =>
  arr(value, field).map((v, i) => int(v, `${field}[${i}]`));

function hex(value: unknown, field: string): Uint8Array {
  return Uint8Array.from(Buffer.from(str(value, field).replace(/^0x/, ''), 'hex'));
}

const toHex = (bytes: Uint8Array): string => `0x${Buffer.from(bytes).toString('hex')}`;

let serial = 0;

/**
 * Register neurons on `netuid` (one burned_register a block, paid by Bob) until it has `n`
 * uids; `at` puts a chosen hotkey at a chosen uid.
 */
function fillSubnet(chain: TestChain, netuid: number, n: number, at?: { uid: number; key: AccountId }): void {
  for (let uid = S.SubnetworkN.get(chain.storage, netuid); uid < n; uid++) {
    const key = at !== undefined && at.uid === uid ? at.key : hotkey(0x1000 + ++serial);
    setupBlock(chain, [subtensor(chain, coldkey(0), 'burned_register', { netuid, hotkey: key })]);
    if (S.Uids.tryGet(chain.storage, netuid, key) !== uid)
      throw new SetupError(`hotkey for uid ${uid} registered elsewhere`);
  }
}

function keyOf(chain: TestChain, netuid: number, uid: number): AccountId {
  const key = S.Keys.tryGet(chain.storage, netuid, uid);
  if (key === undefined) throw new SetupError(`uid ${uid} is not registered`);
  return key;
}

/** One set_weights signed by `who` in its own block, after `before` (root setters) in it. */
function setWeights(
  chain: TestChain,
  who: AccountId,
  dests: number[],
  weights: number[],
  versionKey: bigint,
  before: TestExtrinsic[] = [],
): string | undefined {
  const call = subtensor(chain, who, 'set_weights', { netuid: NET, dests, weights, version_key: versionKey });
  const { results } = chain.block([...before, call]);
  results.slice(0, before.length).forEach((r) => {
    const error = outcomeError(chain, r);
    if (error !== undefined) throw new SetupError(`setter failed with ${error}`);
  });
  return outcomeError(chain, results[before.length] as ApplyResult | InvalidTransaction);
}

/** The stored row of `uid` as [uid, weight] pairs. */
function storedRow(chain: TestChain, netuidIndex: number, uid: number): [number, number][] {
  return S.Weights.get(chain.storage, netuidIndex, uid);
}

const expectedRow = (uids: readonly number[], values: readonly number[]): [number, number][] => {
  const upscaled = vecU16MaxUpscaleToU16(values);
  return uids.map((u, i) => [u, upscaled[i] ?? 0]);
};

type Runner = (file: string, c: JsonObject, name: string) => CaseResult[];

const runners: Record<string, Runner> = {
  // WeightsVersionKey set by root, then Alice (the owner, uid 0) weights uid 1 with `given`.
  check_version_key: (file, c, name) =>
    arr(c.cases, 'cases').flatMap((xJson, i) => {
      const id = `${file}#runtime/${name}/${i}`;
      return runtimeCase(id, () => {
        const x = obj(xJson, `cases[${i}]`);
        const ok = bool(x.ok, 'ok');
        const chain = newChain();
        fillSubnet(chain, NET, 2);
        const error = setWeights(chain, alice(), [1], [1], big(x.given, 'given'), [
          admin(chain, 'sudo_set_weights_version_key', {
            netuid: NET,
            weights_version_key: big(x.network_key, 'network_key'),
          }),
        ]);
        const want = ok ? undefined : 'SubtensorModule.IncorrectWeightVersionKey';
        return verdict(
          id,
          firstDifference(want, error, 'set_weights error') ??
            firstDifference(ok ? expectedRow([1], [1]) : [], storedRow(chain, NET, 0), 'S.Weights[1][0]'),
        );
      });
    }),

  // The caller signs its own row; a self weight needs no validator permit and passes the length
  // and max-weight rules whatever MinAllowedWeights and MaxWeightsLimit say.
  'is_self_weight / check_length': (file, c, name) =>
    arr(c.cases, 'cases').flatMap((xJson, i) => {
      const x = obj(xJson, `cases[${i}]`);
      const id = `${file}#runtime/${typeof x.test === 'string' ? x.test : `${name}/${i}`}`;
      return runtimeCase(id, () => {
        const caller = int(x.caller_uid, 'caller_uid');
        const uids = u16List(x.uids, 'uids');
        const values = u16List(x.values, 'values');
        const chain = newChain();
        const n = Math.max(int(x.subnetwork_n ?? 0, 'subnetwork_n'), caller + 1, ...uids.map((u) => u + 1));
        fillSubnet(chain, NET, n);
        const self = uids.length === 1 && values.length === 1 && uids[0] === caller;
        // Only an epoch grants permits; a non-self row from a non-owner needs one to reach the rules.
        if (!self && caller !== 0)
          S.ValidatorPermit.update(chain.storage, [NET], (v) => v.map((p, u) => p || u === caller));
        // MaxWeightsLimit has no setter any more (subtensor removed it); the item is still checked.
        if (x.max_weight_limited !== undefined) S.MaxWeightsLimit.set(chain.storage, 0, NET);
        const setters =
          x.min_allowed_weights === undefined
            ? []
            : [
                admin(chain, 'sudo_set_min_allowed_weights', {
                  netuid: NET,
                  min_allowed_weights: int(x.min_allowed_weights, 'min_allowed_weights'),
                }),
              ];
        const error = setWeights(chain, keyOf(chain, NET, caller), uids, values, 0n, setters);
        const ok = x.ok === undefined ? true : bool(x.ok, 'ok');
        const want = ok ? undefined : 'SubtensorModule.WeightVecLengthIsLow';
        return verdict(
          id,
          firstDifference(want, error, 'set_weights error') ??
            (ok
              ? firstDifference(expectedRow(uids, values), storedRow(chain, NET, caller), 'S.Weights')
              : undefined),
        );
      });
    }),

  // The owner (uid 0, which needs no permit) weights uids 0 and 1 with values summing past u16::MAX.
  'set_weights storage': (file, c, name) => {
    const id = `${file}#runtime/${name}`;
    return runtimeCase(id, () => {
      const stored = u16List(c.stored, 'stored');
      const description = typeof c.description === 'string' ? c.description : '';
      const match = /values \[([\d,\s]+)\]/.exec(description);
      const values = match
        ? (match[1] as string).split(',').map((v) => Number(v.trim()))
        : stored.map(() => 65535);
      const uids = values.map((_, i) => i);
      const chain = newChain();
      fillSubnet(chain, NET, uids.length);
      const error = setWeights(chain, alice(), uids, values, 0n);
      const row = storedRow(chain, NET, 0);
      return verdict(
        id,
        firstDifference(undefined, error, 'set_weights error') ??
          firstDifference(
            uids,
            row.map(([u]) => u),
            'S.Weights uids',
          ) ??
          firstDifference(
            stored,
            row.map(([, w]) => w),
            'S.Weights values',
          ),
      );
    });
  },

  'get_commit_hash (commit-reveal v2)': (file, c, name) =>
    arr(c.examples, 'examples').flatMap((xJson, i) => {
      const id = `${file}#runtime/${name}/${i}`;
      return runtimeCase(id, () => verdict(id, commitAndReveal(obj(xJson, `examples[${i}]`))));
    }),
};

/**
 * commit_weights with the vector's hash from the vector's hotkey on the vector's mechanism, then
 * reveal_weights with its preimage in the reveal epoch: the reveal is accepted only if the chain
 * hashes the preimage to the committed hash, and its WeightsRevealed event carries that hash.
 */
function commitAndReveal(x: JsonObject): string | undefined {
  const who = hex(x.hotkey, 'hotkey');
  const index = int(x.netuid_index, 'netuid_index');
  const netuid = index % MAX_SUBNETS;
  const mecid = Math.floor(index / MAX_SUBNETS);
  const uids = u16List(x.uids, 'uids');
  const values = u16List(x.values, 'values');
  const salt = u16List(x.salt, 'salt');
  const versionKey = big(x.version_key, 'version_key');
  const hash = str(x.hash, 'hash').toLowerCase();
  const chain = newChain({
    subnets: netuid === NET ? [] : [{ netuid, tempo: 10 }],
    genesis: (s) => {
      if (mecid > 0) S.MechanismCountCurrent.set(s, mecid + 1, netuid);
    },
  });

  // The hotkey takes the highest uid its row names (a singleton row is then a self weight),
  // unless it is registered already (Alice, the owner of subnet 1).
  const top = Math.max(...uids, 0);
  if (S.Uids.tryGet(chain.storage, netuid, who) === undefined) {
    fillSubnet(chain, netuid, Math.max(top, S.SubnetworkN.get(chain.storage, netuid)));
    fillSubnet(chain, netuid, S.SubnetworkN.get(chain.storage, netuid) + 1, {
      uid: S.SubnetworkN.get(chain.storage, netuid),
      key: who,
    });
  }
  fillSubnet(chain, netuid, top + 1);
  const uid = S.Uids.tryGet(chain.storage, netuid, who) as number;
  const owner = S.SubnetOwnerHotkey.tryGet(chain.storage, netuid);
  const isOwner = owner !== undefined && toHex(owner) === toHex(who);
  if (!isOwner && !(uids.length === 1 && uids[0] === uid))
    S.ValidatorPermit.update(chain.storage, [netuid], (v) => v.map((p, u) => p || u === uid));
  setupBlock(chain, [admin(chain, 'sudo_set_commit_reveal_weights_enabled', { netuid, enabled: true })]);

  const mech = mecid === 0 ? {} : { mecid };
  const commitCall = mecid === 0 ? 'commit_weights' : 'commit_mechanism_weights';
  setupBlock(chain, [subtensor(chain, who, commitCall, { netuid, ...mech, commit_hash: hex(hash, 'hash') })]);
  const commits = S.WeightCommits.tryGet(chain.storage, index, who) ?? [];
  const commit = commits[commits.length - 1];
  if (commit === undefined) return `no commit stored under netuid_index ${index}`;
  const d = firstDifference(hash, toHex(commit[0]), 'stored commit hash');
  if (d !== undefined) return d;

  const revealEpoch = commit[1] + S.RevealPeriodEpochs.get(chain.storage, netuid);
  const limit = chain.number + 4n * BigInt(S.Tempo.get(chain.storage, netuid) + 1);
  while (S.SubnetEpochIndex.get(chain.storage, netuid) < revealEpoch && chain.number < limit) chain.block();
  const revealCall = mecid === 0 ? 'reveal_weights' : 'reveal_mechanism_weights';
  const reveal = subtensor(chain, who, revealCall, {
    netuid,
    ...mech,
    uids,
    values,
    salt,
    version_key: versionKey,
  });
  const { results } = chain.block([reveal]);
  const result = results[0] as ApplyResult | InvalidTransaction;
  const error = outcomeError(chain, result);
  if (error !== undefined) return `${revealCall} in epoch ${revealEpoch} failed with ${error}`;
  const [revealed] = chain.eventsNamed(
    (result as ApplyResult).events,
    'SubtensorModule',
    'WeightsRevealed',
  ) as [AccountId, number, Uint8Array][];
  return (
    firstDifference(hash, revealed ? toHex(revealed[2]) : undefined, 'WeightsRevealed hash') ??
    firstDifference(index, revealed?.[1], 'WeightsRevealed netuid_index') ??
    firstDifference(expectedRow(uids, values), storedRow(chain, index, uid), 'S.Weights after the reveal')
  );
}

/** weights.json's runtime-driven cases for one vector case, if the runtime covers its function. */
export function runWeightsRuntime(file: string, c: JsonObject, fn: string, name: string): CaseResult[] {
  const runner = runners[fn];
  return runner ? runner(file, c, name) : [];
}
