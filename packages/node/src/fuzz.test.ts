// A running node against well over 10,000 hostile inputs: random and mutated extrinsics and
// JSON-RPC bodies over HTTP and WebSocket. The node must answer each one, well-formed, within a
// timeout; and garbage must never move its state: with no block authored the best block and the
// pool are as before (plus the valid transactions), and the next block holds exactly those.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { WebSocket } from 'ws';
import { concatBytes, encodeCompact, keypairFromUri, toHex, type Keypair } from '@tao-ts/primitives';
import { TAO, decodeExtrinsic, mortalEra, signExtrinsic, type RuntimeCallValue } from '@tao-ts/runtime';
import { startDevNode } from './dev-node.js';
import type { RunningNode } from './node.js';

const TIMEOUT_MS = 15_000;
/** What author_submit* may answer: Substrate's pool codes, bad params, or a malformed request. */
const SUBMIT_CODES = new Set([1001, 1010, 1011, 1012, 1013, 1014, 1016, -32602, -32600]);

let node: RunningNode;
let http: string;
let xts: Extrinsics;
let ctx: JsonContext;
let header0: { number: string; stateRoot: string };
let best0: string;
let inputs = 0;
const codes = new Map<number, number>();

before(async () => {
  node = await startDevNode({ manualSeal: true });
  http = `http://127.0.0.1:${node.rpc.port}/`;
  header0 = (await call('chain_getHeader')) as typeof header0;
  best0 = (await call('chain_getBlockHash')) as string;
  xts = buildExtrinsics();
  // The valid transactions go in first, so byte-identical copies among the mutants are 1013.
  for (const xt of [...xts.valid, xts.future]) await call('author_submitExtrinsic', [toHex(xt)]);
  ctx = {
    methods: ((await call('rpc_methods')) as { methods: string[] }).methods.filter(
      (m) => !m.startsWith('dev_'),
    ),
    hashes: [best0, toHex(node.chain.genesisHash), toHex(new Uint8Array(32)), `0x${'ff'.repeat(32)}`],
    apis: node.runtime.apis.flatMap((api) => api.methods.map((m) => `${api.name}_${m.name}`)),
    seeds: xts.seeds,
  };
});

after(async () => {
  await node.stop();
});

/** FUZZ_SEED=n explores other inputs; the default keeps every run (and any failure) the same. */
const SEED = Number(process.env['FUZZ_SEED'] ?? 0) >>> 0;

/** xorshift32: seeded, so a failure replays. */
function rng(base: number): {
  int(n: number): number;
  pick<T>(xs: readonly T[]): T;
  bytes(n: number): Uint8Array;
} {
  let x = (base ^ SEED) >>> 0 || 1;
  const next = (): number => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>>= 0);
  };
  const int = (n: number): number => (n <= 0 ? 0 : next() % n);
  return {
    int,
    pick: (xs) => xs[int(xs.length)] as never,
    bytes: (n) => Uint8Array.from({ length: n }, next),
  };
}
type Rng = ReturnType<typeof rng>;

// ---- transport and response checks ---------------------------------------------------------

async function post(body: string | Uint8Array, contentType = 'application/json'): Promise<unknown> {
  const response = await fetch(http, {
    method: 'POST',
    body,
    headers: { 'content-type': contentType },
    signal: AbortSignal.timeout(TIMEOUT_MS),
  });
  const text = await response.text();
  // JSON-RPC errors travel in 200 responses; 204 only for a body made of notifications.
  assert.ok(response.status === 200 || (response.status === 204 && text === ''), `HTTP ${response.status}`);
  return text === '' ? undefined : (JSON.parse(text) as unknown);
}

async function call(method: string, params: unknown[] = []): Promise<unknown> {
  const r = (await post(JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }))) as Rpc;
  if (r.error !== undefined) throw new Error(`${method}: ${r.error.message}`);
  return r.result;
}

/** Run tasks with bounded concurrency, stopping at the first failure. */
async function parallel(tasks: (() => Promise<void>)[], width: number): Promise<void> {
  let next = 0;
  let failed = false;
  const worker = async (): Promise<void> => {
    while (next < tasks.length && !failed) {
      const task = tasks[next++] as () => Promise<void>;
      await task().catch((error: unknown) => {
        failed = true;
        throw error;
      });
    }
  };
  await Promise.all(Array.from({ length: width }, worker));
}

