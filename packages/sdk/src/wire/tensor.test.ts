// Tensor fields both ways: float16 rounding as numpy casts, decoding what bittensor peers send (the
// sdk-synapse vectors), round trips for every dtype, and malformed buffers refused by name.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { SynapseParseError } from './errors.js';
import { float16Bits, float16Value } from './float16.js';
import { decodeTensorMsgpack, tensorFromValues, tensorToValues, type TensorDtype } from './tensor.js';

interface TensorCase {
  dtype: TensorDtype;
  shape: number[];
  values: unknown;
  msgpack_hex: string;
  buffer: string;
}
const vectors = JSON.parse(
  readFileSync(new URL('../../../../vectors/sdk-synapse.json', import.meta.url), 'utf8'),
) as { tensor: { cases: TensorCase[] } };

const flat = (v: unknown): unknown[] => (Array.isArray(v) ? v.flatMap(flat) : [v]);
const same = (a: unknown, b: unknown): boolean =>
  typeof a === 'bigint' ? a === BigInt(b as number) : a === b;

describe('float16', () => {
  test('rounds as numpy astype(float16): nearest, ties to even, overflow to infinity', () => {
    // From numpy 1.x: np.array([v]).astype(np.float16).view(np.uint16).
    const numpy: [number, number][] = [
      [0.1, 0x2e66],
      [1 / 3, 0x3555],
      [65504, 0x7bff],
      [65519.99, 0x7bff],
      [65520, 0x7c00],
      [2 ** -24, 0x0001],
      [2 ** -25, 0x0000],
      [3 * 2 ** -26, 0x0001],
      [1 + 2 ** -11, 0x3c00],
      [1 + 3 * 2 ** -11, 0x3c02],
      [-2.5, 0xc100],
      [1e-8, 0x0000],
      [6.1e-5, 0x03ff],
      [Number.NaN, 0x7e00],
      [-0, 0x8000],
    ];
    for (const [value, bits] of numpy) assert.equal(float16Bits(value), bits, `float16(${value})`);
  });

  test('every half that is a number encodes back to its own bits', () => {
    for (let bits = 0; bits < 0x10000; bits++) {
      const value = float16Value(bits);
      if (!Number.isNaN(value)) assert.equal(float16Bits(value), bits, `bits ${bits.toString(16)}`);
    }
  });

  test('property: no other half is nearer than the chosen one', () => {
    fc.assert(
      fc.property(fc.double({ min: -65000, max: 65000, noNaN: true }), (x) => {
        const bits = float16Bits(x);
        const error = Math.abs(float16Value(bits) - x);
        for (const neighbour of [bits - 1, bits + 1, bits ^ 0x8000]) {
          if (neighbour < 0 || neighbour > 0xffff || (neighbour & 0x7c00) === 0x7c00) continue;
          assert.ok(error <= Math.abs(float16Value(neighbour) - x), `${x}: ${bits} vs ${neighbour}`);
        }
      }),
      { numRuns: 3000 },
    );
  });
});

describe('tensor decoding', () => {
  test('the sdk-synapse vectors decode to their values and shapes', () => {
    for (const c of vectors.tensor.cases) {
      const decoded = tensorToValues({ buffer: c.buffer, dtype: c.dtype, shape: c.shape });
      assert.equal(decoded.dtype, c.dtype);
      const expected = flat(c.values);
      assert.equal(decoded.values.length, expected.length);
      decoded.values.forEach((v, i) => assert.ok(same(v, expected[i]), `${c.dtype} #${i}: ${v}`));
      assert.deepEqual(decodeTensorMsgpack(Buffer.from(c.msgpack_hex, 'hex')).values, decoded.values);
    }
  });

  test('property: every dtype round-trips through the wire form', () => {
    const dtypes: [TensorDtype, fc.Arbitrary<number | bigint | boolean>][] = [
      ['float16', fc.integer({ min: -2048, max: 2048 })],
      ['float32', fc.float({ noNaN: true })],
      ['float64', fc.double({ noNaN: true })],
      ['uint8', fc.integer({ min: 0, max: 255 })],
      ['int8', fc.integer({ min: -128, max: 127 })],
      ['int16', fc.integer({ min: -32768, max: 32767 })],
      ['int32', fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 })],
      ['int64', fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n })],
      ['bool', fc.boolean()],
    ];
    for (const [dtype, value] of dtypes) {
      fc.assert(
        fc.property(
          fc.array(fc.array(value, { minLength: 3, maxLength: 3 }), { minLength: 1, maxLength: 8 }),
          (rows) => {
            const decoded = tensorToValues(tensorFromValues(dtype, rows));
            assert.deepEqual(decoded.shape, [rows.length, 3]);
            decoded.values.forEach((v, i) => assert.ok(Object.is(v, rows.flat()[i]) || v === rows.flat()[i]));
          },
        ),
        { numRuns: 50 },
      );
    }
  });

  test('mismatches and malformed buffers are refused with the field named', () => {
    const good = tensorFromValues('float32', [1, 2, 3]);
    const refuses = (f: () => unknown, field: string, message: RegExp): void =>
      assert.throws(
        f,
        (e: unknown) =>
          e instanceof SynapseParseError && e.message.startsWith(`${field}:`) && message.test(e.message),
      );
    refuses(() => tensorToValues({ ...good, dtype: 'int32' }), 'dtype', /holds float32/);
    refuses(() => tensorToValues({ ...good, shape: [2] }), 'shape', /holds \[3\]/);
    refuses(() => tensorToValues({ ...good, buffer: '***' }), 'buffer', /not base64/);
    const bytes = Buffer.from(good.buffer, 'base64');
    refuses(
      () => decodeTensorMsgpack(bytes.subarray(0, bytes.length - 1)),
      'buffer',
      /truncated|needs 12 bytes/,
    );
    refuses(() => decodeTensorMsgpack(Buffer.concat([bytes, Buffer.of(0)])), 'buffer', /trailing/);
    // A shape claiming 2^32 - 1 dimensions in a few bytes.
    refuses(
      () => decodeTensorMsgpack(Buffer.from('81c4057368617065ddffffffff', 'hex')),
      'buffer',
      /truncated/,
    );
    const pickled = Buffer.from(bytes);
    // b'<f4' -> b'|O8' is the same length: an object array, which would be unpickled.
    pickled.set(Buffer.from('|O8'), bytes.indexOf(Buffer.from('<f4')));
    refuses(() => decodeTensorMsgpack(pickled), 'buffer', /"\|O8" is not an allowed tensor dtype/);
  });

  test('fuzz: random and mutated buffers decode or fail with SynapseParseError, nothing else', () => {
    const seed = Buffer.from(
      tensorFromValues('int16', [
        [1, 2],
        [3, 4],
      ]).buffer,
      'base64',
    );
    const mutated = fc
      .array(fc.tuple(fc.nat(seed.length - 1), fc.integer({ min: 0, max: 255 })), {
        minLength: 1,
        maxLength: 4,
      })
      .map((edits) => {
        const b = Uint8Array.from(seed);
        for (const [at, v] of edits) b[at] = v;
        return b;
      });
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 64 }), mutated), (bytes) => {
        try {
          decodeTensorMsgpack(bytes);
        } catch (error) {
          assert.ok(error instanceof SynapseParseError, String(error));
        }
      }),
      { numRuns: 5000 },
    );
  });
});
