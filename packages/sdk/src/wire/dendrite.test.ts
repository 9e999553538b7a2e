// The dendrite against real local axons, a dead port, a slow axon and a server that answers garbage:
// every call returns a synapse with a status, never an exception.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { cryptoReady, keypairFromUri } from '@tao-ts/primitives';
import { Axon, streamingReply } from './axon.js';
import { Dendrite } from './dendrite.js';
import { InvalidIpError } from './errors.js';
import { defineSynapse } from './synapse.js';

const Dummy = defineSynapse({
  name: 'Dummy',
  fields: { dummy_input: { type: 'int', required: true }, dummy_output: { type: 'int' } },
});
const Hashed = defineSynapse({
  name: 'Hashed',
  fields: { text: { type: 'str', required: true }, reply: { type: 'str' } },
  requiredHashFields: ['text'],
});
const Tokens = defineSynapse({
  name: 'Tokens',
  fields: { prompt: { type: 'str', required: true } },
  streaming: true,
});

function listen(server: Server): Promise<number> {
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const a = server.address();
      resolve(typeof a === 'object' && a !== null ? a.port : 0);
    });
  });
}

describe('dendrite', () => {
  const alice = keypairFromUri('//Alice');
  const bob = keypairFromUri('//Bob');
  const dendrite = new Dendrite({ keypair: bob });
  const fast = new Axon({ keypair: alice, ip: '127.0.0.1', port: 0 });
  const slowKey = keypairFromUri('//Charlie');
  const slow = new Axon({ keypair: slowKey, ip: '127.0.0.1', port: 0 });
  const garbage = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('<html>not json</html>');
  });
  let garbagePort = 0;
  let deadPort = 0;

  before(async () => {
    await cryptoReady();
    fast.attach(Dummy, { forward: (s) => ((s.values.dummy_output = s.values.dummy_input * 2), s) });
    fast.attach(Hashed, { forward: (s) => ((s.values.reply = s.values.text.toUpperCase()), s) });
    fast.attach(Tokens, {
      forward: (s) =>
        streamingReply(
          s,
          (async function* () {
            yield await Promise.resolve('a\n');
            yield 'b\n';
          })(),
        ),
    });
    slow.attach(Dummy, {
      forward: async (s, ctx) => {
        await new Promise<void>((r) => {
          const t = setTimeout(r, 2000);
          ctx.signal.addEventListener('abort', () => (clearTimeout(t), r()));
        });
        return s;
      },
    });
    await Promise.all([fast.start(), slow.start()]);
    garbagePort = await listen(garbage);
    const probe = createServer();
    deadPort = await listen(probe);
    await new Promise((r) => probe.close(r));
  });
  after(async () => {
    await Promise.all([fast.stop(), slow.stop(), dendrite.close()]);
    await new Promise((r) => garbage.close(r));
  });

  test('call: a signed round trip fills the response and the status', async () => {
    const res = await dendrite.call(
      { ip: '127.0.0.1', port: fast.port, hotkey: alice.address },
      Dummy.create({ dummy_input: 21 }),
    );
    assert.equal(res.dendrite.statusCode, 200, res.dendrite.statusMessage ?? '');
    assert.equal(res.dendrite.statusMessage, 'Success');
    assert.equal(res.values.dummy_output, 42);
    assert.equal(res.axon.statusCode, 200);
    assert.equal(res.isSuccess, true);
    assert.ok((res.dendrite.processTime ?? -1) >= 0);
  });

  test('externalIp: announced in bt_header_dendrite_ip; anything but an address is refused', async () => {
    const announced = new Dendrite({ keypair: bob, externalIp: '203.0.113.7' });
    const s = announced.prepare(
      { ip: '127.0.0.1', port: 1, hotkey: alice.address },
      Dummy.create({ dummy_input: 1 }),
      12,
    );
    assert.equal(s.toHeaders().bt_header_dendrite_ip, '203.0.113.7');
    await announced.close();
    for (const bad of ['', 'localhost', '203.0.113.7\r\nx: y', '1.2.3.256']) {
      assert.throws(
        () => new Dendrite({ keypair: bob, externalIp: bad }),
        (e: unknown) => e instanceof InvalidIpError && e.field === 'externalIp',
      );
    }
  });

  test('call: a synapse with required_hash_fields is signed and sent with its body hash', async () => {
    const input = Hashed.create({ text: 'pay alice 1 tao' });
    const res = await dendrite.call({ ip: '127.0.0.1', port: fast.port, hotkey: alice.address }, input);
    assert.equal(res.dendrite.statusCode, 200, res.dendrite.statusMessage ?? '');
    assert.equal(res.values.reply, 'PAY ALICE 1 TAO');
    assert.notEqual(input.bodyHash, Dummy.create({ dummy_input: 1 }).bodyHash);
  });

  test('forward: fan-out returns one synapse per axon, in order, never throwing', async () => {
    const targets = [
      { ip: '127.0.0.1', port: fast.port, hotkey: alice.address },
      { ip: '127.0.0.1', port: deadPort, hotkey: alice.address },
      { ip: '127.0.0.1', port: fast.port, hotkey: slowKey.address }, // wrong target hotkey
      { ip: '127.0.0.1', port: garbagePort, hotkey: alice.address },
      { ip: '127.0.0.1', port: slow.port, hotkey: slowKey.address },
    ];
    const input = Dummy.create({ dummy_input: 5 });
    const out = await dendrite.forward(targets, input, { timeout: 0.5 });
    assert.deepEqual(
      out.map((s) => s.dendrite.statusCode),
      [200, 503, 401, 422, 408],
    );
    assert.equal(out[0]?.values.dummy_output, 10);
    assert.equal(out[1]?.dendrite.statusMessage, `Service unavailable at 127.0.0.1:${deadPort}/Dummy`);
    assert.match(
      out[2]?.dendrite.statusMessage ?? '',
      /^Not Verified with error: Request is addressed to hotkey/,
    );
    assert.match(out[3]?.dendrite.statusMessage ?? '', /^Failed to parse response: /);
    assert.equal(out[4]?.dendrite.statusMessage, 'Request timeout after 0.5 seconds');
    assert.equal(out[4]?.isTimeout, true);
    // The input synapse is untouched (each call works on a copy).
    assert.equal(input.values.dummy_output, null);
    assert.equal(input.dendrite.nonce, null);
  });

  test('consecutive calls to one axon use strictly increasing nonces and are all accepted', async () => {
    const target = { ip: '127.0.0.1', port: fast.port, hotkey: alice.address };
    const out = await Promise.all(
      Array.from({ length: 20 }, (_, i) => dendrite.call(target, Dummy.create({ dummy_input: i }))),
    );
    const nonces = out.map((s) => s.dendrite.nonce ?? 0n);
    assert.equal(new Set(nonces).size, 20);
    // Concurrent requests may arrive out of order (bittensor has the same race); sequential ones never fail.
    for (let i = 0; i < 5; i++) {
      const r = await dendrite.call(target, Dummy.create({ dummy_input: i }));
      assert.equal(r.dendrite.statusCode, 200);
    }
  });

  test('callStream yields the raw chunks, then the synapse', async () => {
    const items: (Uint8Array | object)[] = [];
    for await (const item of dendrite.callStream(
      { ip: '127.0.0.1', port: fast.port, hotkey: alice.address },
      Tokens.create({ prompt: 'x' }),
    )) {
      items.push(item);
    }
    const chunks = items.filter((i): i is Uint8Array => i instanceof Uint8Array);
    assert.equal(Buffer.concat(chunks).toString('utf8'), 'a\nb\n');
    const last = items.at(-1) as { dendrite: { statusCode: number | null } };
    assert.equal(last.dendrite.statusCode, 200);
  });

  test('callStream against a dead port yields just the failed synapse', async () => {
    const items: unknown[] = [];
    for await (const item of dendrite.callStream(
      { ip: '127.0.0.1', port: deadPort, hotkey: alice.address },
      Tokens.create({ prompt: 'x' }),
    ))
      items.push(item);
    assert.equal(items.length, 1);
    assert.equal((items[0] as { dendrite: { statusCode: number } }).dendrite.statusCode, 503);
  });
});
