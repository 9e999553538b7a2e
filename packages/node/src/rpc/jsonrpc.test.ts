// The dispatcher is the node's only door for untrusted input: every body must come back as
// well-formed JSON-RPC (or nothing, for notifications), never as a thrown exception.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setImmediate as tick } from 'node:timers/promises';
import fc from 'fast-check';
import {
  Dispatcher,
  INTERNAL_ERROR,
  INVALID_PARAMS,
  INVALID_REQUEST,
  MAX_BATCH,
  MAX_SUBSCRIPTIONS_PER_CONNECTION,
  METHOD_NOT_FOUND,
  PARSE_ERROR,
  Params,
  RpcError,
  type Connection,
  type Response,
} from './jsonrpc.js';

interface Recorded {
  method: string;
  ok: boolean;
}

function dispatcher(): { rpc: Dispatcher; calls: Recorded[]; seen: unknown[] } {
  const calls: Recorded[] = [];
  const seen: unknown[] = [];
  const rpc = new Dispatcher({ onCall: (method, _seconds, ok) => calls.push({ method, ok }) });
  rpc.method('echo', (params) => {
    seen.push(params.raw);
    return params.raw ?? 'nothing';
  });
  rpc.method('nothing', () => undefined);
  rpc.method('fails', () => {
    throw new RpcError(1234, 'custom failure', { why: 'because' });
  });
  rpc.method('crashes', () => {
    throw new TypeError('boom');
  });
  rpc.method('rejects', () => Promise.reject(new Error('async boom')));
  rpc.method('slow', async () => {
    await tick();
    return 'slow';
  });
  rpc.method('add', (params) => params.number(0, 'a') + params.number(1, 'b'));
  return { rpc, calls, seen };
}

function connection(): Connection & { sent: unknown[] } {
  const sent: unknown[] = [];
  return { id: 1, subscriptions: new Map(), send: (message) => sent.push(message), sent };
}

const req = (method: string, params?: unknown, id: unknown = 1): Record<string, unknown> => ({
  jsonrpc: '2.0',
  method,
  ...(params === undefined ? {} : { params }),
  id,
});

/** A notification: a request without an id. */
const note = (method: string, params?: unknown): Record<string, unknown> => ({
  jsonrpc: '2.0',
  method,
  ...(params === undefined ? {} : { params }),
});

function single(response: Response | Response[] | undefined): Response {
  assert.ok(response !== undefined && !Array.isArray(response), 'expected one response');
  return response;
}

function errorCode(response: Response | Response[] | undefined): number {
  const r = single(response);
  assert.ok(r.error !== undefined, `expected an error, got ${JSON.stringify(r)}`);
  return r.error.code;
}

/** JSON-RPC 2.0's shape of a response: result xor error, an integer code and a string message. */
function assertWellFormed(response: unknown): void {
  assert.ok(response !== null && typeof response === 'object' && !Array.isArray(response));
  const r = response as Record<string, unknown>;
  assert.equal(r['jsonrpc'], '2.0');
  assert.ok('id' in r, 'a response carries an id (null when unknown)');
  const id = r['id'];
  assert.ok(id === null || typeof id === 'string' || typeof id === 'number', `bad id ${String(id)}`);
  assert.notEqual('result' in r, 'error' in r, 'exactly one of result and error');
  if ('error' in r) {
    const error = r['error'] as Record<string, unknown>;
    assert.ok(Number.isInteger(error['code']), 'integer error code');
    assert.equal(typeof error['message'], 'string');
  }
}

