/**
 * registration.json through the runtime: burn decay in on_initialize, the bump of a real
 * burned_register, the legacy interval adjustment of a PoW subnet and pruning by registrations
 * into a full subnet, each read back from chain storage.
 *
 * Each case gets subnet 2 at genesis with the case's burn and bounds: on_initialize of block 1
 * already clamps the burn (it decays only from block 2), so they must be in place before it. The
 * rates go through AdminUtils as root in block 1 where the setter accepts the value; block 1
 * decays nothing, so the vector's "block 2" is the chain's block 2.
 */
import { concatBytes, keccak256, sha256, U64F64 } from '@tao-ts/primitives';
import {
  SubtensorStorage as S,
  freeBalance,
  type AccountId,
  type ApplyResult,
  type InvalidTransaction,
  type TestChain,
  type TestExtrinsic,
} from '@tao-ts/runtime';
import { arr, big, int, num, obj, str, type JsonObject } from '../fields.js';
import { burnSim, type BurnSim } from '../formats/chain.js';
import { type CaseResult, VectorFormatError, skip, verdict } from '../result.js';
import {
  admin,
  coldkey,
  hotkey,
  mismatch,
  newChain,
  outcomeError,
  runtimeCase,
  setupBlock,
  subtensor,
  SetupError,
} from './harness.js';

const NET = 2;
const U64_MAX = 0xffff_ffff_ffff_ffffn;
/** AdminUtils' accepted ranges: BurnHalfLife 1..=36_100, BurnIncreaseMult 1..=3. */
const MAX_BURN_HALF_LIFE = 36_100;
const MULT_RANGE = [U64F64.fromInt(1), U64F64.fromInt(3)] as const;

const halfLifeBySudo = (halfLife: number): boolean => halfLife > 0 && halfLife <= MAX_BURN_HALF_LIFE;
const multBySudo = (mult: bigint): boolean => mult >= MULT_RANGE[0] && mult <= MULT_RANGE[1];

// ---- burn price --------------------------------------------------------------------------------

/** A chain whose subnet NET starts at the case's burn and bounds; block 1 is still to run. */
function burnChain(sim: BurnSim, pow = false): TestChain {
  return newChain({
    subnets: [{ netuid: NET, tempo: 360, powRegistration: pow, burn: sim.burn, minBurn: sim.bounds.minBurn }],
    genesis: (s) => {
      S.MaxBurn.set(s, sim.bounds.maxBurn, NET);
      // Values AdminUtils refuses (half-life 0 or above 36_100, say) are genesis state instead.
      if (!halfLifeBySudo(sim.halfLife)) S.BurnHalfLife.set(s, sim.halfLife, NET);
      if (!multBySudo(sim.mult)) S.BurnIncreaseMult.set(s, sim.mult, NET);
    },
  });
}

/** Block 1's AdminUtils calls for the case's rates. */
function rateSetters(chain: TestChain, sim: BurnSim, registrationsPerBlock: number): TestExtrinsic[] {
  const out: TestExtrinsic[] = [];
  if (halfLifeBySudo(sim.halfLife))
    out.push(admin(chain, 'sudo_set_burn_half_life', { netuid: NET, burn_half_life: sim.halfLife }));
  if (multBySudo(sim.mult))
    out.push(admin(chain, 'sudo_set_burn_increase_mult', { netuid: NET, burn_increase_mult: sim.mult }));
  if (registrationsPerBlock > 1) {
    out.push(
      admin(chain, 'sudo_set_max_registrations_per_block', {
        netuid: NET,
        max_registrations_per_block: registrationsPerBlock,
      }),
    );
  }
  return out;
}

interface Check {
  readonly label: string;
  readonly expected: bigint;
}

/**
 * One block of a burn timeline. checks[0] is the burn after on_initialize, checks[k] the burn
 * after the k-th registration in the block. Inside a block the chain shows them as the price
 * the next registration pays; the last one is S.Burn after the block.
 */
interface PlannedBlock {
  registrations: number;
  readonly checks: (Check | undefined)[];
}

class BurnPlan {
  readonly blocks: PlannedBlock[] = [{ registrations: 0, checks: [] }];

