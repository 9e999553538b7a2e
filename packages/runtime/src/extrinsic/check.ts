/**
 * Is this extrinsic valid in this state? The checks of Substrate's executive and subtensor's
 * transaction extensions, in their order, so the first failure is the one Substrate reports:
 *
 * 1. decode (ExtrinsicDecodeError); in the pool, calls nested more than 8 deep are refused
 *    (Call), as subtensor's validate_transaction does; bare extrinsics must be inherents
 *    (NoUnsignedValidator)
 * 2. the address must be an account id (CannotLookup)
 * 3. implicit values: the era's birth block must be known and recent (AncientBirthBlock); the
 *    metadata-hash mode must be Disabled (CannotLookup: this runtime has no metadata digest)
 * 4. the signature over call ‖ explicit ‖ implicit (BadProof): a wrong spec or transaction
 *    version, genesis or birth hash all show up here, as in Substrate
 * 5. mandatory calls cannot be validated (MandatoryValidation) or signed (BadMandatory)
 * 6. the extensions' validation: CheckNonZeroSender (BadSigner), CheckNonce (Payment for an
 *    account that does not exist, Stale), CheckWeight (ExhaustsResources), the fee (Payment),
 *    SudoTransactionExtension (BadSigner), SubtensorTransactionExtension (Custom)
 * 7. when applying, a nonce ahead of the account's is Future (in the pool it waits instead).
 *
 * Nothing is written: fee and guard checks run over throw-away layers.
 */
import type { TaoRuntime } from '../chain.js';
import { dispatchInfo } from '../frame/executive.js';
import { InvalidTransaction } from '../frame/dispatch.js';
import type { AnyCallDef, RuntimeCallValue } from '../frame/pallet.js';
import type { Runtime } from '../frame/runtime.js';
import { SystemStorage, account } from '../frame/system.js';
import { Overlay, type ReadableStorage } from '../storage/kv.js';
import type { AccountId, DispatchClass, DispatchInfo } from '../types/substrate.js';
import { decodeExtrinsic, signedPayload, type DecodedExtrinsic } from './codec.js';
import { eraBirth, type Era, IMMORTAL } from './era.js';
import { verifyMultiSignature, type SignatureVerifier } from './signature.js';
import { checkSubtensorGuards, checkSudoSigner } from './subtensor-checks.js';
import { fromInvalidTransaction, txInvalid, txUnknown } from './validity.js';

/** frame_system's BlockHashCount on subtensor: older block hashes are pruned. */
export const BLOCK_HASH_COUNT = 2400n;

interface ExtrinsicLimits {
  readonly maxRefTime: Readonly<Record<DispatchClass, bigint | undefined>>;
  readonly maxLength: Readonly<Record<DispatchClass, number>>;
}

/**
 * CheckWeight's per-extrinsic limits when System declares no BlockWeights / BlockLength: subtensor's
 * (4 s of ref time per block, 75% for normal calls, 10% kept for initialization; 10 MiB, 75% for
 * normal calls). Mandatory calls have no weight limit.
 */
const DEFAULT_LIMITS: ExtrinsicLimits = {
  maxRefTime: { Normal: 2_599_884_520_000n, Operational: 3_599_884_520_000n, Mandatory: undefined },
  maxLength: { Normal: 7_864_320, Operational: 10_485_760, Mandatory: 10_485_760 },
};

const CLASS_KEYS: Readonly<Record<DispatchClass, string>> = {
  Normal: 'normal',
  Operational: 'operational',
  Mandatory: 'mandatory',
};

const limitsCache = new WeakMap<Runtime, ExtrinsicLimits>();

/** The limits System's BlockWeights and BlockLength constants declare (what metadata shows). */
function limitsOf(runtime: Runtime): ExtrinsicLimits {
  const cached = limitsCache.get(runtime);
  if (cached !== undefined) return cached;
  const constants = runtime.pallet('System').spec.constants ?? [];
  const value = (name: string): Record<string, unknown> | undefined =>
    constants.find((c) => c.name === name)?.value as Record<string, unknown> | undefined;
  const perClass = value('BlockWeights')?.['per_class'] as
    Record<string, { max_extrinsic?: { ref_time: bigint } }> | undefined;
  const maxLength = value('BlockLength')?.['max'] as Record<string, number> | undefined;
  const pick = <T>(
    from: (key: string) => T | undefined,
    fallback: Record<DispatchClass, T>,
  ): Record<DispatchClass, T> => ({
    Normal: from(CLASS_KEYS.Normal) ?? fallback.Normal,
    Operational: from(CLASS_KEYS.Operational) ?? fallback.Operational,
    Mandatory: from(CLASS_KEYS.Mandatory) ?? fallback.Mandatory,
  });
  const limits: ExtrinsicLimits = {
    maxRefTime:
      perClass === undefined
        ? DEFAULT_LIMITS.maxRefTime
        : {
            Normal: perClass[CLASS_KEYS.Normal]?.max_extrinsic?.ref_time,
            Operational: perClass[CLASS_KEYS.Operational]?.max_extrinsic?.ref_time,
            Mandatory: perClass[CLASS_KEYS.Mandatory]?.max_extrinsic?.ref_time,
          },
    maxLength:
      maxLength === undefined
        ? DEFAULT_LIMITS.maxLength
        : pick((k) => maxLength[k], DEFAULT_LIMITS.maxLength),
  };
  limitsCache.set(runtime, limits);
  return limits;
}

