/**
 * What the runtime-driven vector checks share: chains built from one dev chain spec (deriving
 * its keys is the slow part of a chain) plus the subnets a case needs at genesis, extrinsics as
 * Alice's sudo or any signer, and setup blocks that must succeed, so a case fails on its own
 * expectation rather than somewhere in its setup.
 */
import {
  TestChain,
  describeDispatchError,
  devSpec,
  errorName,
  type AccountId,
  type ApplyResult,
  type BlockOutcome,
  type ChainSpec,
  type DispatchErrorValue,
  type GenesisSubnet,
  type InvalidTransaction,
  type MemoryStorage,
  type TestExtrinsic,
} from '@tao-ts/runtime';
import { type CaseResult, fail } from '../result.js';

let spec: ChainSpec | undefined;

function baseSpec(): ChainSpec {
  spec ??= devSpec();
  return spec;
}

/** The dev chain's sudo key (Alice), who also owns subnet 1 and holds its uid 0. */
export function alice(): AccountId {
  return baseSpec().genesis.sudo as AccountId;
}

/** Funded dev accounts after Alice (Bob, Charlie, …), as registration coldkeys. */
export function coldkey(index: number): AccountId {
  const balances = baseSpec().genesis.balances;
  return (balances[1 + (index % (balances.length - 1))] as readonly [AccountId, bigint])[0];
}

/** A deterministic key that is no dev account: hotkeys never pay fees in these cases. */
export function hotkey(n: number): AccountId {
  const out = new Uint8Array(32);
  out[0] = 0xc0;
  new DataView(out.buffer).setUint32(28, n);
  return out;
}

export interface ChainOptions {
  /** Subnets added to the dev chain's subnet 1 at genesis. */
  readonly subnets?: readonly GenesisSubnet[];
  /** Genesis state a chain spec cannot express, written before block 1. */
  readonly genesis?: (storage: MemoryStorage) => void;
}

export function newChain(options: ChainOptions = {}): TestChain {
  const base = baseSpec();
  const extra = options.subnets ?? [];
  const subnets = [...base.genesis.subnets, ...extra];
  const chain = new TestChain(extra.length === 0 ? base : { ...base, genesis: { ...base.genesis, subnets } });
  options.genesis?.(chain.storage);
  return chain;
}

/** A call as root: Alice's Sudo.sudo around it. */
export function sudo(chain: TestChain, pallet: string, name: string, args: object): TestExtrinsic {
  return { signer: alice(), call: chain.call('Sudo', 'sudo', { call: chain.call(pallet, name, args) }) };
}

/** An AdminUtils setter as root. */
export function admin(chain: TestChain, name: string, args: object): TestExtrinsic {
  return sudo(chain, 'AdminUtils', name, args);
}

/** A SubtensorModule call signed by `signer`. */
export function subtensor(chain: TestChain, signer: AccountId, name: string, args: object): TestExtrinsic {
  return { signer, call: chain.call('SubtensorModule', name, args) };
}

function isSudid(value: unknown): value is { sudo_result: { tag: string; value?: DispatchErrorValue } } {
  return typeof value === 'object' && value !== null && 'sudo_result' in value;
}

/**
 * The error of an applied extrinsic ('SubtensorModule.IncorrectWeightVersionKey'), including the
 * inner call's error under Sudo.sudo (which itself succeeds and reports it in its Sudid event).
 */
export function outcomeError(chain: TestChain, result: ApplyResult | InvalidTransaction): string | undefined {
  const name = errorName(result);
  if (name !== undefined) return name;
  for (const sudid of chain.eventsNamed((result as ApplyResult).events, 'Sudo', 'Sudid')) {
    if (!isSudid(sudid)) continue;
    const { tag, value } = sudid.sudo_result;
    if (tag !== 'Ok') return value === undefined ? tag : describeDispatchError(chain.runtime, value);
  }
  return undefined;
}

export class SetupError extends Error {
  readonly code = 'RUNTIME_SETUP';
  constructor(message: string) {
    super(message);
    this.name = 'SetupError';
  }
}

function describeCall(xt: TestExtrinsic): string {
  const inner = xt.call.value;
  if (xt.call.tag === 'Sudo' && typeof inner.value === 'object' && inner.value !== null) {
    const wrapped = (inner.value as { call?: { tag: string; value: { tag: string } } }).call;
    if (wrapped) return `sudo(${wrapped.tag}.${wrapped.value.tag})`;
  }
  return `${xt.call.tag}.${inner.tag}`;
}

/** Execute a block whose extrinsics must all succeed. */
export function setupBlock(chain: TestChain, extrinsics: readonly TestExtrinsic[] = []): BlockOutcome {
  const outcome = chain.block(extrinsics);
  outcome.results.forEach((result, i) => {
    const error = outcomeError(chain, result);
    const xt = extrinsics[i] as TestExtrinsic;
    if (error !== undefined)
      throw new SetupError(`block ${outcome.number}: ${describeCall(xt)} failed with ${error}`);
  });
  return outcome;
}

/** One runtime-driven case: a setup failure or a runtime exception fails the case, naming it. */
export function runtimeCase(id: string, body: () => CaseResult | CaseResult[]): CaseResult[] {
  try {
    const out = body();
    return Array.isArray(out) ? out : [out];
  } catch (error) {
    const prefix = error instanceof SetupError ? 'setup: ' : 'runtime threw: ';
    return [fail(id, `${prefix}${(error as Error).message}`)];
  }
}

/** "what: expected X, got Y", or undefined when equal (numbers and bigints compare by value). */
export function mismatch(what: string, expected: unknown, actual: unknown): string | undefined {
  return String(expected) === String(actual)
    ? undefined
    : `${what}: expected ${String(expected)}, got ${String(actual)}`;
}
