/** bittensor's new-password policy: the `passwords` crate's analysis and score, on the crate's own examples. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { analyzePassword, checkNewPassword, passwordScore } from './password-strength.js';

const STRONG = 'ZYX[$BCkQB中文}%A_3456]  H(\rg';

test('the analysis counts classes, runs, repeats and progressions as the crate does', () => {
  assert.deepEqual(analyzePassword(STRONG), {
    length: 26, // "\r" is ignored
    spaces: 2,
    numbers: 4,
    lowercase: 2,
    uppercase: 9,
    symbols: 7,
    others: 2,
    consecutive: 2, // the two spaces
    nonConsecutive: 2, // "B" twice
    progressive: 7, // "ZYX" and "3456"
  });
});

test('scores equal the crate: 62, 100 and 24 for its examples', () => {
  assert.equal(passwordScore('kq4zpz13'), 62);
  assert.equal(passwordScore(STRONG), 100);
  assert.equal(passwordScore('abc123'), 24);
  assert.equal(passwordScore(''), 0);
  // Each character outside ASCII adds 20.
  assert.equal(passwordScore('中文'), 40);
});

test('the policy: at least 6 bytes and a score of 20', () => {
  assert.equal(checkNewPassword('abc123').ok, true);
  assert.equal(checkNewPassword('correct horse 42').ok, true);
  const short = checkNewPassword('Ab1!x');
  assert.equal(short.ok, false);
  assert.match(short.reason ?? '', /5 bytes, at least 6/);
  // Long enough, but one symbol repeated: no digit, letter or space, all one run.
  const weak = checkNewPassword('......');
  assert.equal(weak.ok, false);
  assert.equal(weak.score, 19);
  assert.match(weak.reason ?? '', /scores 19\.0 of 100, at least 20/);
  // The crate is lenient: a run of one letter still passes, as it does for btcli.
  assert.equal(checkNewPassword('aaaaaa').ok, true);
  // Bytes, not characters: two CJK characters are 6 bytes and score 40.
  assert.equal(checkNewPassword('中文').ok, true);
});

test('every score is a number in [0, 100], never NaN', () => {
  fc.assert(
    fc.property(fc.string({ unit: 'binary', maxLength: 64 }), (password) => {
      const score = passwordScore(password);
      return Number.isFinite(score) && score >= 0 && score <= 100;
    }),
    { numRuns: 2000 },
  );
});
