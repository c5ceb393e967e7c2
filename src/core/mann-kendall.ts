/** Above this many points (or with ties) the p value comes from the normal approximation. */
export const EXACT_P_MAX_POINTS = 10;

/** The Mann–Kendall statistic of a series and its two-sided p value. */
export interface MannKendall {
  /** S = Σ_{i<j} sign(y_j - y_i): concordant minus discordant pairs. */
  readonly s: number;
  /** Var(S) with the tie correction. */
  readonly variance: number;
  /** Continuity-corrected (S - sgn S) / sqrt(Var); 0 when Var is 0. */
  readonly z: number;
  /** Two-sided p: exact permutation p for n ≤ 10 without ties, normal approximation otherwise. */
  readonly p: number;
  readonly exact: boolean;
}

/**
 * The complementary error function, W. J. Cody's rational Chebyshev fit as given in Numerical
 * Recipes (`erfcc`, fractional error below 1.2e-7 everywhere). This runs in `O(1)`.
 */
export function complementaryErrorFunction(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z - 1.26551223 +
        t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}

/**
 * How many permutations of n distinct values have exactly k inversions, for every k
 * (Mahonian numbers, by the recurrence I(n, k) = Σ_{i=0}^{n-1} I(n-1, k-i)). This runs in `O(n³)`.
 *
 * @example inversionCounts(3) // [1, 2, 2, 1]
 */
export function inversionCounts(n: number): number[] {
  let counts = [1];
  for (let size = 2; size <= n; size++) {
    const next = new Array<number>(counts.length + size - 1).fill(0);
    for (let k = 0; k < next.length; k++) {
      for (let i = 0; i < size; i++) if (k - i >= 0 && k - i < counts.length) next[k]! += counts[k - i]!;
    }
    counts = next;
  }
  return counts;
}

/**
 * Exact two-sided p of Mann–Kendall S for n values without ties: the share of all n! orderings
 * with |S| at least as large (S = n(n-1)/2 - 2 × inversions). This runs in `O(n³)`.
 *
 * @example exactMannKendallP(15, 7) // 0.030158… (152 of 5040 orderings)
 */
export function exactMannKendallP(s: number, n: number): number {
  if (n < 2) return 1;
  const counts = inversionCounts(n);
  const pairs = (n * (n - 1)) / 2;
  let total = 0;
  let extreme = 0;
  for (let inversions = 0; inversions < counts.length; inversions++) {
    total += counts[inversions]!;
    if (Math.abs(pairs - 2 * inversions) >= Math.abs(s)) extreme += counts[inversions]!;
  }
  return extreme / total;
}

/**
 * The Mann–Kendall trend test of `ys` in time order (KPI-SPEC §8): S, its variance with the tie
 * correction `[n(n-1)(2n+5) - Σ t(t-1)(2t+5)] / 18` over groups of t equal values,
 * `Z = (S - sgn S) / sqrt(Var)`, and the two-sided p: exact (permutation distribution) when
 * n ≤ 10 and no value repeats, else `erfc(|Z| / √2)`. This runs in `O(n²)`.
 *
 * @example mannKendall([10, 12, 11, 15, 14, 18, 17]) // { s: 15, variance: 46.67, z: 2.04, p: 0.0302, exact: true }
 */
export function mannKendall(ys: readonly number[]): MannKendall {
  const n = ys.length;
  let s = 0;
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) s += Math.sign(ys[j]! - ys[i]!);

  const groups = new Map<number, number>();
  for (const y of ys) groups.set(y, (groups.get(y) ?? 0) + 1);
  let tieTerm = 0;
  for (const t of groups.values()) tieTerm += t * (t - 1) * (2 * t + 5);
  const variance = (n * (n - 1) * (2 * n + 5) - tieTerm) / 18;
  const z = variance > 0 ? (s - Math.sign(s)) / Math.sqrt(variance) : 0;

  const exact = n <= EXACT_P_MAX_POINTS && tieTerm === 0;
  const p = exact ? exactMannKendallP(s, n) : variance > 0 ? Math.min(1, complementaryErrorFunction(Math.abs(z) / Math.SQRT2)) : 1;
  return { s, variance, z, p, exact };
}
