export * from './types/type.js';
export * from './types/substrate.js';
export * from './types/header.js';
export * from './storage/kv.js';
export * from './storage/items.js';
export * from './storage/hashers.js';
export * from './frame/dispatch.js';
export * from './frame/pallet.js';
export * from './frame/runtime.js';
export * from './frame/executive.js';
export * from './frame/system.js';
export { setProbe, type Probe } from './frame/probe.js';
export * from './chain.js';
export * from './genesis.js';
export { S as SubtensorStorage } from './pallets/subtensor/storage.js';
export { subtensor } from './pallets/subtensor/pallet.js';
export { balances, BalancesStorage, EXISTENTIAL_DEPOSIT, freeBalance } from './pallets/balances.js';
export { SudoStorage } from './pallets/sudo.js';
export { TimestampStorage } from './pallets/timestamp.js';
export { AuraStorage } from './pallets/aura.js';
export { TestChain, errorName, type TestExtrinsic, type BlockOutcome } from './testing/chain.js';
export {
  adminUtils,
  listHyperparameters,
  type HyperparameterEntry,
  type HyperparameterKind,
  type HyperparameterSetter,
} from './pallets/admin-utils.js';
export { ownerCutFraction, rootProportion, splitAlphaOut } from './pallets/subtensor/emission-split.js';
export { taggedTransactionQueueApi } from './api/tagged-transaction-queue.js';
export {
  transactionPaymentApi,
  transactionPaymentCallApi,
  RuntimeDispatchInfoType,
  FeeDetailsType,
  InclusionFeeType,
  lengthToFee,
  type RuntimeDispatchInfo,
  type FeeDetailsValue,
  type InclusionFee,
} from './api/transaction-payment.js';
export { AccountNonceApi } from './api/account-nonce.js';
export * from './extrinsic/index.js';
export * from './api/types.js';
export { runtimeInterface, type RuntimeInterface } from './api/registry.js';
export {
  callRuntimeApi,
  CUSTOM_RPC_METHODS,
  customRpcCall,
  customRpcResult,
  customRpcFailure,
  CustomRpcError,
  type CustomRpcMethod,
} from './api/call.js';
export { runtimeVersionJson } from './api/core.js';
export { buildMetadata } from './metadata/build.js';
