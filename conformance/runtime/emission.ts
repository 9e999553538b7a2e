/**
 * emission_halving.json and coinbase.json through the runtime: TotalIssuance written into chain
 * storage, a block run, and what the chain's own coinbase did read back (S.BlockEmission, the
 * issuance it minted, the TAO and alpha it put into subnets, the owner's pending cut).
 */
import { SubtensorStorage as S, type TestChain } from '@tao-ts/runtime';
import { arr, big, int, obj, type JsonObject } from '../fields.js';
import { ownerCutAlphaOut, ownerCutOf } from '../formats/coinbase.js';
import { type CaseResult, verdict } from '../result.js';
import { admin, mismatch, newChain, runtimeCase, setupBlock, SetupError } from './harness.js';

/** Blocks per halving step in test_issuance_bounds: issuance += emission × 10_500_000. */
const BLOCKS_PER_STEP = 10_500_000n;

/** Dev subnet 1 emits alone; with tempo 0 no epoch moves its alpha while a block is measured. */
function emissionChain(): TestChain {
  return newChain({ genesis: (s) => S.Tempo.set(s, 0, 1) });
}

function sumOver(chain: TestChain, item: typeof S.SubnetTAO): bigint {
  let sum = 0n;
  for (const [, value] of item.entries(chain.storage)) sum += value;
  return sum;
}

interface Minted {
  readonly blockEmission: bigint;
  /** TotalIssuance after the block minus the issuance written before it. */
  readonly issuance: bigint;
  readonly subnetTao: bigint;
  readonly subnetAlphaOut: bigint;
}

/** Write TotalIssuance, run one block, and report what its coinbase minted. */
function mintAt(chain: TestChain, issuance: bigint): Minted {
  S.TotalIssuance.set(chain.storage, issuance);
  const tao = sumOver(chain, S.SubnetTAO);
  const alpha = sumOver(chain, S.SubnetAlphaOut);
  chain.block();
  return {
    blockEmission: S.BlockEmission.get(chain.storage),
    issuance: S.TotalIssuance.get(chain.storage) - issuance,
    subnetTao: sumOver(chain, S.SubnetTAO) - tao,
    subnetAlphaOut: sumOver(chain, S.SubnetAlphaOut) - alpha,
  };
}

/** Every view of one block's emission must equal `expected`. */
function emissionDifference(expected: bigint, m: Minted, at: string): string | undefined {
  return (
    mismatch(`${at}: S.BlockEmission`, expected, m.blockEmission) ??
    mismatch(`${at}: TotalIssuance minted`, expected, m.issuance) ??
    mismatch(`${at}: TAO into subnets (Σ SubnetTAO)`, expected, m.subnetTao) ??
    mismatch(`${at}: alpha out of subnets (Σ SubnetAlphaOut)`, expected, m.subnetAlphaOut)
  );
}

export function runHalvingRuntime(file: string, c: JsonObject, index: number): CaseResult[] {
  const name = `${file}#runtime/${typeof c.test === 'string' ? c.test : `case${index}`}`;
  if (c.table !== undefined) {
    const chain = emissionChain();
    return arr(c.table, 'table').flatMap((rowJson, i) => {
      const row = obj(rowJson, `table[${i}]`);
      const issuance = big(row.total_issuance, `table[${i}].total_issuance`);
      const id = `${name}/issuance=${issuance}`;
      return runtimeCase(id, () =>
        verdict(
          id,
          emissionDifference(big(row.block_emission, 'block_emission'), mintAt(chain, issuance), 'block'),
        ),
      );
    });
  }
  if (c.expected_final_issuance !== undefined) {
    // 10.5M blocks a step are out of reach, so each step runs one block at the step's issuance
    // and counts what the chain's coinbase minted in it 10.5M times.
    return runtimeCase(name, () => {
      const chain = emissionChain();
      let issuance = 0n;
      for (let step = 0; step < 100; step++) {
        const m = mintAt(chain, issuance);
        const d = mismatch(`step ${step}: minted vs S.BlockEmission`, m.blockEmission, m.issuance);
        if (d !== undefined) return verdict(name, d);
        issuance += m.issuance * BLOCKS_PER_STEP;
      }
      return verdict(
        name,
        mismatch('final issuance', big(c.expected_final_issuance, 'expected_final_issuance'), issuance),
      );
    });
  }
  if (c.thresholds !== undefined) {
    const chain = emissionChain();
    return arr(c.thresholds, 'thresholds').flatMap((tJson, i) => {
      const t = obj(tJson, `thresholds[${i}]`);
      const id = `${file}#runtime/halving${int(t.halving ?? i, 'halving')}`;
      return runtimeCase(id, () => {
        const at = big(t.first_issuance_rao, `thresholds[${i}].first_issuance_rao`);
        return verdict(
          id,
          emissionDifference(big(t.emission_at, 'emission_at'), mintAt(chain, at), 'at the threshold') ??
            emissionDifference(
              big(t.emission_just_before, 'emission_just_before'),
              mintAt(chain, at - 1n),
              'one rao before',
            ),
        );
      });
    });
  }
  return [];
}

/**
 * test_owner_cut_base on the dev chain: root sets SubnetOwnerCut in block 1, and block 2's
 * coinbase (subnet 1 emits alone, no epoch due) adds the cut of its alpha to PendingOwnerCut.
 */
function runOwnerCut(file: string, c: JsonObject, name: string): CaseResult[] {
  const expected = obj(c.expected, 'expected');
  return Object.keys(expected).flatMap((key) => {
    const id = `${file}#runtime/${name}/${key}`;
    return runtimeCase(id, () => {
      const alphaOut = ownerCutAlphaOut(c);
      const chain = newChain();
      setupBlock(chain, [admin(chain, 'sudo_set_subnet_owner_cut', { subnet_owner_cut: ownerCutOf(key) })]);
      const cut = S.PendingOwnerCut.get(chain.storage, 1);
      const alpha = S.SubnetAlphaOut.get(chain.storage, 1);
      const epoch = S.SubnetEpochIndex.get(chain.storage, 1);
      chain.block();
      if (S.SubnetEpochIndex.get(chain.storage, 1) !== epoch)
        throw new SetupError('an epoch drained block 2');
      return verdict(
        id,
        mismatch(
          'alpha out minted into subnet 1',
          alphaOut,
          S.SubnetAlphaOut.get(chain.storage, 1) - alpha,
        ) ??
          mismatch(
            'PendingOwnerCut added',
            big(expected[key], `expected.${key}`),
            S.PendingOwnerCut.get(chain.storage, 1) - cut,
          ),
      );
    });
  });
}

/** coinbase.json's runtime-driven cases for one vector case, if the runtime covers its function. */
export function runCoinbaseRuntime(file: string, c: JsonObject, fn: string, name: string): CaseResult[] {
  return fn === 'owner cut' ? runOwnerCut(file, c, name) : [];
}
