// The axon against raw HTTP requests built byte for byte like bittensor's dendrite: the worked vector
// request, then every way a request can be wrong. A spy on forward proves rejected requests never
// reach it.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { cryptoReady, keypairFromMnemonic, keypairFromUri, parseJsonExact } from '@tao-ts/primitives';
import { Axon, streamingReply } from './axon.js';
import { defineSynapse, type Synapse } from './synapse.js';
import { aiohttpRequest, rawRequest, signedRequest } from './test-support.js';

const VECTORS = JSON.parse(
  readFileSync(new URL('../../../../vectors/sdk-synapse.json', import.meta.url), 'utf8'),
) as {
  worked_request: { headers: Record<string, string>; body: string; url: string };
  worked_response_success: { headers: Record<string, string>; body: string; status: number };
};

const Dummy = defineSynapse({
  name: 'Dummy',
  fields: { dummy_input: { type: 'int', required: true }, dummy_output: { type: 'int' } },
});
const Hashed = defineSynapse({
  name: 'Hashed',
  fields: { text: { type: 'str', required: true }, out: { type: 'str' } },
  requiredHashFields: ['text'],
});
const Stream = defineSynapse({
  name: 'Stream',
  fields: { prompt: { type: 'str', required: true } },
  streaming: true,
});

// The worked vector: dendrite = "old leopard…" mnemonic, axon = //Alice, nonce at 2025-03-20T00:00:00.123Z.
const VECTOR_NONCE = 1742428800123456789n;
const DENDRITE_MNEMONIC = 'old leopard transfer rib spatial phone calm indicate online fire caution review';

const nowNs = (): bigint => BigInt(Date.now()) * 1_000_000n;

