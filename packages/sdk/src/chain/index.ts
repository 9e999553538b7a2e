export {
  ChainArgumentError,
  ChainCallError,
  ChainConnectionError,
  ChainQueryError,
  OperationCancelledError,
  TransactionRejectedError,
} from './errors.js';
export { polkadotSigner, type ChainSigner } from './signer.js';
export { type ChainEvent, type SubmitOptions, type SubmitResult, type WaitFor } from './submit.js';
export { blockAndHotkeyHash, createSeal, sealLimit, sealMeetsDifficulty, sealValue } from './pow.js';
export {
  PowSolver,
  type PowJob,
  type PowProgress,
  type PowSolution,
  type SolveOptions,
} from './pow-solver.js';
export { decodeAxonIp, encodeAxonIp, type EncodedIp } from './serving.js';
export { unstakedAlpha, unstakedTao } from './stake-events.js';
export { type PowRegisterOptions } from './registration.js';
export {
  type PendingCommit,
  type RevealOptions,
  type WeightsOptions,
  type WeightsOutcome,
} from './weights.js';
export {
  ChainClient,
  LOCAL_ENDPOINT,
  type AxonEndpoint,
  type ConnectOptions,
  type DelegateSummary,
  type Head,
  type NeuronAxon,
  type NeuronLite,
  type SubnetHyperparameters,
} from './client.js';
