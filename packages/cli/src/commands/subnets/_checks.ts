/** Checks shared by the subnet commands, failing the way the chain would (by error name). */
import type { ChainClient } from '@tao-ts/sdk';
import { ChainFailureError } from '../_chain.js';

/** Fails with SubnetNotExists (explained from CHAIN_ERRORS) before anything is signed or read. */
export async function requireSubnet(client: ChainClient, netuid: number): Promise<void> {
  if (!(await client.subnetExists(netuid))) {
    throw new ChainFailureError(
      `netuid ${netuid}`,
      'SubnetNotExists',
      'subtensorModule',
      `there is no subnet ${netuid}`,
    );
  }
}