  private get last(): PlannedBlock {
    return this.blocks[this.blocks.length - 1] as PlannedBlock;
  }

  /** A registration in the latest block (block 1 before any step: "in the same block"). */
  register(check?: Check): void {
    this.last.registrations += 1;
    this.last.checks[this.last.registrations] = check;
  }

  /** `count` more blocks; the burn after the last one's on_initialize is checked. */
  step(count: number, check?: Check): void {
    for (let i = 0; i < count; i++) this.blocks.push({ registrations: 0, checks: [] });
    if (check) this.last.checks[0] = check;
  }
}

/** Vector phrases: "register … -> N" or "step [K block(s)] -> N". */
function planEvent(plan: BurnPlan, event: string, field: string): void {
  const label = `${field} (${event})`;
  const register = /^register\b[^>]*->\s*(?:burn\s*)?(\d+)/.exec(event);
  if (register) return plan.register({ label, expected: BigInt(register[1] as string) });
  const step = /^step(?:\s+(\d+)\s+blocks?)?\s*->\s*(\d+)/.exec(event);
  if (step) {
    return plan.step(step[1] === undefined ? 1 : Number(step[1]), {
      label,
      expected: BigInt(step[2] as string),
    });
  }
  throw new VectorFormatError(field, `unrecognised event "${event}"`);
}

let hotkeySerial = 0;
/** Funded dev coldkeys besides Alice (Bob…Ferdie): one per registration in a block. */
const PAYERS = 5;

/** Execute the plan; the first difference, if any. `afterBlock` sees each block as it ends. */
function runPlan(
  chain: TestChain,
  sim: BurnSim,
  plan: BurnPlan,
  afterBlock?: (block: number) => string | undefined,
): string | undefined {
  const perBlock = Math.max(...plan.blocks.map((b) => b.registrations));
  if (perBlock > PAYERS)
    throw new SetupError(`${perBlock} registrations in a block: at most ${PAYERS} payers`);
  for (const [index, planned] of plan.blocks.entries()) {
    const setters = index === 0 ? rateSetters(chain, sim, perBlock) : [];
    // Each registration in a block has its own coldkey, so its balance shows the price it paid.
    const payers = Array.from({ length: planned.registrations }, (_, k) => coldkey(k));
    const registrations = payers.map((payer) =>
      subtensor(chain, payer, 'burned_register', { netuid: NET, hotkey: hotkey(++hotkeySerial) }),
    );
    const before = payers.map((payer) => freeBalance(chain.storage, payer));
    const { number, results } = chain.block([...setters, ...registrations]);
    for (const [i, result] of results.entries()) {
      const error = outcomeError(chain, result);
      if (error === undefined) continue;
      if (i < setters.length) throw new SetupError(`block ${number}: AdminUtils setter failed with ${error}`);
      return `block ${number}: burned_register failed with ${error}`;
    }
    const blockDifference = afterBlock?.(Number(number));
    for (let k = 0; k <= planned.registrations; k++) {
      const check = planned.checks[k];
      if (check === undefined) continue;
      const actual =
        k === planned.registrations
          ? S.Burn.get(chain.storage, NET)
          : (before[k] as bigint) -
            freeBalance(chain.storage, payers[k] as AccountId) -
            (results[setters.length + k] as ApplyResult).fee;
      const what = k === planned.registrations ? 'S.Burn' : `price paid by registration ${k + 1}`;
      const d = mismatch(`${check.label}: block ${number} ${what}`, check.expected, actual);
      if (d !== undefined) return d;
    }
    if (blockDifference !== undefined) return blockDifference;
  }
  return undefined;
}

