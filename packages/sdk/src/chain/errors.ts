/**
 * Typed failures of the chain client. Every one carries a stable `code` so callers (CLI,
 * validators) branch without parsing messages; a dispatch failure also names the pallet error
 * (`SubnetNotExists`) and repeats the runtime's own docs for it, read from the metadata.
 */
import { TaoError } from '@tao-ts/primitives';

/** The extrinsic was included but its dispatch failed (System.ExtrinsicFailed). */
export class ChainCallError extends TaoError {
  /** Pallet section as @polkadot/api names it, e.g. `subtensorModule`; '' for non-module errors. */
  readonly pallet: string;
  /** The error's name: a pallet error (`NotEnoughBalanceToStake`) or a DispatchError kind (`BadOrigin`). */
  readonly error: string;
  /** The metadata's documentation of the error, joined into one line ('' when it has none). */
  readonly docs: string;
  /** The block holding the failed extrinsic. */
  readonly blockHash: string | undefined;

  constructor(
    call: string,
    detail: { pallet: string; error: string; docs: string; blockHash: string | undefined },
  ) {
    const where = detail.pallet === '' ? detail.error : `${detail.pallet}.${detail.error}`;
    super('CHAIN_CALL_FAILED', `${call} failed: ${where}${detail.docs === '' ? '' : ` (${detail.docs})`}`, {
      field: call,
    });
    this.pallet = detail.pallet;
    this.error = detail.error;
    this.docs = detail.docs;
    this.blockHash = detail.blockHash;
  }

  /** The error's name under the key error renderers (the CLI) look for. */
  get errorName(): string {
    return this.error;
  }
}

/**
 * The node refused the transaction before it reached a block: the pool's validation (JSON-RPC
 * 1010 "Invalid Transaction", 1011 "Unknown Transaction", 1012 "Transaction is temporarily
 * banned", 1013/1014 pool-limit errors) or a transaction that was dropped/invalidated later.
 */
export class TransactionRejectedError extends TaoError {
  /** The JSON-RPC error code (1010…1014), or undefined when the watch reported Invalid/Dropped. */
  readonly rpcCode: number | undefined;
  /** The node's reason, e.g. 'Invalid Transaction: Inability to pay some fees'. */
  readonly reason: string;

  constructor(call: string, reason: string, rpcCode: number | undefined, cause?: unknown) {
    super('TX_REJECTED', `${call} was rejected by the node: ${reason}`, {
      field: call,
      ...(cause === undefined ? {} : { cause }),
    });
    this.rpcCode = rpcCode;
    this.reason = reason;
  }
}

/** The endpoint could not be reached or the connection was lost. */
export class ChainConnectionError extends TaoError {
  constructor(endpoint: string, cause?: unknown) {
    super('CHAIN_CONNECTION_FAILED', `cannot connect to chain endpoint ${endpoint}`, {
      field: 'endpoint',
      ...(cause === undefined ? {} : { cause }),
    });
  }
}

/** An argument the client checks before building a call (bad address, out-of-range u16, …). */
export class ChainArgumentError extends TaoError {
  constructor(field: string, message: string) {
    super('CHAIN_INVALID_ARGUMENT', `${field}: ${message}`, { field });
  }
}

/** A long operation (PoW solving, waiting for a reveal) was cancelled through its AbortSignal. */
export class OperationCancelledError extends TaoError {
  constructor(operation: string) {
    super('OPERATION_CANCELLED', `${operation} was cancelled`, { field: operation });
  }
}

/** A query answered nothing where a value was required (unknown subnet, unregistered hotkey). */
export class ChainQueryError extends TaoError {
  constructor(field: string, message: string) {
    super('CHAIN_QUERY_FAILED', `${field}: ${message}`, { field });
  }
}
