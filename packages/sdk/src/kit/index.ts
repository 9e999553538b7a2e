/** Miner / validator kit: a subnet is a synapse type, a miner `forward` and a validator `score`. */
export { NotRegisteredError, ValidatorStateError } from './errors.js';
export { ensureRegistered, type Registration } from './neuron.js';
export { Miner, callerVerdict, type MinerOptions } from './miner.js';
export { Validator, type StepReport, type ValidatorOptions } from './validator.js';
export { availableUids, sampleWithoutReplacement, VPERMIT_TAO_LIMIT } from './sampling.js';
export { loadValidatorState, saveValidatorState, type ValidatorState } from './state.js';