export interface CheckContext {
  /** The runtime (calls, versions) and its fee policy. */
  readonly tao: Pick<TaoRuntime, 'runtime' | 'fees'>;
  /**
   * State as the extrinsic's block sees it: System.Number is that block's number and
   * System.BlockHash holds its ancestors (BlockExecution sets both; validation sets them up).
   */
  readonly storage: ReadableStorage;
  /** CheckGenesis's hash when the state does not hold block 0's hash yet. */
  readonly genesisHash?: Uint8Array;
  /** Signature verification: MultiSignature::verify unless given (a node's VerifiedSignatures). */
  readonly verifySignature?: SignatureVerifier;
  /**
   * decodeExtrinsic for this runtime, unless given: a node that checks the same bytes at pool
   * admission and again in a block may hand back what it decoded the first time.
   */
  readonly decode?: ExtrinsicDecoder;
}

/** Decodes an encoded extrinsic exactly as decodeExtrinsic does (throwing ExtrinsicDecodeError). */
export type ExtrinsicDecoder = (bytes: Uint8Array) => DecodedExtrinsic;

/** `validate`: for the pool (future nonces wait). `apply`: for a block (they are Future). */
export type CheckPhase = 'validate' | 'apply';

export interface CheckedExtrinsic {
  /** Absent for inherents. */
  readonly signer?: AccountId;
  readonly nonce: number;
  readonly tip: bigint;
  readonly era: Era;
  readonly call: RuntimeCallValue;
  readonly def: AnyCallDef;
  readonly info: DispatchInfo;
  /** Encoded length, length prefix included. */
  readonly length: number;
  /** What applying it charges (0 for inherents). */
  readonly fee: bigint;
  /** The signer's nonce in this state (the next one it may use). */
  readonly accountNonce: number;
  /** The block the extrinsic is checked for. */
  readonly blockNumber: bigint;
}

const ZERO_ACCOUNT = new Uint8Array(32);

/** subtensor's validate_transaction decodes the call again with a depth limit of 8. */
export const MAX_POOL_CALL_DEPTH = 8;

/**
 * How many calls are boxed inside one another (sudo(sudo(…))). Substrate's limit also counts
 * nested vectors; this counts the nested calls, which is what unbounded nesting is made of.
 */
export function callDepth(runtime: Runtime, call: RuntimeCallValue): number {
  let depth = 0;
  let current: RuntimeCallValue | undefined = call;
  while (current !== undefined) {
    const args = current.value.value;
    const inner: unknown =
      typeof args === 'object' && args !== null ? (args as Record<string, unknown>)['call'] : undefined;
    current = isCall(runtime, inner) ? inner : undefined;
    if (current !== undefined) depth += 1;
  }
  return depth;
}