function planAsserted(c: JsonObject, sim: BurnSim, i: number): BurnPlan {
  const plan = new BurnPlan();
  if (c.registrations_this_block_reset_to !== undefined) {
    // A registration in block 1 fills RegistrationsThisBlock; with BurnIncreaseMult 1 it leaves
    // the price alone, so the next block still decays the vector's initial burn.
    if (c.mult !== undefined && num(c.mult, 'mult') !== 1)
      throw new VectorFormatError(`asserted[${i}]`, 'registrations_this_block_reset_to needs mult 1');
    sim.mult = U64F64.one;
    plan.register();
  }
  if (c.steps !== undefined) {
    for (const [k, sJson] of arr(c.steps, 'steps').entries()) {
      const s = obj(sJson, `steps[${k}]`);
      plan.step(int(s.blocks, `steps[${k}].blocks`), {
        label: `steps[${k}]`,
        expected: big(s.burn, `steps[${k}].burn`),
      });
    }
  }
  if (c.events !== undefined) {
    for (const [k, e] of arr(c.events, 'events').entries())
      planEvent(plan, str(e, `events[${k}]`), `events[${k}]`);
  }
  if (c.after_one_block !== undefined)
    plan.step(1, { label: 'after_one_block', expected: big(c.after_one_block, 'after_one_block') });
  if (c.after_bump !== undefined)
    plan.register({ label: 'after_bump', expected: big(c.after_bump, 'after_bump') });
  return plan;
}

function runAsserted(file: string, cJson: unknown, i: number): CaseResult[] {
  const c = obj(cJson, `asserted[${i}]`);
  const id = `${file}#runtime/${typeof c.test === 'string' ? c.test : `asserted${i}`}`;
  const resetTo = c.registrations_this_block_reset_to;
  const counts: number[] = [];
  const out = runtimeCase(id, () => {
    const sim = burnSim(c);
    const plan = planAsserted(c, sim, i);
    const chain = burnChain(sim);
    const d = runPlan(chain, sim, plan, () => {
      counts.push(S.RegistrationsThisBlock.get(chain.storage, NET));
      return undefined;
    });
    return verdict(id, d);
  });
  if (resetTo !== undefined) {
    const sub = `${id}/registrations_this_block`;
    out.push(
      ...runtimeCase(sub, () =>
        verdict(
          sub,
          mismatch('RegistrationsThisBlock after block 1', 1, counts[0]) ??
            mismatch('RegistrationsThisBlock after block 2', big(resetTo, 'reset_to'), counts[1]),
        ),
      ),
    );
  }
  return out;
}

/** decay_factor_q32 as the chain applies it: a burn of 2^32 decays to exactly f in one block. */
function runDecayFactor(file: string, vJson: unknown, i: number): CaseResult[] {
  const v = obj(vJson, `derived_decay_factors.values[${i}]`);
  const halfLife = int(v.half_life, 'half_life');
  const id = `${file}#runtime/decay_factor/half_life=${halfLife}`;
  return runtimeCase(id, () => {
    const sim: BurnSim = {
      burn: 1n << 32n,
      halfLife,
      mult: U64F64.one,
      bounds: { minBurn: 0n, maxBurn: U64_MAX },
    };
    const plan = new BurnPlan();
    plan.step(1, { label: 'burn 2^32 after block 2', expected: big(v.decay_factor_q32, 'decay_factor_q32') });
    return verdict(id, runPlan(burnChain(sim), sim, plan));
  });
}

function runBurnSequence(file: string, cJson: unknown, i: number): CaseResult[] {
  const c = obj(cJson, `derived_burn_sequences.cases[${i}]`);
  const sim = burnSim(c);
  const id = `${file}#runtime/burn_sequence/half_life=${sim.halfLife}`;
  return runtimeCase(id, () => {
    const plan = new BurnPlan();
    for (const [k, want] of arr(
      c.burn_after_each_of_next_20_blocks,
      'burn_after_each_of_next_20_blocks',
    ).entries())
      plan.step(1, { label: `block ${k + 2}`, expected: big(want, 'burn') });
    return verdict(id, runPlan(burnChain(sim), sim, plan));
  });
}

// ---- legacy interval adjustment -----------------------------------------------------------------

/** Blocks per adjustment interval here: registrations in block 2, the adjustment in block 3. */
const INTERVAL = 3;

/** keccak256(sha256(nonce_u64_le ‖ keccak256(block_hash ‖ hotkey))), spelled out independently. */
function seal(blockHash: Uint8Array, nonce: bigint, key: AccountId): Uint8Array {
  const nonceBytes = new Uint8Array(8);
  new DataView(nonceBytes.buffer).setBigUint64(0, nonce, true);
  return keccak256(sha256(concatBytes(nonceBytes, keccak256(concatBytes(blockHash, key)))));
}

