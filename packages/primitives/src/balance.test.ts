import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  BalanceOverflowError,
  EXISTENTIAL_DEPOSIT,
  InvalidAmountError,
  RAO_PER_TAO,
  TOTAL_SUPPLY,
  U64_MAX,
  assertU64,
  checkedAdd,
  checkedMul,
  checkedSub,
  formatTao,
  parseAmount,
  parseRao,
  parseTao,
  raoToTao,
  saturatingAdd,
  saturatingMul,
  saturatingSub,
  taoToRao,
} from './balance.js';

const u64 = fc.bigInt({ min: 0n, max: U64_MAX });
const anyBig = fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n });

function throwsCode(fn: () => unknown, code: string, includes?: string): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof Error);
    assert.equal((err as { code?: unknown }).code, code);
    if (includes !== undefined) assert.ok(err.message.includes(includes), err.message);
    return true;
  });
}

void describe('constants', () => {
  void it('match subtensor', () => {
    assert.equal(RAO_PER_TAO, 1_000_000_000n);
    assert.equal(U64_MAX, 18_446_744_073_709_551_615n);
    assert.equal(EXISTENTIAL_DEPOSIT, 500n);
    assert.equal(TOTAL_SUPPLY, 21_000_000n * RAO_PER_TAO);
  });
});

