/** frame_system's AccountNonceApi (v1): the next nonce of an account, from System.Account. */
import { account } from '../frame/system.js';
import { AccountId32, Nonce, type AccountId } from '../types/substrate.js';
import { arg } from './info-types.js';
import type { RuntimeApiDecl } from './types.js';

export const AccountNonceApi: RuntimeApiDecl = {
  name: 'AccountNonceApi',
  version: 1,
  docs: ['The API to query account nonce.'],
  methods: [
    {
      name: 'account_nonce',
      inputs: [['account', AccountId32, 'AccountId']],
      output: Nonce,
      docs: ['Get current account nonce of given `AccountId`.'],
      call: (ctx, args) => account(ctx.storage, arg<AccountId>(args, 'account')).nonce,
    },
  ],
};