function isCall(runtime: Runtime, value: unknown): value is RuntimeCallValue {
  if (typeof value !== 'object' || value === null) return false;
  const { tag, value: inner } = value as { tag?: unknown; value?: unknown };
  if (typeof tag !== 'string' || typeof inner !== 'object' || inner === null) return false;
  return runtime.callDef(value as RuntimeCallValue) !== undefined;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function classOf(def: AnyCallDef): DispatchClass {
  return def.dispatchClass ?? (def.inherent ? 'Mandatory' : 'Normal');
}

/** CheckMortality's implicit: the birth block's hash, if that block is known and recent. */
function birthHash(storage: ReadableStorage, era: Era, current: bigint): Uint8Array {
  const birth = eraBirth(era, current);
  const pruned = birth !== 0n && current - birth > BLOCK_HASH_COUNT + 1n;
  const hash =
    birth > 0xffff_ffffn || pruned ? undefined : SystemStorage.BlockHash.tryGet(storage, Number(birth));
  if (hash === undefined)
    throw txInvalid('AncientBirthBlock', `no hash of birth block ${birth} at block ${current}`);
  return hash;
}

function checkWeight(runtime: Runtime, info: DispatchInfo, length: number): void {
  const cls = info.class.tag;
  const limits = limitsOf(runtime);
  const maxWeight = limits.maxRefTime[cls];
  if (length > limits.maxLength[cls]) throw txInvalid('ExhaustsResources', `${length} bytes`);
  if (maxWeight !== undefined && info.weight.ref_time > maxWeight) {
    throw txInvalid('ExhaustsResources', `weight ${info.weight.ref_time}`);
  }
}

/** ChargeTransactionPayment's validation: the fee can be withdrawn (over a throw-away layer). */
function checkFee(ctx: CheckContext, who: AccountId, fee: bigint): void {
  try {
    ctx.tao.fees.charge(new Overlay(ctx.storage), who, fee, undefined);
  } catch (error) {
    if (error instanceof InvalidTransaction) throw fromInvalidTransaction(error);
    throw error;
  }
}

/**
 * Decode and check an encoded extrinsic. Throws ExtrinsicDecodeError for bytes that are not an
 * extrinsic and TransactionValidityError for one that cannot be included.
 */
export function checkExtrinsic(
  ctx: CheckContext,
  bytes: Uint8Array,
  phase: CheckPhase = 'apply',
): CheckedExtrinsic {
  const { runtime } = ctx.tao;
  const xt = ctx.decode === undefined ? decodeExtrinsic(runtime, bytes) : ctx.decode(bytes);
  if (phase === 'validate' && callDepth(runtime, xt.call) > MAX_POOL_CALL_DEPTH) {
    throw txInvalid('Call', `calls nested more than ${MAX_POOL_CALL_DEPTH} deep`);
  }
  const def = runtime.callDef(xt.call);
  if (def === undefined) throw txInvalid('Call', `unknown call ${xt.call.tag}.${xt.call.value.tag}`);
  const weight = def.weight(xt.call.value.value as never);
  const info = dispatchInfo(def, weight);
  const blockNumber = BigInt(SystemStorage.Number.get(ctx.storage));
  const base = { call: xt.call, def, info, length: xt.length, blockNumber };

  if (xt.signature === undefined) {
    if (!def.inherent)
      throw txUnknown('NoUnsignedValidator', `${xt.call.tag}.${xt.call.value.tag} must be signed`);
    if (phase === 'validate') throw txInvalid('MandatoryValidation', 'inherents do not enter the pool');
    return { ...base, nonce: 0, tip: 0n, era: IMMORTAL, fee: 0n, accountNonce: 0 };
  }

  const { address, signature, extra } = xt.signature;
  if (address.tag !== 'Id') throw txUnknown('CannotLookup', `a ${address.tag} address names no account`);
  const who = address.value;
  const genesisHash = SystemStorage.BlockHash.tryGet(ctx.storage, 0) ?? ctx.genesisHash ?? new Uint8Array(32);
  const birth = birthHash(ctx.storage, extra.era, blockNumber);
  if (extra.metadataHashMode !== 'Disabled') {
    throw txUnknown('CannotLookup', 'CheckMetadataHash mode Enabled: this runtime has no metadata hash');
  }
  const payload = signedPayload(xt.callBytes, extra, {
    specVersion: runtime.version.specVersion,
    transactionVersion: runtime.version.transactionVersion,
    genesisHash,
    birthHash: birth,
  });
  if (!(ctx.verifySignature ?? verifyMultiSignature)(signature, payload, who)) throw txInvalid('BadProof');

  if (classOf(def) === 'Mandatory') {
    throw txInvalid(
      phase === 'validate' ? 'MandatoryValidation' : 'BadMandatory',
      'mandatory calls cannot be signed',
    );
  }
  if (sameBytes(who, ZERO_ACCOUNT)) throw txInvalid('BadSigner', 'the zero account cannot sign');
  const state = account(ctx.storage, who);
  if (info.pays_fee.tag === 'Yes' && state.providers === 0 && state.sufficients === 0) {
    throw txInvalid('Payment', 'the account does not exist');
  }
  if (extra.nonce < state.nonce) throw txInvalid('Stale', `nonce ${extra.nonce} < ${state.nonce}`);
  checkWeight(runtime, info, xt.length);
  const fee = ctx.tao.fees.fee(def, weight, xt.length, extra.tip);
  checkFee(ctx, who, fee);
  checkSudoSigner(ctx.storage, who, xt.call);
  checkSubtensorGuards({ storage: ctx.storage, blockNumber }, who, xt.call, def);
  if (phase === 'apply' && extra.nonce > state.nonce) {
    throw txInvalid('Future', `nonce ${extra.nonce} > ${state.nonce}`);
  }
  return {
    ...base,
    signer: who,
    nonce: extra.nonce,
    tip: extra.tip,
    era: extra.era,
    fee,
    accountNonce: state.nonce,
  };
}
