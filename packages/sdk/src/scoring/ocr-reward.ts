// The OCR subnet's reward (opentensor/ocr_subnet ocr_subnet/validator/reward.py), as pure functions so
// a validator can score responses without Python. Quirks are kept on purpose, because miners are paid
// by them: IoU uses "+1 pixel" terms on normalised coordinates (so any two overlapping boxes score about
// 1), missing or empty fields score 0, extra predictions are not penalised, and the section totals and
// their mean are float32 (torch.FloatTensor).
import { ValueRangeError } from './errors.js';
import { maxWeightAssignment } from './assignment.js';

const f = Math.fround;

export interface OcrFont {
  readonly family: string;
  readonly size: number;
}

/** A labelled section of the invoice: position is [x1, y1, x2, y2] (normalised). */
export interface OcrLabel {
  readonly position: readonly number[];
  readonly text: string;
  readonly font: OcrFont;
}

/** A miner's section; any field may be missing. */
export interface OcrPrediction {
  readonly position?: readonly number[] | null;
  readonly text?: string | null;
  readonly font?: OcrFont | null;
}

/** Levenshtein distance over Unicode code points (editdistance.eval on Python str). */
export function levenshtein(a: string, b: string): number {
  const s = Array.from(a);
  const t = Array.from(b);
  let prev = Array.from({ length: t.length + 1 }, (_, j) => j);
  for (let i = 1; i <= s.length; i++) {
    const cur = [i];
    for (let j = 1; j <= t.length; j++) {
      const substitution = (prev[j - 1] as number) + (s[i - 1] === t[j - 1] ? 0 : 1);
      cur.push(Math.min((prev[j] as number) + 1, (cur[j - 1] as number) + 1, substitution));
    }
    prev = cur;
  }
  return prev[t.length] as number;
}

function box(value: readonly number[], field: string): readonly [number, number, number, number] {
  if (value.length !== 4 || value.some((x) => !Number.isFinite(x))) {
    throw new ValueRangeError(field, value, '[x1, y1, x2, y2] of finite numbers');
  }
  return value as readonly [number, number, number, number];
}

/** get_position_reward: IoU with the reference's "+1" terms; a missing or empty box scores 0. */
export function positionReward(label: readonly number[], pred?: readonly number[] | null): number {
  if (pred === undefined || pred === null || pred.length === 0) return 0;
  const [ax1, ay1, ax2, ay2] = box(label, 'label.position');
  const [bx1, by1, bx2, by2] = box(pred, 'prediction.position');
  const xA = Math.max(ax1, bx1);
  const yA = Math.max(ay1, by1);
  const xB = Math.min(ax2, bx2);
  const yB = Math.min(ay2, by2);
  const intersection = Math.max(0, xB - xA + 1) * Math.max(0, yB - yA + 1);
  const areaA = (ax2 - ax1 + 1) * (ay2 - ay1 + 1);
  const areaB = (bx2 - bx1 + 1) * (by2 - by1 + 1);
  return intersection / (areaA + areaB - intersection);
}

/** get_text_reward: 1 − edit distance / longer length; a missing or empty text scores 0. */
export function textReward(label: string, pred?: string | null): number {
  if (pred === undefined || pred === null || pred === '') return 0;
  return 1 - levenshtein(label, pred) / Math.max(Array.from(label).length, Array.from(pred).length);
}

/** get_font_reward with its default alphas (the family term is multiplied by alpha_family twice). */
export function fontReward(label: OcrFont, pred?: OcrFont | null, alphaSize = 1, alphaFamily = 1): number {
  if (pred === undefined || pred === null || Object.keys(pred).length === 0) return 0;
  const sizeScore = 1 - Math.abs(label.size - pred.size) / Math.max(label.size, pred.size);
  const familyScore = alphaFamily * (label.family === pred.family ? 1 : 0);
  return (alphaSize * sizeScore + alphaFamily * familyScore) / (alphaSize + alphaFamily);
}

export interface SectionReward {
  readonly text: number;
  readonly position: number;
  readonly font: number;
  readonly total: number;
}

export interface OcrRewardWeights {
  readonly alphaPosition?: number;
  readonly alphaText?: number;
  readonly alphaFont?: number;
}

export function sectionReward(
  label: OcrLabel,
  pred: OcrPrediction,
  alphas: OcrRewardWeights = {},
): SectionReward {
  const ap = alphas.alphaPosition ?? 1;
  const at = alphas.alphaText ?? 1;
  const af = alphas.alphaFont ?? 1;
  const text = textReward(label.text, pred.text);
  const position = positionReward(label.position, pred.position);
  const font = fontReward(label.font, pred.font);
  return { text, position, font, total: (at * text + ap * position + af * font) / (ap + af + at) };
}

export interface OcrRewardOptions extends OcrRewardWeights {
  /** Undefined in the reference config; 1 is the natural reading. */
  readonly alphaPrediction?: number;
  readonly alphaTime?: number;
  /** Seconds; undefined in the reference config (10 assumed). */
  readonly timeout?: number;
  /** Seconds the miner took; the reference never fills it, so it is 0 there. */
  readonly timeElapsed?: number;
}

export interface OcrRewardResult {
  readonly total: number;
  readonly prediction: number;
  readonly time: number;
  /** Per label, in label order. */
  readonly sections: SectionReward[];
  /** Index of the (padded) prediction matched to each label; >= predictions.length means none. */
  readonly assignment: number[];
}

/**
 * The reward for one miner response: predictions are padded with empty sections up to the label count,
 * matched to labels by maximum total section reward (float32, as the reference's torch matrix), then
 * prediction = mean section total and total = (α_pred·prediction + α_time·time) / (α_pred + α_time).
 * A null response scores 0. With no labels the mean is NaN, as torch.mean of an empty tensor is (the
 * template's updateScores then counts it as 0).
 */
export function ocrReward(
  labels: readonly OcrLabel[],
  predictions: readonly OcrPrediction[] | null | undefined,
  options: OcrRewardOptions = {},
): OcrRewardResult {
  if (predictions === null || predictions === undefined) {
    return { total: 0, prediction: 0, time: 0, sections: [], assignment: [] };
  }
  const padded: OcrPrediction[] = [...predictions];
  while (padded.length < labels.length) padded.push({});
  const matrix = labels.map((label) => padded.map((pred) => f(sectionReward(label, pred).total)));
  const assignment = maxWeightAssignment(matrix);
  const sections = labels.map((label, i) =>
    sectionReward(label, padded[assignment[i] as number] as OcrPrediction, options),
  );

  let sum = 0;
  for (const s of sections) sum = f(sum + f(s.total));
  const prediction = f(sum / sections.length);

  const timeout = options.timeout ?? 10;
  if (!(timeout > 0)) throw new ValueRangeError('timeout', timeout, 'a positive number of seconds');
  const time = Math.max(1 - (options.timeElapsed ?? 0) / timeout, 0);
  const ap = options.alphaPrediction ?? 1;
  const at = options.alphaTime ?? 1;
  const total = f(f(f(ap * prediction) + f(at * time)) / (ap + at));
  return { total, prediction, time, sections, assignment };
}