interface Rpc {
  jsonrpc: string;
  id: unknown;
  result?: unknown;
  error?: { code: number; message: string };
}

/** JSON-RPC's shape, result xor error, and no internal error (which means unexpected input got far). */
function checkResponse(value: unknown, context: string): Rpc {
  const where = `${context.slice(0, 300)} → ${JSON.stringify(value)?.slice(0, 300)}`;
  assert.ok(value !== null && typeof value === 'object' && !Array.isArray(value), where);
  const r = value as Record<string, unknown>;
  assert.equal(r['jsonrpc'], '2.0', where);
  assert.ok(r['id'] === null || ['string', 'number'].includes(typeof r['id']), where);
  assert.notEqual('result' in r, 'error' in r, `result xor error: ${where}`);
  if ('error' in r) {
    const e = r['error'] as Record<string, unknown>;
    assert.ok(Number.isInteger(e['code']) && typeof e['message'] === 'string', where);
    assert.notEqual(e['code'], -32603, `internal error: ${where}`);
    codes.set(e['code'] as number, (codes.get(e['code'] as number) ?? 0) + 1);
  }
  return value as Rpc;
}

function checkReplies(body: unknown, context: string, calls = new Map<string, string>()): Rpc[] {
  const replies = body === undefined ? [] : Array.isArray(body) ? (body as unknown[]) : [body];
  return replies.map((reply) => {
    const res = checkResponse(reply, context);
    const method = calls.get(String(res.id));
    if (
      res.error !== undefined &&
      (method === 'author_submitExtrinsic' || method === 'author_submitAndWatchExtrinsic')
    ) {
      const code = res.error.code;
      // Over HTTP, a subscription method is not found: it needs a socket.
      const http = method === 'author_submitAndWatchExtrinsic' && code === -32601;
      assert.ok(SUBMIT_CODES.has(code) || http, `${method} answered ${code}: ${res.error.message}`);
    }
    return res;
  });
}