void describe('Dispatcher: requests', () => {
  void it('echoes string, number and null ids and returns null for an undefined result', async () => {
    const { rpc } = dispatcher();
    for (const id of ['abc', 0, 7, -3, 1.5, null, '']) {
      const r = single(await rpc.handle(req('echo', [1, 'x'], id), undefined));
      assert.deepEqual(r, { jsonrpc: '2.0', id, result: [1, 'x'] });
    }
    assert.deepEqual(single(await rpc.handle(req('nothing'), undefined)), {
      jsonrpc: '2.0',
      id: 1,
      result: null,
    });
  });

  void it('passes positional and named params through', async () => {
    const { rpc } = dispatcher();
    assert.equal(single(await rpc.handle(req('add', [2, '0x3']), undefined)).result, 5);
    assert.equal(single(await rpc.handle(req('add', { a: 4, b: '6' }), undefined)).result, 10);
    assert.equal(errorCode(await rpc.handle(req('add', [2]), undefined)), INVALID_PARAMS);
    assert.equal(errorCode(await rpc.handle(req('add', [2, -1]), undefined)), INVALID_PARAMS);
  });

  void it('answers notifications (no id) with nothing, even when they fail, but still runs them', async () => {
    const { rpc, seen, calls } = dispatcher();
    assert.equal(await rpc.handle(note('echo', ['n']), undefined), undefined);
    assert.deepEqual(seen, [['n']]);
    for (const method of ['fails', 'crashes', 'rejects', 'no_such_method']) {
      assert.equal(await rpc.handle(note(method, []), undefined), undefined);
    }
    assert.deepEqual(
      calls.map((c) => `${c.method}:${c.ok}`),
      ['echo:true', 'fails:false', 'crashes:false', 'rejects:false', 'unknown:false'],
    );
  });

  void it('maps failures to codes: unknown method, RpcError with data, internal errors', async () => {
    const { rpc } = dispatcher();
    assert.equal(errorCode(await rpc.handle(req('no_such_method', [], 9), undefined)), METHOD_NOT_FOUND);
    const custom = single(await rpc.handle(req('fails', [], 'f'), undefined));
    assert.deepEqual(custom, {
      jsonrpc: '2.0',
      id: 'f',
      error: { code: 1234, message: 'custom failure', data: { why: 'because' } },
    });
    for (const method of ['crashes', 'rejects']) {
      const r = single(await rpc.handle(req(method, []), undefined));
      assert.equal(r.error?.code, INTERNAL_ERROR);
      assert.match(r.error?.message ?? '', /boom/);
    }
  });

  void it('refuses malformed requests with -32600, echoing the id when it is usable', async () => {
    const { rpc } = dispatcher();
    const cases: [unknown, unknown][] = [
      [{ method: 'echo', id: 1 }, 1],
      [{ jsonrpc: '1.0', method: 'echo', id: 2 }, 2],
      [{ jsonrpc: 2, method: 'echo', id: 'x' }, 'x'],
      [{ jsonrpc: '2.0', method: 5, id: 3 }, 3],
      [{ jsonrpc: '2.0', id: 4 }, 4],
      [{ jsonrpc: '2.0', method: 'echo', params: 5, id: 5 }, 5],
      [{ jsonrpc: '2.0', method: 'echo', params: 'str', id: 6 }, 6],
      [{ jsonrpc: '2.0', method: 'echo', id: { a: 1 } }, null],
      [{ jsonrpc: '2.0', method: 'echo', id: [1] }, null],
      [{ jsonrpc: '2.0', method: 'echo', id: true }, null],
      [null, null],
      [42, null],
      ['a string', null],
      [true, null],
    ];
    for (const [body, id] of cases) {
      const r = single(await rpc.handle(body, undefined));
      assert.equal(r.error?.code, INVALID_REQUEST, JSON.stringify(body));
      assert.equal(r.id, id, JSON.stringify(body));
    }
  });

  void it('answers unparsable text with -32700 and a null id', async () => {
    const { rpc } = dispatcher();
    for (const text of ['', '{', '{"jsonrpc":"2.0",', 'nul', '[1,]', '\u0000', '{"a":1}}']) {
      const r = single(await rpc.handleText(text, undefined));
      assert.deepEqual(r.error?.code, PARSE_ERROR, JSON.stringify(text));
      assert.equal(r.id, null);
    }
    assert.equal(single(await rpc.handleText('{"jsonrpc":"2.0","id":1,"method":"echo"}', undefined)).id, 1);
  });

  void it('refuses a second registration of a method name', () => {
    const { rpc } = dispatcher();
    assert.throws(() => rpc.method('echo', () => 1), /registered twice/);
  });
});

void describe('Dispatcher: batches', () => {
  void it('answers an empty batch with one -32600 error', async () => {
    const { rpc } = dispatcher();
    const r = single(await rpc.handle([], undefined));
    assert.equal(r.error?.code, INVALID_REQUEST);
    assert.equal(r.id, null);
  });

  void it('refuses a batch over the limit as a whole, without running any of it', async () => {
    const { rpc, seen } = dispatcher();
    const body = Array.from({ length: MAX_BATCH + 1 }, (_, i) => req('echo', [i], i));
    assert.equal(errorCode(await rpc.handle(body, undefined)), INVALID_REQUEST);
    assert.equal(seen.length, 0);
    const full = await rpc.handle(body.slice(0, MAX_BATCH), undefined);
    assert.ok(Array.isArray(full) && full.length === MAX_BATCH);
  });

  void it('answers a mixed batch in order, one response per non-notification item', async () => {
    const { rpc } = dispatcher();
    const body = [
      req('echo', ['a'], 'a'),
      note('echo', ['silent']),
      7,
      req('no_such_method', [], 'm'),
      { jsonrpc: '2.0', method: 'echo', id: 'p', params: 1 },
      req('slow', [], 's'),
      note('fails', []),
      [req('echo', [], 'nested')],
      req('crashes', [], 'c'),
    ];
    const out = await rpc.handle(body, undefined);
    assert.ok(Array.isArray(out));
    out.forEach(assertWellFormed);
    assert.deepEqual(
      out.map((r) => [r.id, r.error?.code ?? r.result]),
      [
        ['a', ['a']],
        [null, INVALID_REQUEST],
        ['m', METHOD_NOT_FOUND],
        ['p', INVALID_REQUEST],
        ['s', 'slow'],
        [null, INVALID_REQUEST],
        ['c', INTERNAL_ERROR],
      ],
    );
  });

  void it('sends nothing for a batch made only of notifications', async () => {
    const { rpc, seen } = dispatcher();
    const out = await rpc.handle([note('echo', [1]), note('echo', [2])], undefined);
    assert.equal(out, undefined);
    assert.deepEqual(seen, [[1], [2]]);
  });
});

