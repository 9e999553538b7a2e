// Synapse headers, bodies and hashes: Python `str()`/`repr()`/json.dumps emulation against values whose
// CPython output is known, and round-trip properties.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseJsonExact } from '@tao-ts/primitives';
import { SynapseDefinitionError, SynapseParseError } from './errors.js';
import { pyFloatRepr, pyJsonDumps, pyStr, pyStrRepr } from './pystr.js';
import { EMPTY_BODY_HASH, defineSynapse, sha3Hex } from './synapse.js';

describe('Python rendering', () => {
  test('float repr matches CPython', () => {
    const cases: [number, string][] = [
      [0.1, '0.1'],
      [1, '1.0'],
      [-0, '-0.0'],
      [12, '12.0'],
      [1e16, '1e+16'],
      [1e15, '1000000000000000.0'],
      [123456789012345680, '1.2345678901234568e+17'],
      [0.0001, '0.0001'],
      [0.00001, '1e-05'],
      [1.5e-7, '1.5e-07'],
      [2.5e300, '2.5e+300'],
      [1 / 3, '0.3333333333333333'],
      [NaN, 'nan'],
      [-Infinity, '-inf'],
    ];
    for (const [x, want] of cases) assert.equal(pyFloatRepr(x), want, String(x));
  });

  test('property: float repr is the shortest round trip in the notation CPython picks', () => {
    // Python: fixed notation for decimal exponents -4..15, else d.ddde±XX; both with the shortest
    // digits that read back to the same double (what toExponential gives).
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
        const text = pyFloatRepr(x);
        assert.equal(Number(text), x);
        if (x === 0) return;
        const [mantissa = '', expText = '0'] = x.toExponential().split('e');
        const exp = Number(expText);
        const digits = mantissa.replace('-', '').replace('.', '');
        if (exp < -4 || exp >= 16) {
          assert.match(text, /^-?\d(\.\d+)?e[+-]\d{2,3}$/);
        } else {
          assert.match(text, /^-?\d+\.\d+$/);
          assert.equal(
            text.replace('-', '').replace('.', '').replace(/^0+/, '').replace(/0+$/, ''),
            digits.replace(/0+$/, ''),
          );
        }
      }),
      { numRuns: 2000 },
    );
  });

  test('str repr quoting and escapes match CPython', () => {
    assert.equal(pyStrRepr("it's"), '"it\'s"');
    assert.equal(pyStrRepr('say "hi"'), '\'say "hi"\'');
    assert.equal(pyStrRepr(`both ' and "`), `'both \\' and "'`);
    assert.equal(pyStrRepr('a\nb\tc\\'), "'a\\nb\\tc\\\\'");
    assert.equal(pyStrRepr('\u0001\u007f\u00a0é\u200b😀'), "'\\x01\\x7f\\xa0é\\u200b😀'");
  });

  test('str() of containers', () => {
    assert.equal(
      pyStr({ a: 1, b: [true, null], c: 'x', d: 0.5, e: {} }),
      "{'a': 1, 'b': [True, None], 'c': 'x', 'd': 0.5, 'e': {}}",
    );
    assert.equal(pyStr([1, 2, 3]), '[1, 2, 3]');
    assert.equal(pyStr([1, 2], 'float'), '[1.0, 2.0]');
    assert.equal(pyStr('plain'), 'plain');
    assert.equal(pyStr(12345678901234567890n), '12345678901234567890');
  });

  test('json.dumps (python) vs FastAPI (compact)', () => {
    const v = { t: 'héllo "q"', n: [1, 2.5], z: null };
    assert.equal(pyJsonDumps(v, 'python'), '{"t": "h\\u00e9llo \\"q\\"", "n": [1, 2.5], "z": null}');
    assert.equal(pyJsonDumps(v, 'compact'), '{"t":"héllo \\"q\\"","n":[1,2.5],"z":null}');
    assert.equal(pyJsonDumps({ x: '😀' }, 'python'), '{"x": "\\ud83d\\ude00"}');
  });
});

const Task = defineSynapse({
  name: 'Task',
  fields: {
    text: { type: 'str', required: true },
    k: { type: 'int', required: true },
    weight: { type: 'float', required: true },
    tags: { type: 'list' },
    meta: { type: 'dict' },
    out: { type: 'any' },
  },
  requiredHashFields: ['text', 'weight', 'tags'],
});

