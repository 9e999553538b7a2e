/**
 * SubnetRegistrationRuntimeApi: what registering a subnet costs at this block (the lock,
 * subtensor's get_network_lock_cost). The node also serves it as `subnetInfo_getLockCost`.
 */
import { networkLockCost } from '../pallets/subtensor/subnets.js';
import { u64 } from '../types/type.js';
import type { RuntimeApiDecl } from './types.js';

export const SubnetRegistrationRuntimeApi: RuntimeApiDecl = {
  name: 'SubnetRegistrationRuntimeApi',
  version: 1,
  methods: [
    {
      name: 'get_network_registration_cost',
      inputs: [],
      // TaoBalance: its scale-info is plain u64.
      output: u64,
      docs: ['The TAO a subnet registration locks at the current block.'],
      call: (ctx) => networkLockCost(ctx.storage, ctx.blockNumber),
    },
  ],
};
