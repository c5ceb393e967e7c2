/**
 * The ordinary least-squares slope of y on x: `Σ(x - x̄)(y - ȳ) / Σ(x - x̄)²`. Null with fewer
 * than two points or when all x are equal. This runs in `O(n)`.
 *
 * @example leastSquaresSlope([0, 1, 2, 3, 4, 5, 6], [10, 12, 11, 15, 14, 18, 17]) // 1.2857142857142858
 */
export function leastSquaresSlope(xs: readonly number[], ys: readonly number[]): number | null {
  const n = Math.min(xs.length, ys.length);
  if (n < 2) return null;
  let meanX = 0;
  let meanY = 0;
  for (let i = 0; i < n; i++) {
    meanX += xs[i]!;
    meanY += ys[i]!;
  }
  meanX /= n;
  meanY /= n;
  let covariance = 0;
  let spread = 0;
  for (let i = 0; i < n; i++) {
    const dx = xs[i]! - meanX;
    covariance += dx * (ys[i]! - meanY);
    spread += dx * dx;
  }
  return spread > 0 ? covariance / spread : null;
}