void describe('Dispatcher: subscriptions', () => {
  function withTicker(): {
    rpc: Dispatcher;
    emitAll: (value: unknown) => void;
    stopped: string[];
  } {
    const rpc = new Dispatcher();
    const emitters = new Map<string, (value: unknown) => void>();
    const stopped: string[] = [];
    rpc.subscription({
      subscribe: 'tick_subscribe',
      unsubscribe: 'tick_unsubscribe',
      notification: 'tick_event',
      start: (params, emit, ctx) => {
        if (params.at(0, 'fail') === 'fail') throw new RpcError(INVALID_PARAMS, 'Invalid params: fail');
        emit('first');
        emitters.set(ctx.subscriptionId, emit);
        return () => {
          stopped.push(ctx.subscriptionId);
          emitters.delete(ctx.subscriptionId);
        };
      },
    });
    // A second subscription sharing the unsubscribe method must not register it twice.
    rpc.subscription({
      subscribe: 'tick_subscribeOther',
      unsubscribe: 'tick_unsubscribe',
      notification: 'tick_other',
      start: () => () => undefined,
    });
    return { rpc, stopped, emitAll: (value) => emitters.forEach((emit) => emit(value)) };
  }

  void it('hands out distinct string ids; notifications follow the response and stop at unsubscribe', async () => {
    const { rpc, emitAll, stopped } = withTicker();
    const conn = connection();
    const a = single(await rpc.handle(req('tick_subscribe', [], 1), conn)).result;
    const b = single(await rpc.handle(req('tick_subscribe', [], 2), conn)).result;
    assert.ok(typeof a === 'string' && typeof b === 'string' && a !== b);
    // The synchronous first event is deferred so the client learns the id before it.
    assert.equal(conn.sent.length, 0);
    await tick();
    emitAll('second');
    await tick();
    const events = conn.sent as { method: string; params: { subscription: string; result: unknown } }[];
    assert.deepEqual(
      events.map((e) => [e.method, e.params.subscription, e.params.result]),
      [
        ['tick_event', a, 'first'],
        ['tick_event', b, 'first'],
        ['tick_event', a, 'second'],
        ['tick_event', b, 'second'],
      ],
    );
    assert.equal(single(await rpc.handle(req('tick_unsubscribe', [a], 3), conn)).result, true);
    assert.deepEqual(stopped, [a]);
    assert.equal(single(await rpc.handle(req('tick_unsubscribe', [a], 4), conn)).result, false);
    assert.equal(single(await rpc.handle(req('tick_unsubscribe', ['nope'], 5), conn)).result, false);
    assert.equal(errorCode(await rpc.handle(req('tick_unsubscribe', [], 6), conn)), INVALID_PARAMS);
    assert.equal(errorCode(await rpc.handle(req('tick_unsubscribe', [{}], 6), conn)), INVALID_PARAMS);
    conn.sent.length = 0;
    emitAll('third');
    await tick();
    assert.deepEqual(
      (conn.sent as { params: { subscription: string } }[]).map((e) => e.params.subscription),
      [b],
    );
    assert.deepEqual([...conn.subscriptions.keys()], [b]);
  });

  void it('does not let one connection unsubscribe another one’s subscription', async () => {
    const { rpc, stopped } = withTicker();
    const mine = connection();
    const theirs = { ...connection(), id: 2 };
    const id = single(await rpc.handle(req('tick_subscribe', [], 1), mine)).result;
    assert.equal(single(await rpc.handle(req('tick_unsubscribe', [id], 2), theirs)).result, false);
    assert.deepEqual(stopped, []);
    assert.equal(mine.subscriptions.size, 1);
  });

  void it('refuses subscriptions without a connection (HTTP) and leaves no trace when start fails', async () => {
    const { rpc } = withTicker();
    assert.equal(errorCode(await rpc.handle(req('tick_subscribe', []), undefined)), METHOD_NOT_FOUND);
    assert.equal(single(await rpc.handle(req('tick_unsubscribe', ['x']), undefined)).result, false);
    const conn = connection();
    assert.equal(errorCode(await rpc.handle(req('tick_subscribe', ['fail']), conn)), INVALID_PARAMS);
    assert.equal(conn.subscriptions.size, 0);
    await tick();
    assert.equal(conn.sent.length, 0);
  });

  void it('caps subscriptions per connection', async () => {
    const { rpc } = withTicker();
    const conn = connection();
    for (let i = 0; i < MAX_SUBSCRIPTIONS_PER_CONNECTION; i++) {
      assert.equal(typeof single(await rpc.handle(req('tick_subscribeOther', [], i), conn)).result, 'string');
    }
    assert.equal(errorCode(await rpc.handle(req('tick_subscribeOther', []), conn)), INTERNAL_ERROR);
    assert.equal(conn.subscriptions.size, MAX_SUBSCRIPTIONS_PER_CONNECTION);
  });
});

