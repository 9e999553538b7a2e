import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { amountOption, parseNetuid, parseUids, parseWeights, ss58Shape } from './options.js';

describe('shared option parsers', () => {
  it('netuid is a u16', () => {
    assert.equal(parseNetuid('0'), 0);
    assert.equal(parseNetuid('65535'), 65_535);
    for (const bad of ['-1', '65536', '1.5', 'one', '']) assert.throws(() => parseNetuid(bad), /subnet id/);
  });
  it('amounts are exact rao and errors name the flag', () => {
    const parse = amountOption().parse;
    assert.ok(parse !== undefined);
    assert.equal(parse('1.5'), 1_500_000_000n);
    assert.equal(parse('τ0.000000001'), 1n);
    assert.equal(parse('42 rao'), 42n);
    assert.throws(() => parse('1.0000000001'), { message: /^--amount: TAO has at most 9 decimals/ });
  });
  it('uid and weight lists', () => {
    assert.deepEqual(parseUids('0,1, 5'), [0, 1, 5]);
    assert.throws(() => parseUids('1,x'), /"x" is not a uid/);
    assert.deepEqual(parseWeights('0.5 0.25,1'), [0.5, 0.25, 1]);
    assert.throws(() => parseWeights('1,-1'), /"-1" is not a non-negative number/);
  });
  it('SS58 form check', () => {
    assert.equal(
      ss58Shape(' 5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY '),
      '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY',
    );
    assert.throws(() => ss58Shape('5Grwva0'), /not an SS58 address/);
  });
});
