import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { JsonParseError, parseJsonExact } from './parse.js';

test('integers beyond 2^53 stay exact as bigint; safe ones stay numbers', () => {
  assert.deepEqual(parseJsonExact('[18446744073709551615, 9007199254740991, -9223372036854775808, 1.5]'), [
    18_446_744_073_709_551_615n,
    9_007_199_254_740_991,
    -9_223_372_036_854_775_808n,
    1.5,
  ]);
});

test('strings, escapes and nesting match JSON.parse', () => {
  fc.assert(
    fc.property(fc.jsonValue(), (value) => {
      const text = JSON.stringify(value);
      const expected: unknown = JSON.parse(text);
      const actual = parseJsonExact(text);
      assert.deepEqual(
        JSON.stringify(actual, (_k, v: unknown) => (typeof v === 'bigint' ? Number(v) : v)),
        JSON.stringify(expected),
      );
    }),
  );
});

test('a "__proto__" key is plain data, not a prototype', () => {
  const parsed = parseJsonExact('{"__proto__": {"polluted": true}}') as Record<string, unknown>;
  assert.equal(Object.getPrototypeOf(parsed), Object.prototype);
  assert.deepEqual(Object.keys(parsed), ['__proto__']);
});

test('malformed input fails with a position, never hangs', () => {
  for (const bad of ['', '[1,]', '{"a" 1}', '"abc', '[1] 2', 'tru', '"\\x"', '{"a":\n}', '01']) {
    assert.throws(() => parseJsonExact(bad), JsonParseError, bad);
  }
  fc.assert(
    fc.property(fc.string(), (text) => {
      try {
        parseJsonExact(text);
      } catch (error) {
        assert.ok(error instanceof JsonParseError);
      }
    }),
  );
});
