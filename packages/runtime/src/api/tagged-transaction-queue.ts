/**
 * sp_transaction_pool's TaggedTransactionQueue (v3): the pool asks the runtime whether a
 * transaction is valid on top of a block and how it orders against others. Bytes that are not an
 * extrinsic are an API error, as a failed input decode is in Substrate.
 */
import type { Runtime } from '../frame/runtime.js';
import { ExtrinsicDecodeError } from '../extrinsic/codec.js';
import { extrinsicType } from '../extrinsic/extrinsic-type.js';
import { validateTransaction } from '../extrinsic/validate.js';
import {
  TransactionSourceType,
  TransactionValidityType,
  type TransactionSource,
} from '../extrinsic/validity.js';
import { H256 } from '../types/substrate.js';
import { arg } from './info-types.js';
import { RuntimeApiError, type RuntimeApiDecl } from './types.js';

export function taggedTransactionQueueApi(runtime: Runtime): RuntimeApiDecl {
  return {
    name: 'TaggedTransactionQueue',
    version: 3,
    docs: ['The `TaggedTransactionQueue` api trait for interfering with the transaction queue.'],
    methods: [
      {
        name: 'validate_transaction',
        inputs: [
          ['source', TransactionSourceType, 'TransactionSource'],
          ['tx', extrinsicType(runtime), '<Block as BlockT>::Extrinsic'],
          ['block_hash', H256, '<Block as BlockT>::Hash'],
        ],
        output: TransactionValidityType,
        docs: [
          'Validate the transaction.',
          '',
          'This method is invoked by the transaction pool to learn details about given transaction.',
          'The implementation should make sure to verify the correctness of the transaction',
          'against current state. The given `block_hash` corresponds to the hash of the block',
          'that is used as current state.',
        ],
        call: (ctx, args) => {
          const source = arg<{ tag: TransactionSource }>(args, 'source').tag;
          try {
            return validateTransaction(
              {
                tao: ctx.tao,
                storage: ctx.storage,
                blockNumber: ctx.blockNumber,
                blockHash: arg<Uint8Array>(args, 'block_hash'),
                genesisHash: ctx.genesisHash,
              },
              source,
              arg<Uint8Array>(args, 'tx'),
            );
          } catch (error) {
            if (error instanceof ExtrinsicDecodeError) {
              throw new RuntimeApiError(`TaggedTransactionQueue_validate_transaction: ${error.message}`, {
                cause: error,
              });
            }
            throw error;
          }
        },
      },
    ],
  };
}