void describe('parseTao', () => {
  const ok: [string, bigint][] = [
    ['1.5', 1_500_000_000n],
    ['τ1.5', 1_500_000_000n],
    ['1.5 TAO', 1_500_000_000n],
    ['1.5TAO', 1_500_000_000n],
    ['1.5 tao', 1_500_000_000n],
    ['1.5τ', 1_500_000_000n],
    ['  τ 2  ', 2_000_000_000n],
    ['0.000000001', 1n],
    ['0', 0n],
    ['000.1', 100_000_000n],
    ['18446744073.709551615', U64_MAX],
  ];
  for (const [text, rao] of ok) {
    void it(`accepts ${JSON.stringify(text)}`, () => assert.equal(parseTao(text), rao));
  }
  const bad = [
    '',
    '   ',
    '1_000',
    '1,5',
    '1.',
    '.5',
    '1e9',
    '+1',
    'abc',
    'τ',
    '1.5.5',
    '0x10',
    'τ1 TAO',
    '1.5 rao',
    'NaN',
  ];
  for (const text of bad) {
    void it(`rejects ${JSON.stringify(text)} naming the input`, () =>
      throwsCode(() => parseTao(text), 'INVALID_AMOUNT', JSON.stringify(text)));
  }
  void it('rejects negatives', () => {
    throwsCode(() => parseTao('-1'), 'INVALID_AMOUNT', 'negative');
    throwsCode(() => parseTao('τ-1'), 'INVALID_AMOUNT', 'negative');
  });
  void it('never rounds: more than 9 decimals is an error', () => {
    throwsCode(() => parseTao('0.0000000001'), 'INVALID_AMOUNT', '9 decimals');
    throwsCode(() => parseTao('1.1234567890'), 'INVALID_AMOUNT');
  });
  void it('rejects values above u64::MAX rao', () => {
    throwsCode(() => parseTao('18446744073.709551616'), 'INVALID_AMOUNT', 'u64');
    throwsCode(() => parseTao('9'.repeat(200)), 'INVALID_AMOUNT');
  });
  void it('uses the given field name and truncates long inputs', () => {
    const err = (() => {
      try {
        parseTao('x'.repeat(500), { field: 'stake' });
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    assert.ok(err instanceof InvalidAmountError);
    assert.equal(err.field, 'stake');
    assert.ok(err.message.startsWith('stake:'));
    assert.ok(err.message.length < 200, err.message);
  });
  void it('rejects non-strings', () => {
    throwsCode(() => parseTao(15 as unknown as string), 'INVALID_AMOUNT');
  });
});

void describe('parseRao / parseAmount', () => {
  void it('parses integer rao with optional suffix', () => {
    assert.equal(parseRao('1500'), 1500n);
    assert.equal(parseRao(' 1500 rao '), 1500n);
    assert.equal(parseRao('1500RAO'), 1500n);
    assert.equal(parseRao(U64_MAX.toString()), U64_MAX);
  });
  void it('rejects decimals, negatives, overflow', () => {
    throwsCode(() => parseRao('1.5'), 'INVALID_AMOUNT');
    throwsCode(() => parseRao('-1'), 'INVALID_AMOUNT', 'negative');
    throwsCode(() => parseRao((U64_MAX + 1n).toString()), 'INVALID_AMOUNT', 'u64');
    throwsCode(() => parseRao('rao'), 'INVALID_AMOUNT');
  });
  void it('parseAmount picks the unit', () => {
    assert.equal(parseAmount('1500 rao'), 1500n);
    assert.equal(parseAmount('1.5'), 1_500_000_000n);
    assert.equal(parseAmount('τ1.5'), 1_500_000_000n);
    throwsCode(() => parseAmount('1.5 rao'), 'INVALID_AMOUNT');
  });
});

void describe('formatTao', () => {
  void it('defaults to τ with 9 decimals', () => {
    assert.equal(formatTao(1_500_000_000n), 'τ1.500000000');
    assert.equal(formatTao(0n), 'τ0.000000000');
    assert.equal(formatTao(1n), 'τ0.000000001');
    assert.equal(formatTao(U64_MAX), 'τ18446744073.709551615');
  });
  void it('supports other symbols and compact mode', () => {
    assert.equal(formatTao(1_500_000_000n, { symbol: 'α' }), 'α1.500000000');
    assert.equal(formatTao(1_500_000_000n, { symbol: '' }), '1.500000000');
    assert.equal(formatTao(1_500_000_000n, { compact: true }), 'τ1.5');
    assert.equal(formatTao(2_000_000_000n, { compact: true }), 'τ2');
    assert.equal(formatTao(0n, { compact: true }), 'τ0');
    assert.equal(formatTao(-1_500_000_000n, { compact: true }), '-τ1.5');
  });
  void it('raoToTao / taoToRao', () => {
    assert.equal(raoToTao(1_500_000_000n), '1.5');
    assert.equal(taoToRao(21_000_000n), TOTAL_SUPPLY);
    assert.throws(() => taoToRao(U64_MAX), BalanceOverflowError);
  });
  void it('round-trips with parseTao for every u64 (property)', () => {
    fc.assert(
      fc.property(u64, fc.boolean(), (rao, compact) => {
        assert.equal(parseTao(formatTao(rao, { compact })), rao);
        assert.equal(parseTao(raoToTao(rao)), rao);
        assert.equal(parseAmount(`${rao} rao`), rao);
      }),
      { numRuns: 2000 },
    );
  });
});

void describe('checked and saturating u64 arithmetic', () => {
  const ops = [
    { name: 'add', checked: checkedAdd, saturating: saturatingAdd, exact: (a: bigint, b: bigint) => a + b },
    { name: 'sub', checked: checkedSub, saturating: saturatingSub, exact: (a: bigint, b: bigint) => a - b },
    { name: 'mul', checked: checkedMul, saturating: saturatingMul, exact: (a: bigint, b: bigint) => a * b },
  ];
  for (const op of ops) {
    void it(`checked ${op.name} agrees with bigint maths inside u64 and throws outside (property)`, () => {
      // Mix full-range values with small ones so results land both inside and outside the range.
      const arb = fc.oneof(u64, fc.bigInt({ min: 0n, max: 2n ** 33n }));
      fc.assert(
        fc.property(arb, arb, (a, b) => {
          const exact = op.exact(a, b);
          if (exact >= 0n && exact <= U64_MAX) {
            assert.equal(op.checked(a, b), exact);
            assert.equal(op.saturating(a, b), exact);
          } else {
            assert.throws(
              () => op.checked(a, b),
              (e: unknown) =>
                e instanceof BalanceOverflowError &&
                e.code === 'BALANCE_OVERFLOW' &&
                e.direction === (exact < 0n ? 'underflow' : 'overflow'),
            );
            assert.equal(op.saturating(a, b), exact < 0n ? 0n : U64_MAX);
          }
        }),
        { numRuns: 3000 },
      );
    });
  }
  void it('names underflow and the field', () => {
    throwsCode(() => checkedSub(1n, 2n, 'stake'), 'BALANCE_OVERFLOW', 'stake: 1 - 2 underflows');
    throwsCode(() => checkedAdd(U64_MAX, 1n), 'BALANCE_OVERFLOW', 'overflows');
  });
  void it('rejects operands outside u64 (property)', () => {
    fc.assert(
      fc.property(anyBig, (x) => {
        if (x >= 0n && x <= U64_MAX) return;
        assert.throws(() => checkedAdd(x, 0n), InvalidAmountError);
        assert.throws(() => saturatingSub(0n, x), InvalidAmountError);
      }),
    );
  });
});

void describe('assertU64', () => {
  void it('accepts the range and rejects everything else', () => {
    assertU64(0n);
    assertU64(U64_MAX);
    throwsCode(() => assertU64(-1n, 'fee'), 'INVALID_AMOUNT', 'fee: amount must not be negative');
    throwsCode(() => assertU64(U64_MAX + 1n), 'INVALID_AMOUNT', 'u64::MAX');
    throwsCode(() => assertU64(1, 'fee'), 'INVALID_AMOUNT', 'bigint');
    throwsCode(() => assertU64('1'), 'INVALID_AMOUNT');
    throwsCode(() => assertU64(1.5), 'INVALID_AMOUNT');
  });
});