describe('synapse model', () => {
  test('empty required_hash_fields hash to sha3("")', () => {
    assert.equal(EMPTY_BODY_HASH, 'a7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a');
    assert.equal(defineSynapse({ name: 'Ping', fields: {} }).create().bodyHash, EMPTY_BODY_HASH);
  });

  test('a float field hashes as a Python float even when integral', () => {
    const s = Task.create({ text: 'a', k: 1, weight: 2, tags: null });
    assert.equal(s.bodyHash, sha3Hex(sha3Hex('a') + sha3Hex('2.0') + sha3Hex('None')));
  });

  test('required fields become dummy input headers; None required values are skipped', () => {
    const h = Task.create({ text: 'secret', k: 9, weight: 0.5 }).toHeaders();
    assert.equal(h.bt_header_input_obj_text, 'IiI=');
    assert.equal(h.bt_header_input_obj_k, 'MA==');
    assert.equal(h.bt_header_input_obj_weight, 'MC4w');
    assert.equal(h.bt_header_input_obj_tags, undefined);
    assert.ok(!Object.values(h).some((v) => v.includes('secret')), 'headers never carry body data');
  });

  test('bad definitions and values are named errors', () => {
    assert.throws(() => defineSynapse({ name: 'not a class', fields: {} }), SynapseDefinitionError);
    assert.throws(
      () => defineSynapse({ name: 'X', fields: { timeout: { type: 'int' } } }),
      SynapseDefinitionError,
    );
    assert.throws(
      () => Task.fromBody({ text: 1, k: 1, weight: 1 }),
      (e: unknown) => e instanceof SynapseParseError && e.field === 'body.text',
    );
    assert.throws(
      () => Task.fromHeaders({ timeout: '12.0' }),
      (e: unknown) => e instanceof SynapseParseError && e.code === 'SYNAPSE_PARSE',
    );
  });

  const terminal = fc
    .record({
      statusCode: fc.option(fc.integer({ min: 100, max: 599 })),
      statusMessage: fc.option(fc.string({ unit: 'grapheme-ascii' }).map((s) => s.replace(/[\r\n]/g, ''))),
      processTime: fc.option(fc.double({ min: 0, max: 1e6, noNaN: true })),
      ip: fc.option(fc.ipV4()),
      port: fc.option(fc.integer({ min: 0, max: 65535 })),
      version: fc.option(fc.integer({ min: 0, max: 99_999_999 })),
      nonce: fc.option(fc.bigInt({ min: 0n, max: (1n << 64n) - 1n })),
      uuid: fc.option(fc.uuid()),
      hotkey: fc.option(
        fc.constantFrom(
          '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY',
          '5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty',
        ),
      ),
      signature: fc.option(
        fc
          .string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 128, maxLength: 128 })
          .map((h) => `0x${h}`),
      ),
    })
    .map((t) => ({ ...t }));

  test('property: fromHeaders(toHeaders(s)) keeps every header-borne field', () => {
    fc.assert(
      fc.property(
        terminal,
        terminal,
        fc.double({ min: 0.001, max: 1e4, noNaN: true }),
        fc.string(),
        fc.integer(),
        (d, a, timeout, text, k) => {
          const s = Task.create({ text, k, weight: 1.5 });
          s.timeout = timeout;
          s.dendrite = d;
          s.axon = a;
          const back = Task.fromHeaders(s.toHeaders());
          assert.deepEqual(back.dendrite, d);
          assert.deepEqual(back.axon, a);
          assert.equal(back.timeout, timeout);
          assert.equal(back.computedBodyHash, s.bodyHash);
          assert.equal(back.totalSize, s.totalSize);
          // Body fields arrive as the dummy values only.
          assert.deepEqual([back.values.text, back.values.k, back.values.weight], ['', 0, 0]);
        },
      ),
      { numRuns: 200 },
    );
  });

  const json: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
    value: fc.oneof(
      { depthSize: 'small' },
      fc.constant(null),
      fc.boolean(),
      fc.integer(),
      fc.double({ noNaN: true, noDefaultInfinity: true }).filter((x) => !Number.isInteger(x)),
      fc.string(),
      fc.array(tie('value'), { maxLength: 4 }),
      fc.dictionary(fc.string(), tie('value'), { maxKeys: 4, noNullPrototype: true }),
    ),
  })).value;

  test('property: toBody renders exactly pyJsonDumps(toDict())', () => {
    fc.assert(
      fc.property(
        terminal,
        terminal,
        fc.double({ noNaN: true, noDefaultInfinity: true }),
        fc.string(),
        fc.array(json, { maxLength: 4 }),
        json,
        (d, a, weight, text, tags, out) => {
          const s = Task.create({ text, k: 3, weight, tags: tags as never, out: out as never });
          s.dendrite = d;
          s.axon = a;
          s.timeout = weight;
          s.computedBodyHash = text;
          for (const style of ['python', 'compact'] as const) {
            assert.equal(s.toBody(style), pyJsonDumps(s.toDict(), style, Task.numberModes));
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  test('property: bodies round-trip (python and compact) and keep the body hash', () => {
    fc.assert(
      fc.property(
        fc.string(),
        fc.integer(),
        fc.double({ noNaN: true, noDefaultInfinity: true }),
        fc.array(json, { maxLength: 4 }),
        json,
        (text, k, weight, tags, out) => {
          const s = Task.create({ text, k, weight, tags: tags as never, out: out as never });
          for (const style of ['python', 'compact'] as const) {
            const back = Task.fromBody(parseJsonExact(s.toBody(style)));
            assert.deepEqual(back.toDict(), s.toDict());
            assert.equal(back.bodyHash, s.bodyHash);
          }
          // Python's json.dumps(ensure_ascii) output is pure ASCII.
          assert.match(s.toBody('python'), /^[\x20-\x7e]*$/);
        },
      ),
      { numRuns: 200 },
    );
  });
});
