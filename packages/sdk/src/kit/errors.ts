/** Errors of the miner/validator kit. */
import { TaoError } from '@tao-ts/primitives';

/** The neuron's hotkey holds no uid on the subnet and the kit was told not to register it. */
export class NotRegisteredError extends TaoError {
  constructor(
    readonly hotkey: string,
    readonly netuid: number,
  ) {
    super(
      'KIT_NOT_REGISTERED',
      `hotkey ${hotkey} is not registered on subnet ${netuid}; register it first or pass a coldkey to register by burn`,
    );
  }
}

/** A validator state file that exists but cannot be used (another subnet or hotkey, bad JSON). */
export class ValidatorStateError extends TaoError {
  constructor(
    readonly path: string,
    detail: string,
  ) {
    super('KIT_STATE', `validator state ${path}: ${detail}`);
  }
}
