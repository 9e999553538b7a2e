// The axon's scheduling: the priority queue under a concurrency limit, the queue and timeout
// answers, the published endpoint, and CPU-heavy forwards in the worker pool.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cryptoReady, keypairFromUri } from '@tao-ts/primitives';
import { Axon } from './axon.js';
import { WorkerPool } from './worker-pool.js';
import { defineSynapse } from './synapse.js';
import { aiohttpRequest, rawRequest, signedRequest } from './test-support.js';

const Dummy = defineSynapse({
  name: 'Dummy',
  fields: { dummy_input: { type: 'int', required: true }, dummy_output: { type: 'int' } },
});

describe('axon scheduling', () => {
  const alice = keypairFromUri('//Alice');
  const callers = ['//A1', '//A2', '//A3', '//A4'].map((u) => keypairFromUri(u));
  before(() => cryptoReady());

  test('priority orders waiting forwards under a concurrency limit of 1', async () => {
    const order: number[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const axon = new Axon({ keypair: alice, ip: '127.0.0.1', port: 0, concurrency: 1 });
    axon.attach(Dummy, {
      forward: async (s) => {
        if (s.values.dummy_input === 0) await gate;
        order.push(s.values.dummy_input);
        return s;
      },
      priority: (s) => s.values.dummy_input,
    });
    await axon.start();
    try {
      let n = BigInt(Date.now()) * 1_000_000n;
      const go = (i: number) => {
        const r = signedRequest(callers[i] as (typeof callers)[number], Dummy.create({ dummy_input: i }), {
          nonce: (n += 1n),
          targetHotkey: alice.address,
          port: axon.port,
        });
        return rawRequest(axon.port, aiohttpRequest(axon.port, '/Dummy', r.headers, r.body));
      };
      const first = go(0);
      while (axon.queue.running < 1) await new Promise((r) => setTimeout(r, 5));
      const rest = [go(1), go(3), go(2)];
      while (axon.queue.queued < 3) await new Promise((r) => setTimeout(r, 5));
      release();
      const results = await Promise.all([first, ...rest]);
      assert.deepEqual(
        results.map((r) => r.status),
        [200, 200, 200, 200],
      );
      assert.deepEqual(order, [0, 3, 2, 1]);
    } finally {
      await axon.stop();
    }
  });

  test('full queue → 503; forward past the synapse timeout → 408; forward throwing → 500', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const axon = new Axon({ keypair: alice, ip: '127.0.0.1', port: 0, concurrency: 1, maxQueued: 0 });
    axon.attach(Dummy, {
      forward: async (s) => {
        if (s.values.dummy_input === 0) await gate;
        if (s.values.dummy_input === 2) throw new Error('model crashed');
        return s;
      },
    });
    await axon.start();
    try {
      let n = BigInt(Date.now()) * 1_000_000n;
      const go = (i: number, timeout = 12) => {
        const r = signedRequest(callers[i] as (typeof callers)[number], Dummy.create({ dummy_input: i }), {
          nonce: (n += 1n),
          targetHotkey: alice.address,
          port: axon.port,
          timeout,
        });
        return rawRequest(axon.port, aiohttpRequest(axon.port, '/Dummy', r.headers, r.body));
      };
      const slow = go(0, 0.3);
      while (axon.queue.running < 1) await new Promise((r) => setTimeout(r, 5));
      const full = await go(1);
      assert.equal(full.status, 503);
      assert.match((JSON.parse(full.body) as { message: string }).message, /^Service unavailable/);
      const timedOut = await slow;
      assert.equal(timedOut.status, 408);
      assert.equal(
        (JSON.parse(timedOut.body) as { message: string }).message,
        'Response timeout after: 0.3s',
      );
      release();
      while (axon.queue.running > 0) await new Promise((r) => setTimeout(r, 5));
      const crashed = await go(2);
      assert.equal(crashed.status, 500);
      assert.match(
        (JSON.parse(crashed.body) as { message: string }).message,
        /^Internal Server Error #[0-9a-f-]{36}$/,
      );
    } finally {
      await axon.stop();
    }
  });

  test('info() publishes the external endpoint, defaulting to the bound one', async () => {
    const axon = new Axon({
      keypair: alice,
      ip: '127.0.0.1',
      port: 0,
      externalIp: '203.0.113.7',
      coldkey: 'ck',
    });
    await axon.start();
    try {
      assert.deepEqual(axon.info(), {
        version: 10_002_000,
        ip: '203.0.113.7',
        ipType: 4,
        port: axon.port,
        hotkey: alice.address,
        coldkey: 'ck',
        protocol: 4,
        placeholder1: 0,
        placeholder2: 0,
      });
    } finally {
      await axon.stop();
    }
  });

  test('a CPU-heavy forward in the worker pool does not block other requests', async () => {
    const pool = new WorkerPool<{ ms: number; value: number }, number>({
      module: new URL('./fixtures/busy-worker.ts', import.meta.url),
      exportName: 'spin',
      size: 1,
    });
    const axon = new Axon({ keypair: alice, ip: '127.0.0.1', port: 0 });
    axon.attach(Dummy, {
      forward: async (s) => {
        s.values.dummy_output = await pool.run({ ms: 400, value: s.values.dummy_input });
        return s;
      },
    });
    await axon.start();
    try {
      // Warm the worker up so the heavy call below spins instead of loading.
      await pool.run({ ms: 0, value: 0 });
      let n = BigInt(Date.now()) * 1_000_000n;
      const finished: string[] = [];
      const heavyReq = signedRequest(
        callers[0] as (typeof callers)[number],
        Dummy.create({ dummy_input: 4 }),
        { nonce: (n += 1n), targetHotkey: alice.address, port: axon.port },
      );
      const heavy = rawRequest(
        axon.port,
        aiohttpRequest(axon.port, '/Dummy', heavyReq.headers, heavyReq.body),
      ).then((r) => {
        finished.push('heavy');
        return r;
      });
      while (axon.queue.running < 1) await new Promise((r) => setTimeout(r, 5));
      const ping = defineSynapse({ name: 'Synapse', fields: {} });
      const pingReq = signedRequest(callers[1] as (typeof callers)[number], ping.create(), {
        nonce: (n += 1n),
        targetHotkey: alice.address,
        port: axon.port,
      });
      const pong = await rawRequest(
        axon.port,
        aiohttpRequest(axon.port, '/Synapse', pingReq.headers, pingReq.body),
      );
      finished.push('ping');
      assert.equal(pong.status, 200);
      const h = await heavy;
      assert.equal(h.status, 200);
      assert.equal((JSON.parse(h.body) as { dummy_output: number }).dummy_output, 8);
      assert.deepEqual(finished, ['ping', 'heavy']);
    } finally {
      await axon.stop();
      await pool.close();
    }
  });
});
