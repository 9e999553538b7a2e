// Signature checks on worker threads: the same verdicts as on the event loop, one dendrite's checks
// answered in order, and an axon using the threads still refusing replays and forged requests.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cryptoReady, keypairFromUri } from '@tao-ts/primitives';
import { Axon } from './axon.js';
import { WireConfigError } from './errors.js';
import { requestMessage, signText, verifyText } from './signing.js';
import { defineSynapse } from './synapse.js';
import { aiohttpRequest, rawRequest, signedRequest } from './test-support.js';
import { VerifyThreads, acquireVerifyThreads, releaseVerifyThreads } from './verify-threads.js';

const alice = keypairFromUri('//Alice');
const bob = keypairFromUri('//Bob');

const message = (nonce: bigint): string =>
  requestMessage({
    nonce,
    dendriteHotkey: bob.address,
    axonHotkey: alice.address,
    uuid: 'u-1',
    bodyHash: 'a7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a',
  });

describe('VerifyThreads', () => {
  let threads: VerifyThreads;
  before(async () => {
    await cryptoReady();
    threads = new VerifyThreads(2);
    await threads.ready;
  });
  after(() => threads.close());

  test('answers as verifyText does, including <Bytes> wrapping and junk', async () => {
    const m = message(1n);
    const cases: [string, string][] = [
      [m, signText(bob, m)],
      [m, signText(bob, `<Bytes>${m}</Bytes>`)],
      [m, signText(alice, m)],
      [`${m}x`, signText(bob, m)],
      [m, '0x1234'],
      [m, `0x${'00'.repeat(64)}`],
      [m, `0x${'ff'.repeat(64)}`],
      // Packed by UTF-8 length, not by characters; a signature without its 0x.
      [`${m}é✓`, signText(bob, `${m}é✓`)],
      [`${m}é✓`, signText(bob, m)],
      [m, signText(bob, m).slice(2)],
    ];
    const got = await Promise.all(cases.map(([msg, sig]) => threads.verify('lane', bob.publicKey, msg, sig)));
    assert.deepEqual(
      got,
      cases.map(([msg, sig]) => verifyText(bob.address, msg, sig)),
    );
    assert.deepEqual(got.slice(0, 3), [true, true, false]);
    assert.deepEqual(got.slice(7), [true, false, true]);
  });

  test('a lane is answered in order', async () => {
    const order: number[] = [];
    await Promise.all(
      Array.from({ length: 40 }, (_, i) => {
        const m = message(BigInt(i));
        return threads.verify('one-dendrite', bob.publicKey, m, signText(bob, m)).then((ok) => {
          assert.equal(ok, true);
          order.push(i);
        });
      }),
    );
    assert.deepEqual(
      order,
      Array.from({ length: 40 }, (_, i) => i),
    );
  });

  test('closed threads answer undefined (the caller verifies itself)', async () => {
    const t = new VerifyThreads(1);
    await t.ready;
    await t.close();
    assert.equal(await t.verify('lane', bob.publicKey, 'm', signText(bob, 'm')), undefined);
  });

  test('an unusable thread count is refused, naming the option', () => {
    for (const n of [-1, 1.5, 65]) {
      assert.throws(
        () => new Axon({ keypair: alice, port: 0, verifyThreads: n }),
        (e: unknown) => e instanceof WireConfigError && /verifyThreads/.test(e.message),
      );
    }
  });

  test('shared threads are reused while in use', () => {
    const a = acquireVerifyThreads(3);
    const b = acquireVerifyThreads(3);
    assert.equal(a, b);
    releaseVerifyThreads(a);
    releaseVerifyThreads(b);
  });
});

describe('axon verifying on threads', () => {
  const Dummy = defineSynapse({
    name: 'Dummy',
    fields: { dummy_input: { type: 'int', required: true }, dummy_output: { type: 'int' } },
  });
  let forwards = 0;
  const axon = new Axon({ keypair: alice, ip: '127.0.0.1', port: 0, verifyThreads: 1 }).attach(Dummy, {
    forward: (s) => {
      forwards += 1;
      s.values.dummy_output = s.values.dummy_input * 2;
      return s;
    },
  });
  let nonce = BigInt(Date.now()) * 1_000_000n;
  const request = (o: { uuid?: string; signature?: string; n?: bigint } = {}) => {
    const r = signedRequest(bob, Dummy.create({ dummy_input: 21 }), {
      nonce: o.n ?? (nonce += 1000n),
      uuid: o.uuid ?? 'thread-test',
      targetHotkey: alice.address,
      port: axon.port,
      ...(o.signature === undefined ? {} : { signature: o.signature }),
    });
    return aiohttpRequest(axon.port, '/Dummy', r.headers, r.body);
  };

  let shared: VerifyThreads | undefined;
  before(async () => {
    await cryptoReady();
    await axon.start();
    // Let the shared thread load so the requests below take it.
    shared = acquireVerifyThreads(1);
    await shared.ready;
  });
  after(async () => {
    if (shared !== undefined) releaseVerifyThreads(shared);
    await axon.stop();
  });

  test('a signed request is answered, a forged one refused', async () => {
    const ok = await rawRequest(axon.port, request());
    assert.equal(ok.status, 200);
    assert.equal((JSON.parse(ok.body) as { dummy_output?: number }).dummy_output, 42);
    const forged = await rawRequest(axon.port, request({ signature: signText(alice, 'something else') }));
    assert.equal(forged.status, 401);
    assert.match(forged.body, /Signature mismatch/);
  });

  test('the same request sent twice at once is accepted once', async () => {
    const before = forwards;
    const bytes = request({ uuid: 'replayed' });
    const answers = await Promise.all([rawRequest(axon.port, bytes), rawRequest(axon.port, bytes)]);
    assert.deepEqual(answers.map((a) => a.status).sort(), [200, 401]);
    assert.equal(forwards, before + 1);
  });

  test('many concurrent dendrites are all answered', async () => {
    const answers = await Promise.all(
      Array.from({ length: 32 }, (_, i) => rawRequest(axon.port, request({ uuid: `lane-${i}` }))),
    );
    assert.deepEqual(
      answers.map((a) => a.status),
      answers.map(() => 200),
    );
  });
});
