import { describe, expect, it } from 'vitest';
import { complementaryErrorFunction, exactMannKendallP, inversionCounts, mannKendall } from '../../src/core/mann-kendall.js';

/** S of every ordering of n distinct values, by brute force: the distribution the exact p is from. */
function bruteForceP(s: number, n: number): number {
  let extreme = 0;
  let total = 0;
  const permute = (prefix: number[], rest: number[]): void => {
    if (rest.length === 0) {
      let stat = 0;
      for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) stat += Math.sign(prefix[j]! - prefix[i]!);
      total++;
      if (Math.abs(stat) >= Math.abs(s)) extreme++;
      return;
    }
    rest.forEach((value, index) => permute([...prefix, value], [...rest.slice(0, index), ...rest.slice(index + 1)]));
  };
  permute([], [...Array(n).keys()]);
  return extreme / total;
}

describe('mannKendall (KPI-SPEC §8)', () => {
  it('gives S = 15 and exact p ≈ 0.0302 for the worked example (scipy.stats.kendalltau exact: 0.030158730158730)', () => {
    const result = mannKendall([10, 12, 11, 15, 14, 18, 17]);
    expect(result.s).toBe(15);
    expect(result.exact).toBe(true);
    expect(result.p).toBeCloseTo(0.03015873015873016, 12);
    expect(result.variance).toBeCloseTo((7 * 6 * 19) / 18, 12);
  });

  it('gives exact p ≈ 0.0690 with 14 replaced by 60 (scipy exact: 0.069047619047619)', () => {
    const result = mannKendall([10, 12, 11, 15, 60, 18, 17]);
    expect(result.s).toBe(13);
    expect(result.p).toBeCloseTo(0.06904761904761905, 12);
  });

  it('matches scipy exact p on a 10-point series (0.108313492063492)', () => {
    expect(mannKendall([3, 1, 4, 1.5, 5, 9, 2.6, 6.5, 3.5, 8.9]).p).toBeCloseTo(0.10831349206349207, 12);
  });

  it('agrees with brute-force enumeration of all orderings for n = 3..7', () => {
    for (let n = 3; n <= 7; n++) {
      const pairs = (n * (n - 1)) / 2;
      for (let s = -pairs; s <= pairs; s += 2) expect(exactMannKendallP(s, n)).toBeCloseTo(bruteForceP(s, n), 12);
    }
  });

  it('counts orderings by inversions (Mahonian numbers, OEIS A008302)', () => {
    expect(inversionCounts(4)).toEqual([1, 3, 5, 6, 5, 3, 1]);
    expect(inversionCounts(7).slice(0, 5)).toEqual([1, 6, 20, 49, 98]);
    expect(inversionCounts(7).reduce((a, b) => a + b)).toBe(5040);
  });

  it('uses the tie-corrected variance and the normal approximation when values repeat', () => {
    // Reference by hand with scipy.stats.norm: S = 84, Var = 330.667, Z = 4.5644, p = 5.0095e-6.
    const result = mannKendall([1, 2, 2, 3, 5, 4, 6, 6, 7, 8, 9, 9, 12, 11]);
    expect(result.exact).toBe(false);
    expect(result.s).toBe(84);
    expect(result.variance).toBeCloseTo(330.6666666666667, 9);
    expect(result.z).toBeCloseTo(4.564391455039622, 9);
    expect(result.p).toBeCloseTo(5.009453017520946e-6, 9);
  });

  it('uses the normal approximation above 10 points even without ties', () => {
    const ys = [1, 3, 2, 5, 4, 7, 6, 9, 8, 11, 10, 12];
    const result = mannKendall(ys);
    expect(result.exact).toBe(false);
    expect(result.p).toBeCloseTo(complementaryErrorFunction(Math.abs(result.z) / Math.SQRT2), 12);
    expect(result.p).toBeLessThan(0.001);
  });

  it('gives p = 1 with no variation at all', () => {
    expect(mannKendall([4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4]).p).toBe(1);
    expect(mannKendall([4, 4, 4]).s).toBe(0);
  });
});

describe('complementaryErrorFunction', () => {
  it('matches scipy.special.erfc to 1e-7', () => {
    expect(complementaryErrorFunction(0.5)).toBeCloseTo(0.4795001221869535, 7);
    expect(complementaryErrorFunction(1)).toBeCloseTo(0.15729920705028516, 7);
    expect(complementaryErrorFunction(2.5)).toBeCloseTo(0.00040695201744495886, 9);
    expect(complementaryErrorFunction(-1)).toBeCloseTo(1.8427007929497148, 7);
  });
});