describe('axon on raw bittensor-shaped requests', () => {
  const alice = keypairFromUri('//Alice');
  const bob = keypairFromUri('//Bob');
  const dendriteKey = keypairFromMnemonic(DENDRITE_MNEMONIC);
  const calls: Synapse<typeof Dummy.fields>[] = [];
  let clockNs: bigint | undefined;
  const axon = new Axon({
    keypair: alice,
    ip: '127.0.0.1',
    port: 0,
    maxBodyBytes: 4096,
    // A frozen clock: no refill during the test, so exactly the burst passes.
    rateLimit: { perSecond: 1, burst: 40, now: () => 0 },
    nowNs: () => clockNs ?? nowNs(),
  });
  let nonce = nowNs();
  const nextNonce = (): bigint => (nonce += 1000n);
  const send = (headers: readonly (readonly [string, string])[], body: string, path = '/Dummy') =>
    rawRequest(axon.port, aiohttpRequest(axon.port, path, headers, body));

  before(async () => {
    await cryptoReady();
    axon.attach(Dummy, {
      forward: (s) => {
        calls.push(s);
        s.values.dummy_output = s.values.dummy_input * 2;
        return s;
      },
      blacklist: (s) =>
        s.dendrite.hotkey === keypairFromUri('//Eve').address ? [true, 'eve is not welcome'] : [false, ''],
    });
    axon.attach(Hashed, { forward: (s) => ((s.values.out = s.values.text.toUpperCase()), s) });
    axon.attach(Stream, {
      forward: (s) =>
        streamingReply(
          s,
          (async function* () {
            for (const w of s.values.prompt.split(' ')) yield await Promise.resolve(`${w}\n`);
          })(),
        ),
    });
    await axon.start();
  });
  after(() => axon.stop());

  test('the worked request, byte for byte, gets the worked response', async () => {
    const w = VECTORS.worked_request;
    clockNs = VECTOR_NONCE + 5_000_000n;
    try {
      const res = await send(Object.entries(w.headers), w.body);
      const expected = VECTORS.worked_response_success;
      assert.equal(res.status, expected.status, res.body);
      const got = parseJsonExact(res.body) as Record<string, unknown>;
      const want = parseJsonExact(expected.body) as Record<string, unknown>;
      // process_time and the CPython size estimate differ by nature; everything else is identical.
      (got.axon as Record<string, unknown>).process_time = 0.0012;
      got.total_size = want.total_size;
      assert.deepEqual(got, want);
      for (const [k, v] of Object.entries(expected.headers)) {
        if (k === 'bt_header_axon_process_time' || k === 'total_size' || k === 'header_size') continue;
        assert.equal(res.headers[k], v, k);
      }
      assert.equal(res.headers['content-type'], 'application/json');
      assert.equal(calls.length, 1);
      assert.equal(calls[0]?.values.dummy_input, 7);
      assert.equal(calls[0]?.dendrite.hotkey, dendriteKey.address);

      // Replaying the same bytes: same nonce for the same (hotkey, uuid).
      const replay = await send(Object.entries(w.headers), w.body);
      assert.equal(replay.status, 401);
      assert.equal(
        (JSON.parse(replay.body) as { message: string }).message,
        'Not Verified with error: Nonce is too old, a newer one was last processed',
      );
      assert.equal(replay.headers.bt_header_axon_status_code, '401');
      assert.equal(calls.length, 1);
    } finally {
      clockNs = undefined;
    }
  });

  test('a fresh signed request from another dendrite succeeds, then its replay is rejected', async () => {
    const before = calls.length;
    const req = signedRequest(bob, Dummy.create({ dummy_input: 21 }), {
      nonce: nextNonce(),
      targetHotkey: alice.address,
      port: axon.port,
      uuid: 'u-replay',
    });
    const ok = await send(req.headers, req.body);
    assert.equal(ok.status, 200, ok.body);
    assert.equal((parseJsonExact(ok.body) as { dummy_output: number }).dummy_output, 42);
    const again = await send(req.headers, req.body);
    assert.equal(again.status, 401);
    assert.equal(calls.length, before + 1);
  });

  const rejections: [
    string,
    () => { headers: [string, string][]; body: string; path?: string },
    number,
    RegExp,
  ][] = [
    [
      'unsigned (no signature header)',
      () =>
        signedRequest(bob, Dummy.create({ dummy_input: 1 }), {
          nonce: nextNonce(),
          targetHotkey: alice.address,
          port: axon.port,
          signature: null,
        }),
      401,
      /Missing signature/,
    ],
    [
      'empty signature (bittensor#3392)',
      () =>
        signedRequest(bob, Dummy.create({ dummy_input: 1 }), {
          nonce: nextNonce(),
          targetHotkey: alice.address,
          port: axon.port,
          signature: '',
        }),
      401,
      /Missing signature/,
    ],
    [
      'signed by another key than the claimed hotkey',
      () => {
        const r = signedRequest(keypairFromUri('//Charlie'), Dummy.create({ dummy_input: 1 }), {
          nonce: nextNonce(),
          targetHotkey: alice.address,
          port: axon.port,
        });
        const sig = r.headers.find(([k]) => k === 'bt_header_dendrite_signature')?.[1] ?? '';
        return signedRequest(bob, Dummy.create({ dummy_input: 1 }), {
          nonce: nextNonce(),
          targetHotkey: alice.address,
          port: axon.port,
          signature: sig,
        });
      },
      401,
      /Signature mismatch/,
    ],
    [
      'malformed signature text',
      () =>
        signedRequest(bob, Dummy.create({ dummy_input: 1 }), {
          nonce: nextNonce(),
          targetHotkey: alice.address,
          port: axon.port,
          signature: '0xnothex',
        }),
      401,
      /Signature mismatch/,
    ],
    [
      'stale nonce (20 s old on first contact)',
      () =>
        signedRequest(bob, Dummy.create({ dummy_input: 1 }), {
          nonce: nowNs() - 20_000_000_000n,
          targetHotkey: alice.address,
          port: axon.port,
          uuid: 'u-stale',
        }),
      401,
      /Nonce is too old: acceptable delta is 16\.00 seconds but request was 2\d\.\d\d seconds old/,
    ],
    [
      'addressed to another hotkey',
      () =>
        signedRequest(bob, Dummy.create({ dummy_input: 1 }), {
          nonce: nextNonce(),
          targetHotkey: keypairFromUri('//Dave').address,
          port: axon.port,
        }),
      401,
      /addressed to hotkey 5DAAnrj7VHTznn2AWBemMuyBwZWs6FNFjdyVXUeYum3PTXFy/,
    ],
    [
      'no dendrite hotkey (what nginx does to underscore headers)',
      () => {
        const r = signedRequest(bob, Dummy.create({ dummy_input: 1 }), {
          nonce: nextNonce(),
          targetHotkey: alice.address,
          port: axon.port,
        });
        return { ...r, headers: r.headers.filter(([k]) => !k.startsWith('bt_header_dendrite_')) };
      },
      401,
      /No SS58 formatted address/,
    ],
    [
      'blacklisted hotkey',
      () =>
        signedRequest(keypairFromUri('//Eve'), Dummy.create({ dummy_input: 1 }), {
          nonce: nextNonce(),
          targetHotkey: alice.address,
          port: axon.port,
        }),
      403,
      /^Forbidden\. Key is blacklisted: eve is not welcome\.$/,
    ],
    [
      'oversized body',
      () => {
        const r = signedRequest(bob, Dummy.create({ dummy_input: 1 }), {
          nonce: nextNonce(),
          targetHotkey: alice.address,
          port: axon.port,
        });
        return {
          ...r,
          body: r.body.replace('"dummy_input": 1', `"dummy_input": 1, "pad": "${'x'.repeat(5000)}"`),
        };
      },
      413,
      /exceeds the axon's limit of 4096 bytes/,
    ],
    [
      'malformed timeout header',
      () => {
        const r = signedRequest(bob, Dummy.create({ dummy_input: 1 }), {
          nonce: nextNonce(),
          targetHotkey: alice.address,
          port: axon.port,
        });
        return {
          ...r,
          headers: r.headers.map(([k, v]) => [k, k === 'timeout' ? 'soon' : v] as [string, string]),
        };
      },
      400,
      /Could not parse headers into synapse of type Dummy: timeout: expected a float/,
    ],
    [
      'missing required input header',
      () => {
        const r = signedRequest(bob, Dummy.create({ dummy_input: 1 }), {
          nonce: nextNonce(),
          targetHotkey: alice.address,
          port: axon.port,
        });
        return { ...r, headers: r.headers.filter(([k]) => k !== 'bt_header_input_obj_dummy_input') };
      },
      400,
      /bt_header_input_obj_dummy_input: missing/,
    ],
    [
      'body that is not JSON',
      () => ({
        ...signedRequest(bob, Dummy.create({ dummy_input: 1 }), {
          nonce: nextNonce(),
          targetHotkey: alice.address,
          port: axon.port,
        }),
        body: '{"name": "Dummy", ',
      }),
      400,
      /not JSON/,
    ],
    [
      'body that does not fit the schema',
      () => {
        const r = signedRequest(bob, Dummy.create({ dummy_input: 1 }), {
          nonce: nextNonce(),
          targetHotkey: alice.address,
          port: axon.port,
        });
        return { ...r, body: r.body.replace('"dummy_input": 1', '"dummy_input": "one"') };
      },
      422,
      /body\.dummy_input: expected an integer, got "one"/,
    ],
    [
      'body altered after signing (required_hash_fields)',
      () => {
        const r = signedRequest(bob, Hashed.create({ text: 'pay alice' }), {
          nonce: nextNonce(),
          targetHotkey: alice.address,
          port: axon.port,
        });
        return { ...r, body: r.body.replace('pay alice', 'pay mallory'), path: '/Hashed' };
      },
      500,
      /^Internal Server Error #[0-9a-f-]{36}: Hash mismatch between header body hash/,
    ],
    [
      'unknown synapse name',
      () => ({
        ...signedRequest(bob, Dummy.create({ dummy_input: 1 }), {
          nonce: nextNonce(),
          targetHotkey: alice.address,
          port: axon.port,
        }),
        path: '/Nope',
      }),
      404,
      /^Synapse name 'Nope' not found\. Available synapses \['Synapse', 'Dummy', 'Hashed', 'Stream'\]$/,
    ],
  ];

  for (const [name, build, status, message] of rejections) {
    test(`rejects: ${name} → ${status}, forward untouched`, async () => {
      const before = calls.length;
      const r = build();
      const res = await send(r.headers, r.body, r.path ?? '/Dummy');
      assert.equal(res.status, status, res.body);
      const msg = (JSON.parse(res.body) as { message: string }).message;
      assert.match(msg, message);
      assert.equal(res.headers.bt_header_axon_status_code, String(status));
      assert.equal(calls.length, before, 'forward must not run');
    });
  }

  test('a path with a query string is the same route (served through fastify)', async () => {
    const r = signedRequest(bob, Dummy.create({ dummy_input: 4 }), {
      nonce: nextNonce(),
      targetHotkey: alice.address,
      port: axon.port,
    });
    const res = await send(r.headers, r.body, '/Dummy?probe=1');
    assert.equal(res.status, 200, res.body);
    assert.equal((JSON.parse(res.body) as { dummy_output: number }).dummy_output, 8);
  });

  test('a declared length over the limit is refused before the body is read, closing the connection', async () => {
    const before = calls.length;
    const r = signedRequest(bob, Dummy.create({ dummy_input: 1 }), {
      nonce: nextNonce(),
      targetHotkey: alice.address,
      port: axon.port,
    });
    // Headers only: the axon must answer without waiting for the 100 kB it was promised.
    const head = aiohttpRequest(axon.port, '/Dummy', r.headers, '').replace(
      /Content-Length: 0/,
      'Content-Length: 100000',
    );
    const res = await rawRequest(axon.port, head);
    assert.equal(res.status, 413, res.body);
    assert.match((JSON.parse(res.body) as { message: string }).message, /limit of 4096 bytes/);
    assert.equal(res.headers.connection, 'close');
    assert.equal(res.headers.bt_header_axon_status_code, '413');
    assert.equal(calls.length, before);
  });

  test('per-hotkey rate limit answers 429 once the burst is spent', async () => {
    const ferdie = keypairFromUri('//Ferdie');
    const statuses: number[] = [];
    for (let i = 0; i < 42; i++) {
      const r = signedRequest(ferdie, Dummy.create({ dummy_input: i }), {
        nonce: nextNonce(),
        targetHotkey: alice.address,
        port: axon.port,
        uuid: 'u-rate',
      });
      statuses.push((await send(r.headers, r.body)).status);
    }
    assert.ok(statuses.slice(0, 40).every((s) => s === 200));
    assert.ok(
      statuses.slice(40).every((s) => s === 429),
      statuses.join(','),
    );
  });

  test('the base Synapse ping route exists', async () => {
    const ping = defineSynapse({ name: 'Synapse', fields: {} });
    const r = signedRequest(keypairFromUri('//Alice//ping'), ping.create(), {
      nonce: nextNonce(),
      targetHotkey: alice.address,
      port: axon.port,
    });
    const res = await send(r.headers, r.body, '/Synapse');
    assert.equal(res.status, 200, res.body);
    assert.equal(res.headers.bt_header_axon_status_message, 'Success');
  });

  test('a streaming synapse answers 200 text/event-stream with raw chunks', async () => {
    const r = signedRequest(keypairFromUri('//Alice//stream'), Stream.create({ prompt: 'one two three' }), {
      nonce: nextNonce(),
      targetHotkey: alice.address,
      port: axon.port,
    });
    const res = await send(r.headers, r.body, '/Stream');
    assert.equal(res.status, 200);
    assert.equal(res.headers['content-type'], 'text/event-stream');
    assert.equal(res.body, 'one\ntwo\nthree\n');
    assert.equal(res.headers.bt_header_axon_status_code, '200');
  });
});