void describe('Params', () => {
  void it('parses numbers from numbers, hex and decimal strings, refusing everything else with -32602', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), (n) => {
        for (const form of [n, `0x${n.toString(16)}`, String(n)]) {
          assert.equal(Params.of([form]).number(0, 'n'), n);
        }
      }),
    );
    fc.assert(
      fc.property(
        fc.oneof(
          fc.integer({ max: -1 }),
          fc.double({ noNaN: true }).filter((d) => !Number.isSafeInteger(d) || d < 0),
          fc.string().filter((s) => !/^(0x[0-9a-fA-F]{1,16}|[0-9]{1,16})$/.test(s)),
          fc.boolean(),
          fc.array(fc.nat()),
          fc.object(),
        ),
        (bad) => {
          assert.throws(
            () => Params.of([bad]).number(0, 'n'),
            (e: unknown) => e instanceof RpcError && e.code === INVALID_PARAMS && /n /.test(e.message),
          );
        },
      ),
    );
  });

  void it('parses whole-byte hex of an exact length and names the parameter when it refuses', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        const hex = `0x${Buffer.from(bytes).toString('hex')}`;
        assert.deepEqual(Params.of([hex]).hex(0, 'data'), bytes);
        assert.deepEqual(Params.of({ data: hex.toUpperCase().replace('0X', '0x') }).hex(0, 'data'), bytes);
        if (bytes.length !== 32) {
          assert.throws(() => Params.of([hex]).hex(0, 'hash', 32), /hash must be 32 bytes/);
        }
      }),
    );
    for (const bad of ['', '0x0', 'abcd', '0xzz', '0x 1', 12, null, ['0x00']]) {
      assert.throws(
        () => Params.of([bad]).hex(0, 'data'),
        (e: unknown) => e instanceof RpcError && e.code === INVALID_PARAMS && /data/.test(e.message),
      );
    }
    assert.equal(Params.of([null]).optionalHex(0, 'data'), undefined);
    assert.equal(Params.of([]).optionalNumber(0, 'n'), undefined);
    assert.throws(() => Params.of([Array.from({ length: 11 }, () => 0)]).array(0, 'xs', 10), /more than 10/);
    assert.equal(Params.of('not params').at(0, 'x'), undefined);
  });
});

void describe('Dispatcher (property)', () => {
  void it('answers any JSON value with well-formed responses or nothing, never throwing', async () => {
    const { rpc } = dispatcher();
    const methods = fc.constantFrom('echo', 'nothing', 'fails', 'crashes', 'rejects', 'slow', 'add', 'x');
    const request = fc.record(
      {
        jsonrpc: fc.oneof(fc.constant('2.0'), fc.jsonValue()),
        id: fc.oneof(fc.string(), fc.integer(), fc.constant(null), fc.jsonValue()),
        method: fc.oneof(methods, fc.jsonValue()),
        params: fc.jsonValue(),
      },
      { requiredKeys: [] },
    );
    const body = fc.oneof(
      request,
      fc.array(fc.oneof(request, fc.jsonValue()), { maxLength: 8 }),
      fc.jsonValue(),
    );
    await fc.assert(
      fc.asyncProperty(body, async (value) => {
        const out = await rpc.handleText(JSON.stringify(value) ?? 'undefined', undefined);
        if (out === undefined) return;
        for (const r of Array.isArray(out) ? out : [out]) assertWellFormed(r);
        if (Array.isArray(value) && value.length > 0) {
          assert.ok(out === undefined || Array.isArray(out), 'a non-empty batch gets an array');
        }
      }),
      { numRuns: 500 },
    );
  });
});
