// How the SDK's chain failures reach the user through the wallet commands' mapping and the CLI's error
// renderer: a pallet error by name with the table's explanation and hint, a dead endpoint by its URL.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ChainCallError, ChainConnectionError, TransactionRejectedError } from '@tao-ts/sdk';
import { renderError } from '../../framework/render-error.js';
import { chainError } from './_chain.js';

const URL = 'ws://127.0.0.1:9';
const render = (error: unknown): { message: string; hint: string | undefined; exitCode: number } =>
  renderError(chainError(error, URL), { debug: false, networkUrl: URL });

describe('wallet chain errors', () => {
  it('a failed dispatch is named pallet.Error with the explanation and hint', () => {
    const failed = new ChainCallError('balances.transferKeepAlive', {
      pallet: 'balances',
      error: 'InsufficientBalance',
      docs: 'Balance too low to send value.',
      blockHash: undefined,
    });
    const shown = render(failed);
    assert.equal(
      shown.message,
      'balances.InsufficientBalance: the account does not have enough free balance for this',
    );
    assert.match(shown.hint ?? '', /tao wallet balance/);
    assert.equal(shown.exitCode, 1);
  });

  it('a DispatchError kind is named by its inner variant; unknown names fall back to the docs', () => {
    const token = new ChainCallError('balances.transferAll', {
      pallet: '',
      error: 'Token.FundsUnavailable',
      docs: '',
      blockHash: undefined,
    });
    assert.equal(render(token).message, 'FundsUnavailable: the funds are locked or reserved');
    const odd = new ChainCallError('x.y', {
      pallet: 'x',
      error: 'Weird',
      docs: 'Something odd.',
      blockHash: undefined,
    });
    assert.equal(render(odd).message, 'x.Weird: Something odd.');
  });

  it('a lost connection names the URL; a fee refusal points at the balance', () => {
    assert.equal(render(new ChainConnectionError(URL)).message, `cannot reach a node at ${URL}`);
    const fees = new TransactionRejectedError(
      'balances.transferKeepAlive',
      'Invalid Transaction: Inability to pay some fees (e.g. account balance too low)',
      1010,
    );
    const shown = render(fees);
    assert.match(shown.message, /rejected by the node: Invalid Transaction: Inability to pay some fees/);
    assert.match(shown.hint ?? '', /cannot pay the fee/);
  });
});
