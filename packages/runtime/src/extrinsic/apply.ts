/**
 * Applying an encoded extrinsic in a block (BlockBuilder_apply_extrinsic): check it (signature,
 * versions, era, nonce, fee, subtensor's extensions) as the block sees the state, then apply it
 * exactly as BlockExecution.apply does. The outcome has Substrate's ApplyExtrinsicResult shape:
 * Err(TransactionValidityError) leaves the block untouched and the extrinsic out of it;
 * Ok(Ok) / Ok(Err(DispatchError)) mean it is in the block, its fee paid.
 */
import { InvalidTransaction } from '../frame/dispatch.js';
import type { ApplyResult, BlockExecution } from '../frame/executive.js';
import { checkExtrinsic, type CheckedExtrinsic, type ExtrinsicDecoder } from './check.js';
import type { SignatureVerifier } from './signature.js';
import {
  TransactionValidityError,
  fromInvalidTransaction,
  txInvalid,
  type ApplyExtrinsicResultValue,
} from './validity.js';

export interface ApplyExtrinsicOutcome {
  readonly result: ApplyExtrinsicResultValue;
  /** Present once the extrinsic is in the block: its fee, events and dispatch error. */
  readonly applied?: ApplyResult;
  readonly checked?: CheckedExtrinsic;
}

function refused(error: TransactionValidityError): ApplyExtrinsicOutcome {
  return { result: { tag: 'Err', value: error.value } };
}

/**
 * Apply an encoded extrinsic in `exec`'s block. Throws ExtrinsicDecodeError for bytes that are
 * not an extrinsic (a block containing them is invalid). `genesisHash` is CheckGenesis's fallback
 * for a state that holds no hash of block 0 (BlockExecution records it from block 1 on);
 * `verifySignature` replaces MultiSignature::verify (a node's cache of verified signatures);
 * `decode` replaces decodeExtrinsic (a node's cache of what its pool decoded).
 */
export function applyExtrinsic(
  exec: BlockExecution,
  bytes: Uint8Array,
  genesisHash?: Uint8Array,
  verifySignature?: SignatureVerifier,
  decode?: ExtrinsicDecoder,
): ApplyExtrinsicOutcome {
  let checked: CheckedExtrinsic;
  try {
    checked = checkExtrinsic(
      {
        tao: { runtime: exec.runtime, fees: exec.fees },
        storage: exec.storage,
        ...(genesisHash === undefined ? {} : { genesisHash }),
        ...(verifySignature === undefined ? {} : { verifySignature }),
        ...(decode === undefined ? {} : { decode }),
      },
      bytes,
      'apply',
    );
  } catch (error) {
    if (error instanceof TransactionValidityError) return refused(error);
    throw error;
  }
  const { signer, nonce, tip, call, length } = checked;
  let applied: ApplyResult;
  try {
    applied = exec.apply({
      ...(signer === undefined ? {} : { signed: { who: signer, nonce, tip } }),
      call,
      length,
    });
  } catch (error) {
    if (error instanceof InvalidTransaction) return refused(fromInvalidTransaction(error));
    throw error;
  }
  // A failing inherent makes the block invalid (Substrate's BadMandatory).
  if (!applied.ok && checked.info.class.tag === 'Mandatory') {
    return { ...refused(txInvalid('BadMandatory', applied.error?.message)), applied, checked };
  }
  const outcome: ApplyExtrinsicResultValue = {
    tag: 'Ok',
    value:
      applied.error === undefined
        ? { tag: 'Ok', value: undefined }
        : { tag: 'Err', value: applied.error.value },
  };
  return { result: outcome, applied, checked };
}
