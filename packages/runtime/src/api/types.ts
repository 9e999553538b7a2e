/**
 * Runtime APIs: what `state_call("<Api>_<method>", args)` runs and what metadata V15 lists.
 * Each API is declared once (name, version, methods with typed inputs and output) and carries its
 * implementation, which reads a state snapshot and never writes.
 */
import type { TaoRuntime } from '../chain.js';
import type { ReadableStorage } from '../storage/kv.js';
import type { AnyType, FieldSpec } from '../types/type.js';

/** What an API method sees: the state at the block it is called at, and the runtime itself. */
export interface RuntimeApiContext {
  readonly storage: ReadableStorage;
  readonly tao: TaoRuntime;
  /** Number of the block whose state `storage` is. */
  readonly blockNumber: bigint;
  /** The chain's genesis hash (transaction validity checks CheckGenesis against it). */
  readonly genesisHash: Uint8Array;
}

export interface RuntimeApiMethod {
  /** snake_case, as in Rust: `get_neurons_lite`. */
  readonly name: string;
  /** Arguments in order; state_call input is their SCALE encodings concatenated. */
  readonly inputs: readonly FieldSpec[];
  readonly output: AnyType;
  readonly docs?: readonly string[];
  /** Decoded arguments by name → the output value (encoded with `output`). */
  readonly call: (ctx: RuntimeApiContext, args: Readonly<Record<string, unknown>>) => unknown;
}

export interface RuntimeApiDecl {
  /** Trait name as in Rust: `NeuronInfoRuntimeApi`, `Core`, `Metadata`. */
  readonly name: string;
  /** The trait's version, as RuntimeVersion.apis lists it (blake2_64(name), version). */
  readonly version: number;
  readonly methods: readonly RuntimeApiMethod[];
  readonly docs?: readonly string[];
}

/** Raised when state_call names no known API method or its input does not decode. */
export class RuntimeApiError extends Error {
  readonly code = 'RUNTIME_API_ERROR';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'RuntimeApiError';
  }
}