interface Interval {
  readonly regs: number;
  readonly pow: boolean;
  readonly target: number;
  readonly alpha: bigint;
  /** More block-1 setters. */
  readonly setup: TestExtrinsic[];
  /** Setters after the registrations in block 2 (before the interval closes). */
  readonly late: TestExtrinsic[];
}

/**
 * One adjustment interval on subnet NET: AdminUtils sets interval, target, alpha and the per
 * block cap in block 1, `regs` real registrations land in block 2, and the chain adjusts in
 * on_initialize once the interval is over.
 */
function runInterval(chain: TestChain, iv: Interval): void {
  setupBlock(chain, [
    admin(chain, 'sudo_set_adjustment_interval', { netuid: NET, adjustment_interval: INTERVAL }),
    admin(chain, 'sudo_set_target_registrations_per_interval', {
      netuid: NET,
      target_registrations_per_interval: iv.target,
    }),
    admin(chain, 'sudo_set_adjustment_alpha', { netuid: NET, adjustment_alpha: iv.alpha }),
    admin(chain, 'sudo_set_max_registrations_per_block', {
      netuid: NET,
      max_registrations_per_block: Math.max(iv.regs, 1),
    }),
    ...iv.setup,
  ]);
  // Work on block 1, whose hash the chain stores as BlockHash[1] when block 2 starts.
  const workBlock = chain.number;
  const registrations = Array.from({ length: iv.regs }, (_, k): TestExtrinsic => {
    const key = hotkey(++hotkeySerial);
    if (!iv.pow) return subtensor(chain, coldkey(k), 'burned_register', { netuid: NET, hotkey: key });
    return subtensor(chain, key, 'register', {
      netuid: NET,
      block_number: workBlock,
      nonce: 0n,
      work: seal(chain.parentHash, 0n, key),
      hotkey: key,
      coldkey: coldkey(k),
    });
  });
  setupBlock(chain, [...registrations, ...iv.late]);
  const last = S.LastAdjustmentBlock.get(chain.storage, NET);
  for (let i = 0; i < INTERVAL && S.LastAdjustmentBlock.get(chain.storage, NET) === last; i++) chain.block();
  if (S.LastAdjustmentBlock.get(chain.storage, NET) === last)
    throw new SetupError(`no adjustment within ${INTERVAL} blocks`);
}

function runLegacy(file: string, cJson: unknown, i: number): CaseResult[] {
  const c = obj(cJson, `legacy.cases[${i}]`);
  const name = `${file}#runtime/legacy/${typeof c.test === 'string' ? c.test : i}`;
  const alpha = big(c.adjustment_alpha ?? 0, 'adjustment_alpha');
  if (c.sequence !== undefined) {
    return arr(c.sequence, 'sequence').flatMap((sJson, k) => {
      const s = obj(sJson, `sequence[${k}]`);
      const id = `${name}/${k}`;
      return runtimeCase(id, () => {
        // Seals are solved at difficulty 1 (at the vector's 40_000 a seal costs ~40k hashes); the
        // difficulty the interval closes on is the vector's, set by root after the registrations.
        const chain = newChain({
          subnets: [{ netuid: NET, tempo: 360, powRegistration: true, difficulty: 1n, minDifficulty: 0n }],
        });
        runInterval(chain, {
          regs: int(s.regs, 'regs'),
          pow: true,
          target: int(s.target, 'target'),
          alpha,
          setup: [
            admin(chain, 'sudo_set_min_difficulty', { netuid: NET, min_difficulty: big(s.min ?? 0, 'min') }),
            admin(chain, 'sudo_set_max_difficulty', {
              netuid: NET,
              max_difficulty: big(s.max ?? U64_MAX, 'max'),
            }),
          ],
          late: [
            admin(chain, 'sudo_set_difficulty', { netuid: NET, difficulty: big(s.difficulty, 'difficulty') }),
          ],
        });
        return verdict(
          id,
          mismatch('S.Difficulty', big(s.next, 'next'), S.Difficulty.get(chain.storage, NET)),
        );
      });
    });
  }
  return runtimeCase(name, () => {
    // The legacy chain had neither the per-block decay nor the per-registration bump: half-life
    // 0 (genesis: the setter refuses it) and multiplier 1.
    const sim: BurnSim = {
      burn: big(c.initial_burn, 'initial_burn'),
      halfLife: 0,
      mult: U64F64.one,
      bounds: { minBurn: 0n, maxBurn: U64_MAX },
    };
    const chain = burnChain(sim, true);
    runInterval(chain, {
      regs: int(c.regs, 'regs'),
      pow: false,
      target: int(c.target, 'target'),
      alpha,
      setup: rateSetters(chain, sim, 1),
      late: [],
    });
    const got = S.Burn.get(chain.storage, NET);
    const want = big(c.expected_next_burn_approx, 'expected_next_burn_approx');
    const eps = big(c.epsilon ?? 0, 'epsilon');
    const diff = got > want ? got - want : want - got;
    return verdict(name, diff <= eps ? undefined : `S.Burn: expected ${want} ± ${eps}, got ${got}`);
  });
}

