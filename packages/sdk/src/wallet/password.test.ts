import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { WalletInputError } from './errors.js';
import { decodeEnvPassword, encodeEnvPassword, passwordEnvVarName, passwordFromEnv } from './password.js';
import { vectors } from './test-support.js';

const v = vectors.password_env_var;

describe('BT_PW_ environment passwords', () => {
  it('names the variable after the keyfile path as bittensor does', () => {
    assert.equal(passwordEnvVarName(v.keyfile_path, '/'), v.env_var_name);
    assert.equal(
      passwordEnvVarName('/home/bob/.bittensor/wallets/my-w/hotkeys/hk.1', '/'),
      'BT_PW__HOME_BOB__BITTENSOR_WALLETS_MY-W_HOTKEYS_HK_1',
    );
  });

  it('encodes and decodes the vector value', () => {
    assert.equal(encodeEnvPassword(v.env_var_name, v.example_password), v.example_value);
    assert.equal(decodeEnvPassword(v.env_var_name, v.example_value), v.example_password);
    assert.equal(passwordFromEnv(v.keyfile_path, { [v.env_var_name]: v.example_value }), v.example_password);
    assert.equal(passwordFromEnv(v.keyfile_path, {}), undefined);
  });

  it('round-trips any password', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), fc.string({ minLength: 1, maxLength: 40 }), (pw, name) => {
        assert.equal(decodeEnvPassword(name, encodeEnvPassword(name, pw)), pw);
      }),
    );
  });

  it('reports a malformed value by variable name, without echoing it', () => {
    assert.throws(
      () => decodeEnvPassword('BT_PW_X', 'not base64!!'),
      (e: unknown) => {
        return (
          e instanceof WalletInputError &&
          e.message.includes('BT_PW_X') &&
          !e.message.includes('not base64!!')
        );
      },
    );
  });
});
