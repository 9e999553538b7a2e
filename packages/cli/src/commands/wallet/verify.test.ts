import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cryptoReady, keypairFromUri, toHex, utf8 } from '@tao-ts/primitives';
import { validateJson } from '../../framework/schema.js';
import { runTao, tempHome } from '../../test-support.js';
import verify from './verify.js';

const t = tempHome();
after(() => t.cleanup());

describe('tao wallet verify', () => {
  it('accepts a good signature (raw or <Bytes>-wrapped), refuses a bad one naming the address', async () => {
    await cryptoReady();
    const alice = keypairFromUri('//Alice');
    const sig = toHex(alice.sign(utf8('hello tao')));
    const ok = await runTao(
      ['wallet', 'verify', '-m', 'hello tao', '-s', sig, '--address', alice.address, '--json'],
      {
        env: t.env,
      },
    );
    assert.equal(ok.code, 0, ok.stderr);
    const doc = JSON.parse(ok.stdout) as unknown;
    assert.deepEqual(doc, { valid: true, address: alice.address, cryptoType: 'sr25519' });
    assert.deepEqual(validateJson(verify.output, doc), []);

    const wrapped = toHex(alice.sign(utf8('<Bytes>hi</Bytes>')));
    const byKey = await runTao(
      ['wallet', 'verify', '-m', 'hi', '-s', wrapped, '--public-key', toHex(alice.publicKey)],
      {
        env: t.env,
      },
    );
    assert.equal(byKey.code, 0, byKey.stderr);

    const bad = await runTao(['wallet', 'verify', '-m', 'hello TAO', '-s', sig, '--address', alice.address], {
      env: t.env,
    });
    assert.equal(bad.code, 1);
    assert.equal(bad.stderr.split('\n')[0], `error: the signature does not verify for ${alice.address}`);
  });

  it('an invalid address is named by its flag, with the SS58 hint', async () => {
    const sig = `0x${'00'.repeat(64)}`;
    const typo = '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQZ';
    const run = await runTao(['wallet', 'verify', '-m', 'x', '-s', sig, '--address', typo], { env: t.env });
    assert.equal(run.code, 1);
    assert.match(run.stderr, /^error: --address: /);
    assert.match(run.stderr, /^hint: an SS58 address/m);
    const shape = await runTao(['wallet', 'verify', '-m', 'x', '-s', sig, '--address', 'alice'], {
      env: t.env,
    });
    assert.equal(shape.code, 2);
    assert.match(
      shape.stderr,
      /^error: option '--address <ss58>' argument 'alice' is invalid\. is not an SS58 address/,
    );
  });
});