// ---- pruning -------------------------------------------------------------------------------------

interface PruneSetup {
  readonly chain: TestChain;
  /** The registration that needs a uid from get_neuron_to_prune. */
  readonly newcomer: AccountId;
}

/** burned_register of a fresh hotkey by `payer` into NET, alone in its own block. */
function registerInOwnBlock(chain: TestChain, payer: AccountId, extra: TestExtrinsic[] = []): AccountId {
  const key = hotkey(++hotkeySerial);
  setupBlock(chain, [...extra, subtensor(chain, payer, 'burned_register', { netuid: NET, hotkey: key })]);
  return key;
}

function numberIn(text: unknown, pattern: RegExp, field: string): number {
  const match = typeof text === 'string' ? pattern.exec(text) : null;
  if (!match) throw new VectorFormatError(field, `no ${String(pattern)} in the description`);
  return Number(match[1]);
}

/** The pruning vectors describe their subnets in prose; each has a scenario built by real calls. */
const pruneScenarios: Record<string, (c: JsonObject) => PruneSetup> = {
  // n non-immune neurons registered in ascending blocks, equal emissions: the earliest goes.
  test_prune_tie_breakers_non_immune_emission_block_uid: (c) => {
    const emissions = arr(c.emissions, 'emissions').map((e, i) => big(e, `emissions[${i}]`));
    const chain = newChain({
      subnets: [{ netuid: NET, tempo: 0 }],
      // AdminUtils refuses MaxAllowedUids below MinAllowedUids (64).
      genesis: (s) => S.MaxAllowedUids.set(s, emissions.length, NET),
    });
    const setters = [
      admin(chain, 'sudo_set_immunity_period', {
        netuid: NET,
        immunity_period: int(c.immunity_period, 'immunity_period'),
      }),
      admin(chain, 'sudo_set_min_non_immune_uids', {
        netuid: NET,
        min: int(c.min_non_immune, 'min_non_immune'),
      }),
    ];
    emissions.forEach((_, k) => registerInOwnBlock(chain, coldkey(0), k === 0 ? setters : []));
    // Emission is the epoch's output; the vector fixes it.
    S.Emission.set(chain.storage, emissions, NET);
    return { chain, newcomer: coldkey(1) };
  },
  // Three non-immune uids and a fresh one (uid 3) with MinNonImmuneUids = 3: the immune one goes.
  test_prune_respects_min_non_immune_floor_prefers_immune: (c) => {
    const floor = numberIn(c.description, /MinNonImmuneUids=(\d+)/, 'description');
    const chain = newChain({
      subnets: [{ netuid: NET, tempo: 0 }],
      genesis: (s) => S.MaxAllowedUids.set(s, floor + 1, NET),
    });
    // Immunity 2: uids 0..floor-1 (blocks 1..floor) are past it when the newcomer arrives at
    // block floor + 2, uid `floor` (block floor + 1) is not.
    const setters = [
      admin(chain, 'sudo_set_immunity_period', { netuid: NET, immunity_period: 2 }),
      admin(chain, 'sudo_set_min_non_immune_uids', { netuid: NET, min: floor }),
    ];
    for (let k = 0; k <= floor; k++) registerInOwnBlock(chain, coldkey(0), k === 0 ? setters : []);
    const next = chain.number + 1n;
    const immune = Array.from({ length: floor + 1 }, (_, uid) => uid).filter(
      (uid) => next - S.BlockAtRegistration.get(chain.storage, NET, uid) < 2n,
    );
    if (immune.join() !== String(floor)) throw new SetupError(`immune uids ${immune.join()}, not ${floor}`);
    return { chain, newcomer: coldkey(1) };
  },
  // Every uid is an owner hotkey within ImmuneOwnerUidsLimit: nobody can be pruned.
  test_prune_all_owner_immortal_returns_none: (c) => {
    const limit = numberIn(c.description, /ImmuneOwnerUidsLimit=(\d+)/, 'description');
    const n = numberIn(c.description, /all (\d+) uids/, 'description');
    const owner = coldkey(0);
    const chain = newChain({
      // The owner's own key is its hotkey and holds uid 0, as register_network leaves it.
      subnets: [{ netuid: NET, tempo: 0, owner }],
      genesis: (s) => S.MaxAllowedUids.set(s, n, NET),
    });
    const setters = [
      admin(chain, 'sudo_set_owner_immune_neuron_limit', { netuid: NET, immune_neurons: limit }),
    ];
    for (let k = 1; k < n; k++) registerInOwnBlock(chain, owner, k === 1 ? setters : []);
    return { chain, newcomer: coldkey(1) };
  },
};

