/**
 * Property tests of the runtime over random call sequences (see call-generator.ts): the chain's
 * invariants hold after every block, a failed call changes nothing but its signer's nonce and
 * fee, invalid transactions change nothing at all, and replaying the same blocks from genesis
 * gives the same state.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { InvalidTransaction } from '../frame/dispatch.js';
import { describeDispatchError, type ApplyResult } from '../frame/executive.js';
import type { RuntimeCallValue } from '../frame/pallet.js';
import type { Runtime } from '../frame/runtime.js';
import { SystemStorage, account, emptyAccount } from '../frame/system.js';
import { TAO, devAccount, devSpec } from '../genesis.js';
import { BalancesStorage, EXISTENTIAL_DEPOSIT } from '../pallets/balances.js';
import { S } from '../pallets/subtensor/storage.js';
import type { StorageItem } from '../storage/items.js';
import type { ReadableStorage } from '../storage/kv.js';
import type { AccountId, AccountInfo } from '../types/substrate.js';
import { blocksOf, prepare, scenarioArb, toExtrinsic, type Scenario, type Xt } from './call-generator.js';
import { TestChain, errorName } from './chain.js';
import { invariantViolations, stateDigest } from './invariants.js';
import {
  changedItems,
  itemOfKey,
  recordedBlock,
  type RecordedBlock,
  type RecordedExtrinsic,
} from './recorded-block.js';

/** Deriving the dev keys is the slow part of a chain: one spec for every run. */
const SPEC = devSpec();
/** PROPERTY_RUNS_SCALE=20 multiplies every property's runs (a longer search than CI's). */
const SCALE = Number(process.env['PROPERTY_RUNS_SCALE'] ?? '1');
const runs = (n: number): { numRuns: number; includeErrorInReport: boolean } => ({
  numRuns: Math.max(1, Math.round(n * SCALE)),
  includeErrorInReport: true,
});

const scenario = (maxSteps: number, maxPerBlock: number, nonceSkew = false): fc.Arbitrary<Scenario> =>
  scenarioArb({ maxSteps, maxPerBlock, nonceSkew });

/** A fresh dev chain and the blocks the scenario runs on it. */
function start(scenario: Scenario): { chain: TestChain; blocks: Iterable<readonly Xt[]> } {
  const chain = new TestChain(SPEC);
  return { chain, blocks: blocksOf(prepare(chain.storage, scenario)) };
}

const extrinsics = (chain: TestChain, xts: readonly Xt[]) => xts.map((xt) => toExtrinsic(chain.runtime, xt));

/** Whether a block's extrinsics may create TAO outside emission (sudo minting, lock top-ups). */
function mayMint(xts: readonly Xt[]): boolean {
  return xts.some(
    ({ action }) =>
      action.kind === 'register_network' ||
      (action.kind === 'sudo' && action.inner.kind === 'force_set_balance'),
  );
}

test('genesis of the dev chain satisfies every invariant', () => {
  assert.deepEqual(invariantViolations(new TestChain(SPEC).storage), []);
});

test('root minting and burning with force_set_balance keeps both issuance ledgers in step', () => {
  // Found by the invariant property: SubtensorModule.TotalIssuance ignored force_set_balance.
  const [alice, bob] = [devAccount('Alice'), devAccount('Bob')];
  for (const value of [1n, 0n, 5_000_000n * TAO]) {
    const chain = new TestChain(SPEC);
    const set = chain.call('Balances', 'force_set_balance', {
      who: { tag: 'Id', value: bob },
      new_free: value,
    });
    chain.block([{ signer: alice, call: chain.call('Sudo', 'sudo', { call: set }) }]);
    assert.equal(account(chain.storage, bob).data.free, value < 500n ? 0n : value);
    assert.deepEqual(invariantViolations(chain.storage), [], `force_set_balance(${value})`);
  }
});

test('property: the invariants hold after every block of a random call sequence', () => {
  fc.assert(
    fc.property(scenario(30, 5), (sc) => {
      const { chain, blocks } = start(sc);
      for (const xts of blocks) {
        const before = S.TotalIssuance.get(chain.storage);
        const { number } = chain.block(extrinsics(chain, xts));
        const problems = invariantViolations(chain.storage);
        assert.deepEqual(problems, [], `block ${number}`);
        // New TAO comes only from block emission (bounded by this block's BlockEmission).
        const minted = S.TotalIssuance.get(chain.storage) - before;
        if (!mayMint(xts)) {
          assert.ok(minted <= S.BlockEmission.get(chain.storage), `block ${number} minted ${minted} rao`);
        }
      }
    }),
    runs(100),
  );
});

// ---- a failed call changes nothing but nonce and fee ------------------------------------------

/** Bookkeeping every included extrinsic may touch. */
const EXTRINSIC_COUNT = SystemStorage.ExtrinsicCount.key();