/** A WebSocket client that sends raw frames and collects what comes back. */
class WsClient {
  readonly messages: unknown[] = [];
  private wake: (() => void) | undefined;

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data: Buffer) => {
      this.messages.push(JSON.parse(data.toString('utf8')) as unknown);
      this.wake?.();
    });
  }

  static async open(url: string): Promise<WsClient> {
    const socket = new WebSocket(url);
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
    return new WsClient(socket);
  }

  /** Send frames, then a sentinel request: the node answers in order, so its reply ends the set. */
  async exchange(frames: readonly (string | Uint8Array)[], sentinel: string): Promise<unknown[]> {
    const start = this.messages.length;
    for (const frame of frames) this.socket.send(frame, { binary: typeof frame !== 'string' });
    this.socket.send(JSON.stringify({ jsonrpc: '2.0', id: sentinel, method: 'system_health' }));
    const deadline = Date.now() + TIMEOUT_MS;
    for (;;) {
      const end = this.messages.findIndex((m, i) => i >= start && (m as Rpc).id === sentinel);
      if (end >= 0) return this.messages.slice(start, end).flat();
      assert.ok(Date.now() < deadline, `no answer to ${sentinel} within ${TIMEOUT_MS} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, deadline - Date.now());
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.socket.once('close', () => resolve()).close());
  }
}

// ---- extrinsics ----------------------------------------------------------------------------

interface Extrinsics {
  /** Valid and ready: submitted first, and exactly what the next block must carry. */
  readonly valid: Uint8Array[];
  /** Valid but waiting for nonce 0: stays in the pool. */
  readonly future: Uint8Array;
  /** What the mutators start from: the valid ones and some that decode but can never be valid. */
  readonly seeds: Uint8Array[];
}

function buildExtrinsics(): Extrinsics {
  const runtime = node.chain.tao.runtime;
  const genesisHash = node.chain.genesisHash;
  const key = (name: string): Keypair => keypairFromUri(`//${name}`);
  const [alice, bob, ferdie] = [key('Alice'), key('Bob'), key('Ferdie')];
  const c = (pallet: string, name: string, args: object): RuntimeCallValue =>
    runtime.pallet(pallet).call(name, args);
  const sign = (who: string, nonce: number, callValue: RuntimeCallValue, tip = 0n): Uint8Array =>
    signExtrinsic(runtime, { call: callValue, signer: key(who), nonce, genesisHash, tip });
  const to = (pair: Keypair): { tag: 'Id'; value: Uint8Array } => ({ tag: 'Id', value: pair.publicKey });
  const bare = (callValue: RuntimeCallValue): Uint8Array =>
    prefixed(concatBytes(Uint8Array.of(4), runtime.callType.codec.enc(callValue)));
  const remark = (n: number): RuntimeCallValue =>
    c('System', 'remark', { remark: new Uint8Array(n).fill(7) });
  const valid = [
    sign('Alice', 0, c('Balances', 'transfer_keep_alive', { dest: to(ferdie), value: TAO })),
    sign('Alice', 1, remark(300)),
    sign('Bob', 0, c('SubtensorModule', 'burned_register', { netuid: 1, hotkey: bob.publicKey })),
    sign(
      'Charlie',
      0,
      c('SubtensorModule', 'set_weights', { netuid: 1, dests: [0], weights: [1], version_key: 0n }),
      10n,
    ),
    sign('Dave', 0, c('Balances', 'transfer_allow_death', { dest: to(alice), value: 5n * TAO })),
  ];
  const future = sign('Eve', 1, remark(1));
  const never = [
    // A mortal era born at a block that does not exist, another chain's genesis, the wrong key.
    signExtrinsic(runtime, {
      call: c('SubtensorModule', 'add_stake', { hotkey: bob.publicKey, netuid: 1, amount_staked: TAO }),
      signer: ferdie,
      nonce: 0,
      genesisHash,
      era: mortalEra(64, 0n),
      birthHash: new Uint8Array(32).fill(1),
    }),
    signExtrinsic(runtime, { call: remark(2), signer: ferdie, nonce: 0, genesisHash: new Uint8Array(32) }),
    signExtrinsic(runtime, {
      call: c('Sudo', 'sudo', { call: remark(3) }),
      signer: { accountId: ferdie.publicKey, signPayload: (p) => ({ tag: 'Sr25519', value: alice.sign(p) }) },
      nonce: 0,
      genesisHash,
    }),
    // Bare: an inherent from outside, and a call that needs a signer.
    bare(c('Timestamp', 'set', { now: 1n })),
    bare(c('Balances', 'transfer_keep_alive', { dest: to(bob), value: 1n })),
  ];
  return { valid, future, seeds: [...valid, future, ...never] };
}

const prefixed = (body: Uint8Array): Uint8Array => concatBytes(encodeCompact(body.length), body);

/** The body of an extrinsic without its compact length prefix. */
function bodyOf(xt: Uint8Array): Uint8Array {
  const mode = (xt[0] as number) & 3;
  return xt.slice(mode === 0 ? 1 : mode === 1 ? 2 : mode === 2 ? 4 : 5 + ((xt[0] as number) >> 2));
}

/** One hostile extrinsic: random, or a seed truncated, flipped, spliced, re-versioned, re-signed… */
function mutant(r: Rng, seeds: readonly Uint8Array[]): Uint8Array {
  const seed = r.pick(seeds);
  const body = bodyOf(seed);
  const out = Uint8Array.from(body);
  switch (r.int(11)) {
    case 0:
      return r.bytes(r.int(400));
    case 1:
      return prefixed(r.bytes(r.int(400)));
    case 2:
      return seed.slice(0, r.int(seed.length));
    case 3:
      return prefixed(body.slice(0, r.int(body.length)));
    case 4:
    case 5: {
      const flipped = Uint8Array.from(seed);
      for (let i = 1 + r.int(4); i > 0; i--) {
        const at = r.int(flipped.length);
        flipped[at] = (flipped[at] as number) ^ (1 << r.int(8));
      }
      return flipped;
    }
    case 6: {
      const other = bodyOf(r.pick(seeds));
      return prefixed(concatBytes(body.slice(0, r.int(body.length)), other.slice(r.int(other.length))));
    }
    case 7:
      out[0] = r.pick([0x00, 0x03, 0x05, 0x44, 0x83, 0x85, 0xc4, 0xff]);
      return prefixed(out);
    case 8:
      // The signature (after the 0x84 version and the 33-byte address) replaced by noise.
      out.set(r.bytes(Math.min(64, Math.max(0, out.length - 35))), Math.min(35, out.length));
      return prefixed(out);
    case 9: {
      // Compact lengths promising far more than follows, up to the big-integer mode.
      const claim = r.pick([2 ** 30 - 1, 2 ** 32 - 1, body.length + 1, 1 << 24, -1]);
      const head = claim >= 0 ? encodeCompact(claim) : Uint8Array.of(0x13, ...r.bytes(8));
      return concatBytes(head, body.slice(0, r.int(body.length + 1)));
    }
    default: {
      const at = r.int(out.length);
      const cut =
        r.int(2) === 0 ? out.slice(at + 1 + r.int(8)) : concatBytes(r.bytes(1 + r.int(8)), out.slice(at));
      return prefixed(concatBytes(out.slice(0, at), cut));
    }
  }
}

// ---- JSON-RPC bodies -----------------------------------------------------------------------

interface JsonContext {
  /** Every registered method but dev_*, which author blocks (they get their own test). */
  readonly methods: readonly string[];
  readonly hashes: readonly string[];
  readonly apis: readonly string[];
  readonly seeds: readonly Uint8Array[];
}

function jsonValue(r: Rng, depth = 0): unknown {
  switch (r.int(depth > 2 ? 10 : 13)) {
    case 0:
      return r.pick([0, 1, -1, 2 ** 31, 2 ** 32, 2 ** 53 + 2, 1e300, 0.5, -0.0001, 65535, 10_001]);
    case 1:
      return r.pick(['', '0x', '0x0', '0x00', 'latest', 'a'.repeat(10_000), '\u0000', '🦀', '-1', '1e3']);
    case 2:
      return r.pick(ctx.hashes);
    case 3:
      return toHex(r.bytes(r.pick([0, 1, 2, 4, 20, 31, 32, 33, 64, 200])));
    case 4:
      return r.pick([true, false, null]);
    case 5:
      return r.pick(['5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY', '5xxx', 'cafe']);
    case 6:
      return r.pick(ctx.apis);
    case 7:
      return r.pick(ctx.methods);
    case 8:
      return r.int(1000);
    case 9:
      return toHex(mutant(r, ctx.seeds));
    case 10:
      return Array.from({ length: r.int(5) }, () => jsonValue(r, depth + 1));
    case 11: {
      const keys = ['count', 'hash', 'at', 'key', 'keys', 'netuid', 'a', '__proto__', 'constructor'];
      return Object.fromEntries(
        Array.from({ length: r.int(4) }, () => [r.pick(keys), jsonValue(r, depth + 1)]),
      );
    }
    default:
      return Array.from(r.bytes(r.int(40)));
  }
}

interface Body {
  readonly text: string | Uint8Array;
  /** The method each well-formed request in it calls, by id. */
  readonly calls: Map<string, string>;
}

/** One hostile body: malformed, mistyped, oversized, a batch, or a registered method with random params. */
function jsonBody(r: Rng, n: number): Body {
  const methods = ctx.methods;
  const calls = new Map<string, string>();
  const request = (method: string, params: unknown, id = `${n}`): Record<string, unknown> => {
    calls.set(id, method);
    return { jsonrpc: '2.0', id, method, params };
  };
  const randomParams = (): unknown =>
    r.int(5) === 0 ? jsonValue(r) : Array.from({ length: r.int(4) }, () => jsonValue(r));
  const one = (i: number): unknown => {
    const id = `${n}-${i}`;
    switch (r.int(10)) {
      case 0:
        return { jsonrpc: jsonValue(r), id, method: r.pick(methods), params: [] };
      case 1:
        return { jsonrpc: '2.0', id: jsonValue(r), method: r.pick(methods) };
      case 2:
        return { jsonrpc: '2.0', id, method: jsonValue(r), params: jsonValue(r) };
      case 3:
        return request(`${r.pick(methods)}_${r.int(10)}`, [], id);
      case 4:
        // No id: a notification, answered with nothing but still run.
        return { jsonrpc: '2.0', method: r.pick(methods), params: randomParams() };
      case 5: {
        // Runtime calls and fee queries with inputs that almost decode.
        const input = toHex(r.int(2) === 0 ? mutant(r, ctx.seeds) : r.bytes(r.int(80)));
        const fee = r.pick(['payment_queryInfo', 'payment_queryFeeDetails']);
        return r.int(3) === 0
          ? request(fee, [input], id)
          : request('state_call', [r.pick(ctx.apis), input], id);
      }
      default:
        return request(r.pick(methods), randomParams(), id);
    }
  };
  // Oversized and deeply nested bodies are few: each costs the node (and this client) a lot.
  const kind = r.int(100);
  let text: string;
  if (kind < 2) {
    const depth = r.pick([1000, 20_000, 100_000]);
    const method = r.pick(methods);
    calls.set(`${n}`, method);
    text = `{"jsonrpc":"2.0","id":"${n}","method":"${method}","params":${'['.repeat(depth)}${']'.repeat(depth)}}`;
  } else if (kind < 4)
    text = JSON.stringify(request(r.pick(methods), [Array.from({ length: 100_000 }, (_, i) => i)]));
  else if (kind < 6)
    text = JSON.stringify(Array.from({ length: 1001 }, (_, i) => request('system_name', [], `${i}`)));
  else if (kind < 8) text = '[]';
  else if (kind < 18) text = JSON.stringify(one(0)).slice(0, r.int(200));
  else if (kind < 26) text = String.fromCharCode(...Array.from(r.bytes(r.int(60)), (b) => 32 + (b % 95)));
  else if (kind < 50)
    text = JSON.stringify(
      Array.from({ length: 1 + r.int(30) }, (_, i) => (r.int(6) === 0 ? jsonValue(r) : one(i))),
    );
  else text = JSON.stringify(one(0));
  return { text, calls };
}

const submission = (method: string, bytes: Uint8Array, id: string | number, r: Rng): string => {
  // Now and then the hex itself is broken (an odd digit count): -32602.
  const hex = r.int(50) === 0 ? toHex(bytes).slice(0, -1) : toHex(bytes);
  return JSON.stringify({ jsonrpc: '2.0', id, method, params: [hex] });
};

// ---- the tests -----------------------------------------------------------------------------

test('7,500 mutated and random extrinsics over HTTP are all refused with pool codes', async () => {
  const r = rng(0x7a0);
  const batches = Array.from({ length: 75 }, (_, b) =>
    Array.from({ length: 100 }, (_, i) => {
      const [id, bytes] = [b * 100 + i, mutant(r, xts.seeds)];
      return { id, bytes, text: submission('author_submitExtrinsic', bytes, id, r) };
    }),
  );
  await parallel(
    batches.map((batch) => async () => {
      const calls = new Map(batch.map((x) => [String(x.id), 'author_submitExtrinsic']));
      const replies = checkReplies(
        await post(`[${batch.map((x) => x.text).join(',')}]`),
        'submit batch',
        calls,
      );
      assert.equal(replies.length, batch.length);
      for (const res of replies) {
        const sent = batch.find((x) => x.id === res.id);
        assert.ok(res.error !== undefined, `garbage entered the pool: ${sent ? toHex(sent.bytes) : ''}`);
        assert.ok(SUBMIT_CODES.has(res.error.code), `author_submitExtrinsic answered ${res.error.code}`);
      }
      inputs += batch.length;
    }),
    8,
  );
});

test('2,400 hostile JSON-RPC bodies over HTTP get well-formed answers', async () => {
  const r = rng(0x15011);
  const bodies: Body[] = Array.from({ length: 2400 }, (_, n) => jsonBody(r, n));
  for (const text of [
    '',
    '{',
    'null',
    '"x"',
    '[1,2,3]',
    '[[]]',
    '{"jsonrpc":"2.0"}',
    Uint8Array.of(0xff, 0xfe, 0x7b),
  ])
    bodies.push({ text, calls: new Map() });
  await parallel(
    bodies.map((body) => async () => {
      const reply = await post(body.text, r.int(20) === 0 ? 'text/plain' : 'application/json');
      checkReplies(reply, typeof body.text === 'string' ? body.text : 'invalid UTF-8', body.calls);
      inputs += 1;
    }),
    16,
  );
});

test('1,800 frames over three WebSockets: bodies, binary frames, watched mutants', async () => {
  const clients = await Promise.all([0, 1, 2].map(() => WsClient.open(node.rpc.url)));
  const r = rng(0xbeef);
  try {
    await Promise.all(
      clients.map(async (client, c) => {
        for (let round = 0; round < 12; round++) {
          const frames: (string | Uint8Array)[] = [];
          const calls = new Map<string, string>();
          for (let k = 0; k < 50; k++) {
            const kind = r.int(10);
            const id = `w${c}-${round}-${k}`;
            if (kind < 4) {
              frames.push(submission('author_submitAndWatchExtrinsic', mutant(r, xts.seeds), id, r));
              calls.set(id, 'author_submitAndWatchExtrinsic');
            } else if (kind === 4) frames.push(r.bytes(r.int(100)));
            else {
              const body = jsonBody(r, (c * 100 + round) * 100 + k);
              frames.push(body.text);
              for (const [bodyId, method] of body.calls) calls.set(bodyId, method);
            }
          }
          const replies = await client.exchange(frames, `sentinel-${c}-${round}`);
          // Subscriptions the random calls opened notify in between: no id, a method and params.
          const responses = replies.filter((m) => 'id' in (m as object));
          for (const note of replies.filter((m) => !('id' in (m as object)))) {
            const n = note as { jsonrpc?: unknown; method?: unknown; params?: { subscription?: unknown } };
            const ok =
              n.jsonrpc === '2.0' && typeof n.method === 'string' && n.params?.subscription !== undefined;
            assert.ok(ok, `malformed notification: ${JSON.stringify(note).slice(0, 300)}`);
          }
          for (const res of checkReplies(responses, `ws ${c}`, calls)) {
            if (String(res.id).startsWith('w')) assert.ok(res.error !== undefined, 'a mutant was accepted');
          }
          inputs += frames.length;
        }
      }),
    );
  } finally {
    await Promise.all(clients.map((client) => client.close()));
  }
});

test('dev_* (which author blocks) refuse wrong parameters without acting', async () => {
  for (const method of ['dev_newBlock', 'dev_jumpBlocks', 'dev_setStorage', 'dev_runEpoch']) {
    for (const bad of ['x', -1, true, [1], { count: 'x' }, { count: 0 }, 1e9, [[]]]) {
      const [res] = checkReplies(
        await post(JSON.stringify({ jsonrpc: '2.0', id: 1, method, params: [bad] })),
        method,
      );
      assert.equal(res?.error?.code, -32602, `${method}(${JSON.stringify(bad)})`);
      inputs += 1;
    }
  }
});

test('afterwards the node is healthy, nothing moved, and the next block holds exactly the valid transactions', async (t) => {
  assert.ok(inputs >= 10_000, `only ${inputs} inputs`);
  assert.deepEqual(await call('system_health'), { peers: 0, isSyncing: false, shouldHavePeers: false });
  assert.equal(await call('chain_getBlockHash'), best0);
  assert.deepEqual(await call('chain_getHeader'), header0);
  const pending = (await call('author_pendingExtrinsics')) as string[];
  assert.deepEqual(new Set(pending), new Set([...xts.valid, xts.future].map((xt) => toHex(xt))));

  const hash = (await call('dev_newBlock')) as string;
  const { block } = (await call('chain_getBlock', [hash])) as {
    block: { header: { number: string; stateRoot: string }; extrinsics: string[] };
  };
  assert.equal(Number(block.header.number), Number(header0.number) + 1);
  assert.notEqual(block.header.stateRoot, header0.stateRoot);
  const [inherent, ...rest] = block.extrinsics;
  const runtime = node.chain.tao.runtime;
  const decoded = decodeExtrinsic(runtime, Buffer.from((inherent ?? '0x').slice(2), 'hex'));
  assert.equal(decoded.signature, undefined);
  assert.equal(runtime.callType.codec.enc(decoded.call)[0], runtime.pallet('Timestamp').index);
  assert.deepEqual(new Set(rest), new Set(xts.valid.map((xt) => toHex(xt))));
  assert.deepEqual(await call('author_pendingExtrinsics'), [toHex(xts.future)]);
  t.diagnostic(`inputs=${inputs} error codes=${JSON.stringify([...codes].sort((a, b) => a[0] - b[0]))}`);
});