function runPruning(file: string, cJson: unknown, i: number): CaseResult[] {
  const c = obj(cJson, `pruning.cases[${i}]`);
  const test = typeof c.test === 'string' ? c.test : String(i);
  const id = `${file}#runtime/pruning/${test}`;
  const scenario = pruneScenarios[test];
  if (!scenario) return [skip(id, 'no runtime scenario for this prose-described pruning case')];
  return runtimeCase(id, () => {
    const { chain, newcomer } = scenario(c);
    const n = S.SubnetworkN.get(chain.storage, NET);
    if (n !== S.MaxAllowedUids.get(chain.storage, NET)) throw new SetupError(`subnet not full (${n} uids)`);
    const key = hotkey(++hotkeySerial);
    const { results } = chain.block([
      subtensor(chain, newcomer, 'burned_register', { netuid: NET, hotkey: key }),
    ]);
    const error = outcomeError(chain, results[0] as ApplyResult | InvalidTransaction);
    if (c.expected === null)
      return verdict(
        id,
        mismatch('burned_register into a full subnet', 'SubtensorModule.NoNeuronIdAvailable', error),
      );
    if (error !== undefined) return verdict(id, `burned_register failed with ${error}`);
    const uid = S.Uids.tryGet(chain.storage, NET, key);
    return verdict(
      id,
      mismatch('uid given to the newcomer (the pruned one)', big(c.expected, 'expected'), uid) ??
        mismatch('SubnetworkN', n, S.SubnetworkN.get(chain.storage, NET)),
    );
  });
}

/** registration.json's runtime-driven cases, after its pure-function ones. */
export function runRegistrationRuntime(file: string, doc: JsonObject): CaseResult[] {
  const results = arr(doc.asserted, 'asserted').flatMap((c, i) => runAsserted(file, c, i));
  if (doc.derived_decay_factors !== undefined) {
    const values = arr(obj(doc.derived_decay_factors, 'derived_decay_factors').values, 'values');
    values.forEach((v, i) => results.push(...runDecayFactor(file, v, i)));
  }
  if (doc.derived_burn_sequences !== undefined) {
    const cases = arr(obj(doc.derived_burn_sequences, 'derived_burn_sequences').cases, 'cases');
    cases.forEach((c, i) => results.push(...runBurnSequence(file, c, i)));
  }
  if (doc.legacy !== undefined) {
    arr(obj(doc.legacy, 'legacy').cases, 'legacy.cases').forEach((c, i) =>
      results.push(...runLegacy(file, c, i)),
    );
  }
  if (doc.pruning !== undefined) {
    arr(obj(doc.pruning, 'pruning').cases, 'pruning.cases').forEach((c, i) =>
      results.push(...runPruning(file, c, i)),
    );
  }
  return results;
}