/** A storage value as an item reads it from these bytes (its default when absent). */
function valueOf<K extends unknown[], V>(
  item: StorageItem<K, V>,
  bytes: Uint8Array | undefined,
  ...keys: K
): V {
  const view: ReadableStorage = { get: () => bytes, scan: () => [] };
  return item.get(view, ...keys);
}

/** pallet_transaction_payment with subtensor's parameters, written out independently. */
function expectedFee(runtime: Runtime, call: RuntimeCallValue, length: number, tip: bigint): bigint {
  const def = runtime.callDef(call);
  if (def === undefined) throw new Error(`no call ${call.tag}.${call.value.tag}`);
  if ((def.pays ?? 'Yes') === 'No') return tip;
  const weight = def.weight(call.value.value as never);
  return 125_000_000n / 2_000n + BigInt(length) + (weight * 500_000n) / 1_000_000_000n + tip;
}

const sameKey = (a: AccountId, b: AccountId | undefined): boolean =>
  b !== undefined && a.length === b.length && a.every((x, i) => x === b[i]);

/**
 * The error a failed call reports is a real DispatchError; module errors name their pallet's
 * declared error (index and error byte resolve back to the same name).
 */
function checkDispatchError(runtime: Runtime, result: ApplyResult, where: string): void {
  const error = result.error;
  assert.ok(error, `${where}: a failed call carries its DispatchError`);
  const value = error.value;
  if (value.tag === 'Module') {
    assert.match(error.errorName ?? '', /^[A-Za-z]+\.[A-Za-z]+$/, `${where}: module error name`);
    assert.equal(describeDispatchError(runtime, value), error.errorName, `${where}: error index`);
  } else if (value.tag === 'Token') {
    assert.equal(error.errorName, `Token.${(value.value as { tag: string }).tag}`, where);
  } else {
    assert.ok(['BadOrigin', 'CannotLookup', 'Arithmetic'].includes(value.tag), `${where}: ${value.tag}`);
  }
  assert.equal(result.events.length, 1, `${where}: a failed call leaves only ExtrinsicFailed`);
  const [record] = result.events;
  assert.equal(record?.event.tag, 'System');
  assert.equal(record.event.value.tag, 'ExtrinsicFailed');
  const payload = record.event.value.value as { dispatch_error: unknown };
  assert.deepEqual(payload.dispatch_error, value, `${where}: the event carries the error`);
}

/**
 * What one extrinsic may have changed. Invalid: nothing. Dispatched: the signer's nonce moved by
 * one. Failed: besides that only the fee moved (signer → block author, or destroyed when the
 * author could not receive it, which lowers both issuances), and System.ExtrinsicCount.
 */
function checkExtrinsic(
  chain: TestChain,
  block: RecordedBlock,
  xt: RecordedExtrinsic,
  tip: bigint,
  call: RuntimeCallValue,
): void {
  const where = `block ${chain.number} ${call.tag}.${call.value.tag} (${errorName(xt.result) ?? 'ok'})`;
  const named = (key: string): string => itemOfKey(chain.runtime, key);
  const { result, changes } = xt;
  if (result instanceof InvalidTransaction) {
    assert.deepEqual(
      changedItems(chain.runtime, changes),
      [],
      `${where}: an invalid transaction changes nothing`,
    );
    // A wrong nonce is the reason, unless Payment (no account, no funds for the fee) came first.
    const nonceError = xt.nonce < xt.validNonce ? 'Stale' : xt.nonce > xt.validNonce ? 'Future' : undefined;
    if (nonceError === undefined) assert.ok(result.reason !== 'Stale' && result.reason !== 'Future', where);
    else if (result.reason !== 'Payment') assert.equal(result.reason, nonceError, where);
    return;
  }
  assert.equal(xt.nonce, xt.validNonce, `${where}: only the right nonce is accepted`);
  const signerKey = SystemStorage.Account.key(xt.signer);
  const signerBefore = xt.signerBefore;
  const signerChange = changes.get(signerKey);
  const signerAfter = signerChange
    ? valueOf(SystemStorage.Account, signerChange.after, xt.signer)
    : signerBefore;
  // A call that empties its signer's account reaps it, nonce and all (as Substrate does).
  const reaped = result.ok && signerChange !== undefined && signerChange.after === undefined;
  if (!reaped) assert.equal(signerAfter.nonce, signerBefore.nonce + 1, `${where}: the nonce moves by one`);
  assert.equal(result.fee, expectedFee(chain.runtime, call, xt.length, tip), `${where}: fee`);
  if (result.ok) return;

  checkDispatchError(chain.runtime, result, where);
  const author = block.author;
  const authorKey = author === undefined ? undefined : SystemStorage.Account.key(author);
  const issuances = [BalancesStorage.TotalIssuance, S.TotalIssuance];
  const allowed = new Set([signerKey, EXTRINSIC_COUNT, ...issuances.map((item) => item.key())]);
  if (authorKey !== undefined) allowed.add(authorKey);
  const stray = [...changes.keys()].filter((key) => !allowed.has(key)).map(named);
  assert.deepEqual(stray, [], `${where}: a failed call writes only nonce and fee`);

  // Everything of the signer's account but nonce and free balance is untouched.
  const rest = (info: AccountInfo) => ({ ...info, nonce: 0, data: { ...info.data, free: 0n } });
  assert.deepEqual(rest(signerAfter), rest(signerBefore), `${where}: signer account`);
  const fee = result.fee;
  const selfPaid = sameKey(xt.signer, author);
  const paid = signerBefore.data.free - signerAfter.data.free;
  assert.equal(paid, selfPaid ? 0n : fee, `${where}: the signer pays the fee`);
  // The fee goes to the author, unless the author's account could not exist with it.
  const authorBefore = xt.authorBefore ?? emptyAccount();
  const received =
    fee > 0n && !selfPaid && author !== undefined && authorBefore.data.free + fee >= EXISTENTIAL_DEPOSIT;
  if (author !== undefined && authorKey !== undefined && !selfPaid) {
    const authorChange = changes.get(authorKey);
    const authorAfter = authorChange
      ? valueOf(SystemStorage.Account, authorChange.after, author)
      : authorBefore;
    assert.equal(
      authorAfter.data.free - authorBefore.data.free,
      received ? fee : 0n,
      `${where}: the author's fee`,
    );
  }
  const destroyed = fee > 0n && !selfPaid && !received ? fee : 0n;
  for (const item of issuances) {
    const moved = changes.get(item.key());
    const delta = moved === undefined ? 0n : valueOf(item, moved.after) - valueOf(item, moved.before);
    assert.equal(delta, -destroyed, `${where}: ${named(item.key())} moves only by a destroyed fee`);
  }
}

