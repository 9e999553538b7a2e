/**
 * The password policy bittensor's wallet applies to new keyfile passwords (btwallet
 * `validate_password`): at least 6 bytes of UTF-8 and a strength score of at least 20 on the scale of
 * the Rust `passwords` crate (0–20 "very dangerous", 20–40 "dangerous", … 99–100 "invulnerable"), which
 * btwallet uses without its common-password list. Same analysis, same score, so a password one tool
 * accepts the other accepts too.
 */

export const MIN_PASSWORD_BYTES = 6;
export const MIN_PASSWORD_SCORE = 20;

export interface PasswordAnalysis {
  /** Characters counted (control characters are ignored, as the crate does). */
  readonly length: number;
  readonly spaces: number;
  readonly numbers: number;
  readonly lowercase: number;
  readonly uppercase: number;
  readonly symbols: number;
  /** Anything outside printable ASCII (e.g. CJK): rare in dictionaries, so each one scores high. */
  readonly others: number;
  /** Characters in runs of the same character ("aaa" counts 3). */
  readonly consecutive: number;
  /** Repeats of a character away from its runs. */
  readonly nonConsecutive: number;
  /** Characters in runs of three or more with a constant step ("abc", "9753"). */
  readonly progressive: number;
}

type CharClass = 'numbers' | 'uppercase' | 'lowercase' | 'spaces' | 'symbols' | 'others';

function charClass(code: number): CharClass {
  if (code >= 48 && code <= 57) return 'numbers';
  if (code >= 65 && code <= 90) return 'uppercase';
  if (code >= 97 && code <= 122) return 'lowercase';
  if (code === 32) return 'spaces';
  const symbol =
    (code >= 33 && code <= 47) ||
    (code >= 58 && code <= 64) ||
    (code >= 91 && code <= 96) ||
    (code >= 123 && code <= 126);
  return symbol ? 'symbols' : 'others';
}

/** Counts per class and the repetition / sequence patterns the score penalises. */
export function analyzePassword(password: string): PasswordAnalysis {
  const counts: Record<CharClass, number> = {
    numbers: 0,
    uppercase: 0,
    lowercase: 0,
    spaces: 0,
    symbols: 0,
    others: 0,
  };
  const seen = new Map<number, number>();
  let length = 0;
  let consecutive = 0;
  let progressive = 0;
  // The crate starts from u32::MAX (-1 as i32) and an impossible step.
  let lastCode = -1;
  let lastStep = 0x7fffffff;
  let inRun = false;
  let inStep = false;
  let stepRepeat = false;
  for (const ch of password) {
    const code = ch.codePointAt(0) as number;
    if (code <= 0x1f || code === 0x7f) continue;
    length += 1;
    seen.set(code, (seen.get(code) ?? 0) + 1);
    if (code === lastCode) {
      consecutive += inRun ? 1 : 2;
      inRun = true;
      inStep = false;
    } else {
      inRun = false;
      const step = lastCode - code;
      lastCode = code;
      if (step === lastStep) {
        if (inStep) progressive += 1;
        else {
          inStep = true;
          progressive += stepRepeat ? 2 : 3;
          stepRepeat = true;
        }
      } else {
        lastStep = step;
        if (inStep) inStep = false;
        else stepRepeat = false;
      }
    }
    counts[charClass(code)] += 1;
  }
  let repeated = 0;
  for (const n of seen.values()) if (n > 1) repeated += n;
  return { length, ...counts, consecutive, nonConsecutive: repeated - consecutive, progressive };
}

/** The crate's maximum score by the number of ASCII characters. */
const MAX_SCORE_BY_LENGTH = [0, 2, 5, 9, 16, 25, 40, 58, 80, 88, 95, 100];

/** Strength on the `passwords` crate's 0–100 scale. */
export function passwordScore(password: string): number {
  const a = analyzePassword(password);
  const ascii = a.length - a.others;
  const max = MAX_SCORE_BY_LENGTH[ascii] ?? 100 + a.length - 11;
  let score = max;
  if (score > 0) {
    if (a.spaces >= 1) score += a.spaces;
    if (a.numbers === 0) score -= max * 0.05;
    if (a.lowercase === 0) score -= max * 0.1;
    if (a.uppercase === 0) score -= max * 0.1;
    if (a.spaces === 0) score -= max * 0.1;
    if (a.lowercase >= 1 && a.uppercase >= 1) score += 1;
    if (a.symbols >= 1) score += 1;
    score -= max * (a.consecutive / a.length / 5);
    score -= max * (a.progressive / a.length / 5);
    score -= max * (a.nonConsecutive / a.length / 10);
  }
  score = Math.min(Math.max(score, 0), max);
  score += a.others * 20;
  return Math.min(score, 100);
}

export interface PasswordVerdict {
  readonly ok: boolean;
  readonly score: number;
  /** Why it was refused, in bittensor's words plus what fell short. */
  readonly reason?: string;
}

/** bittensor's policy for a new keyfile password. */
export function checkNewPassword(password: string): PasswordVerdict {
  const score = passwordScore(password);
  const bytes = Buffer.byteLength(password, 'utf8');
  if (bytes >= MIN_PASSWORD_BYTES && score >= MIN_PASSWORD_SCORE) return { ok: true, score };
  const shortfall =
    bytes < MIN_PASSWORD_BYTES
      ? `it has ${bytes} bytes, at least ${MIN_PASSWORD_BYTES} are needed`
      : `it scores ${score.toFixed(1)} of 100, at least ${MIN_PASSWORD_SCORE} is needed`;
  return {
    ok: false,
    score,
    reason: `password not strong enough (${shortfall}); use a longer password or mix cases, digits, symbols and spaces`,
  };
}
