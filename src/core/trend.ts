import { leastSquaresSlope } from './least-squares.js';
import { mannKendall } from './mann-kendall.js';
import { median } from './median.js';
import { directionSign } from './target.js';
import { theilSenSlope } from './theil-sen.js';
import type { Better, KpiView, TrendDirection } from './types.js';

/** The rules that turn slopes into an arrow (KPI-SPEC §8); every number is a named setting. */
export interface TrendRules {
  /** Fewer points than this: `insufficient` (default 3). */
  readonly minPoints: number;
  /** Fewer points than this: the magnitude rule alone decides, confidence `low` (default 5). */
  readonly significantFromPoints: number;
  /** The change over the span must reach this share of |median y| (default 0.02). */
  readonly minRelativeChange: number;
  /** Mann–Kendall p must be below this (default 0.05). */
  readonly maxP: number;
}

export const DEFAULT_TREND_RULES: TrendRules = { minPoints: 3, significantFromPoints: 5, minRelativeChange: 0.02, maxP: 0.05 };

type TrendView = KpiView['trend'];

/** The trend view plus what it was computed from. */
export interface TrendAnalysis extends TrendView {
  readonly n: number;
  /** Theil–Sen slope / |median y|, per day; null when the median is 0 or the slope unknown. */
  readonly relativeRatePerDay: number | null;
  /** Mann–Kendall S; null with fewer than minPoints points. */
  readonly s: number | null;
}

/**
 * Whether, how fast and which way a bucketed series moves (KPI-SPEC §8). `xs` are bucket starts in
 * days, `ys` the bucket values (gaps already left out). Rate: Theil–Sen slope per day, also the
 * least-squares slope; significance: two-sided Mann–Kendall p. `up`/`down` only when
 * `|slope × span| ≥ 2% × |median y|` and p < 0.05; with fewer than 5 points the magnitude alone
 * decides and confidence is `low`; otherwise `flat`; fewer than 3 points: `insufficient`.
 * `improving = s × slope > 0` unless flat. This runs in `O(n²)`.
 *
 * @example trendOf([0, 1, 2, 3, 4, 5, 6], [10, 12, 11, 15, 14, 18, 17], 'higher')
 * // { direction: 'up', slopePerDay: 1.5, lsSlopePerDay: 1.2857, p: 0.0302, confidence: 'high', improving: true, … }
 */
export function trendOf(xs: readonly number[], ys: readonly number[], better: Better, rules: TrendRules = DEFAULT_TREND_RULES): TrendAnalysis {
  const n = Math.min(xs.length, ys.length);
  const slope = n >= 2 ? theilSenSlope(xs, ys) : null;
  const insufficient: TrendAnalysis = {
    direction: 'insufficient', slopePerDay: null, lsSlopePerDay: null, p: null, confidence: null, improving: null, n, relativeRatePerDay: null, s: null,
  };
  if (n < rules.minPoints || slope === null) return insufficient;

  const lsSlope = leastSquaresSlope(xs, ys);
  // Mann–Kendall needs the values in x order.
  const order = [...Array(n).keys()].sort((a, b) => xs[a]! - xs[b]!);
  const test = mannKendall(order.map((i) => ys[i]!));
  const middle = median(ys.slice(0, n)) ?? 0;
  let span = 0;
  let low = Infinity;
  let high = -Infinity;
  for (let i = 0; i < n; i++) {
    low = Math.min(low, xs[i]!);
    high = Math.max(high, xs[i]!);
  }
  span = high - low;
  const bigEnough = slope !== 0 && Math.abs(slope * span) >= rules.minRelativeChange * Math.abs(middle);
  const lowConfidence = n < rules.significantFromPoints;
  const significant = lowConfidence || (test.p < rules.maxP && Math.sign(test.s) === Math.sign(slope));
  const direction: TrendDirection = bigEnough && significant ? (slope > 0 ? 'up' : 'down') : 'flat';
  return {
    direction,
    slopePerDay: slope,
    lsSlopePerDay: lsSlope,
    p: test.p,
    confidence: lowConfidence ? 'low' : 'high',
    improving: direction === 'flat' ? null : directionSign(better) * slope > 0,
    n,
    relativeRatePerDay: middle !== 0 ? slope / Math.abs(middle) : null,
    s: test.s,
  };
}