test('property: a failed call changes only its signer’s nonce and fee; invalid ones change nothing', () => {
  let failed = 0;
  let invalid = 0;
  fc.assert(
    fc.property(scenario(24, 6, true), (sc) => {
      const { chain, blocks } = start(sc);
      for (const xts of blocks) {
        const built = extrinsics(chain, xts);
        const block = recordedBlock(chain, built);
        block.extrinsics.forEach((recorded, i) => {
          const xt = built[i];
          if (xt === undefined) return;
          checkExtrinsic(chain, block, recorded, xt.tip ?? 0n, xt.call);
          if (recorded.result instanceof InvalidTransaction) invalid += 1;
          else if (!recorded.result.ok) failed += 1;
        });
        // The stored events list each failed extrinsic's ExtrinsicFailed once.
        const stored = chain.runtime.events.get(chain.storage);
        const failures = stored.filter(
          (e) => e.event.tag === 'System' && e.event.value.tag === 'ExtrinsicFailed',
        );
        const expected = block.extrinsics.filter(
          (r) => !(r.result instanceof InvalidTransaction) && !r.result.ok,
        );
        assert.equal(failures.length, expected.length, `block ${chain.number}: ExtrinsicFailed events`);
      }
    }),
    runs(100),
  );
  // The generator must actually exercise both kinds of failure.
  assert.ok(failed > 100, `only ${failed} failed calls`);
  assert.ok(invalid > 10, `only ${invalid} invalid transactions`);
});

// ---- replay ------------------------------------------------------------------------------------

interface BlockTrace {
  readonly digest: string;
  readonly outcomes: (string | undefined)[];
  readonly events: unknown;
}

/** How a run executes its blocks: TestChain.block, or the recording driver over BlockExecution. */
type Driver = (chain: TestChain, xts: readonly Xt[]) => Omit<BlockTrace, 'digest'>;

const viaTestChain: Driver = (chain, xts) => {
  const { results, events } = chain.block(extrinsics(chain, xts));
  return { outcomes: results.map(errorName), events };
};

const viaExecutive: Driver = (chain, xts) => {
  const block = recordedBlock(chain, extrinsics(chain, xts));
  return { outcomes: block.extrinsics.map((xt) => errorName(xt.result)), events: block.events };
};

function run(sc: Scenario, driver: Driver): BlockTrace[] {
  const { chain, blocks } = start(sc);
  const trace: BlockTrace[] = [];
  for (const xts of blocks) trace.push({ ...driver(chain, xts), digest: stateDigest(chain.storage) });
  return trace;
}

test('property: replaying the same blocks from genesis gives the same state and events', () => {
  fc.assert(
    fc.property(scenario(20, 5), (sc) => {
      const first = run(sc, viaTestChain);
      // A second chain, and a third driven extrinsic by extrinsic (the failure property's driver).
      for (const again of [run(sc, viaTestChain), run(sc, viaExecutive)]) {
        assert.equal(again.length, first.length);
        first.forEach((block, i) => {
          const replayed = again[i] as BlockTrace;
          assert.equal(replayed.digest, block.digest, `block ${i + 1}: state digest`);
          assert.deepEqual(replayed.outcomes, block.outcomes, `block ${i + 1}: outcomes`);
          assert.deepEqual(replayed.events, block.events, `block ${i + 1}: events`);
        });
      }
    }),
    runs(30),
  );
});
