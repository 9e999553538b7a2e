import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { TaoError, describeValue } from './errors.js';

void describe('TaoError', () => {
  void it('carries code, field, message and cause', () => {
    const cause = new RangeError('inner');
    const err = new TaoError('SOME_CODE', 'amount: bad', { field: 'amount', cause });
    assert.ok(err instanceof Error);
    assert.equal(err.name, 'TaoError');
    assert.equal(err.code, 'SOME_CODE');
    assert.equal(err.field, 'amount');
    assert.equal(err.message, 'amount: bad');
    assert.equal(err.cause, cause);
  });
  void it('has no cause property unless given one', () => {
    const err = new TaoError('X', 'm');
    assert.equal('cause' in err, false);
    assert.equal(err.field, undefined);
  });
  void it('subclasses get their own name', () => {
    class DemoError extends TaoError {
      constructor() {
        super('DEMO', 'demo');
      }
    }
    const err = new DemoError();
    assert.equal(err.name, 'DemoError');
    assert.ok(err instanceof TaoError);
  });
});

void describe('describeValue', () => {
  void it('renders values recognisably and truncates long ones', () => {
    assert.equal(describeValue('abc'), '"abc"');
    assert.equal(describeValue(5n), '5n');
    assert.equal(describeValue(undefined), 'undefined');
    assert.equal(describeValue(new Uint8Array(3)), 'Uint8Array(3)');
    assert.equal(describeValue({ a: 1 }), '{"a":1}');
    const long = describeValue('x'.repeat(1000));
    assert.ok(long.length < 100, long);
    assert.ok(long.includes('1002 chars'));
    const cyclic: { self?: unknown } = {};
    cyclic.self = cyclic;
    assert.equal(describeValue(cyclic), '[object Object]');
  });
});
