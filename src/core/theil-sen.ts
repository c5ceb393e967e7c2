import { medianInPlace } from './median.js';

/**
 * The Theil–Sen slope of y on x: the median of the slopes `(y_j - y_i) / (x_j - x_i)` over all
 * pairs with distinct x (the mean of the middle two for an even count). Robust: one outlier does
 * not move it. Null when fewer than one such pair exists. This is the plain version: it runs in
 * `O(n²)` time and memory, which is what trend windows (tens of buckets) need.
 *
 * @example theilSenSlope([0, 1, 2, 3, 4, 5, 6], [10, 12, 11, 15, 14, 18, 17]) // 1.5
 */
export function theilSenSlope(xs: readonly number[], ys: readonly number[]): number | null {
  const n = Math.min(xs.length, ys.length);
  const slopes = new Float64Array((n * (n - 1)) / 2);
  let count = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const dx = xs[j]! - xs[i]!;
      if (dx !== 0) slopes[count++] = (ys[j]! - ys[i]!) / dx;
    }
  }
  return medianInPlace(slopes.subarray(0, count));
}
