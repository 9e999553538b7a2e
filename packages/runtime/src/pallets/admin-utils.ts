/**
 * AdminUtils (pallet index 19): the sudo_set_* calls through which root and subnet owners change
 * hyperparameters. Subnet setters are in admin-utils/consensus-calls.ts and
 * admin-utils/registration-calls.ts, chain-wide ones in admin-utils/global-calls.ts, the shared
 * guards (owner-or-root, owner rate limits, admin freeze window) in admin-utils/guards.ts.
 */
import { Pallet } from '../frame/pallet.js';
import {
  ADMIN_UTILS,
  ADMIN_UTILS_ERRORS,
  ADMIN_UTILS_EVENTS,
  AdminUtilsStorage,
} from './admin-utils/defs.js';
import { globalCalls } from './admin-utils/global-calls.js';
import { consensusCalls } from './admin-utils/consensus-calls.js';
import { registrationCalls } from './admin-utils/registration-calls.js';

export const adminUtils = new Pallet({
  name: ADMIN_UTILS.name,
  index: ADMIN_UTILS.index,
  docs: ['Root and subnet-owner administration of hyperparameters.'],
  storage: Object.values(AdminUtilsStorage),
  calls: [...globalCalls, ...consensusCalls, ...registrationCalls].sort((a, b) => a.index - b.index),
  events: ADMIN_UTILS_EVENTS,
  errors: ADMIN_UTILS_ERRORS,
});

export { ADMIN_UTILS_ERRORS, AdminUtilsStorage, PRECOMPILES, adminFail } from './admin-utils/defs.js';
export {
  adminSubtensorStorage,
  ensureAdminWindowOpen,
  ensureOwnerOrRootWithLimits,
  ensureSubnetOwnerOrRoot,
  isInAdminFreezeWindow,
  recordOwnerRateLimit,
  HYPERPARAMETERS,
  RateLimitKey,
  type HyperparameterName,
  type OwnerLimit,
  type RateLimitKeyValue,
} from './subtensor/owner-guards.js';
export {
  listHyperparameters,
  type HyperparameterEntry,
  type HyperparameterKind,
  type HyperparameterSetter,
} from './admin-utils/hyperparameters.js';
