import { describe, expect, it } from 'vitest';
import { leastSquaresSlope } from '../../src/core/least-squares.js';

const days = [0, 1, 2, 3, 4, 5, 6];

describe('leastSquaresSlope', () => {
  it('gives the worked values of KPI-SPEC §8 (checked against scipy.stats.linregress)', () => {
    expect(leastSquaresSlope(days, [10, 12, 11, 15, 14, 18, 17])).toBeCloseTo(1.2857142857142856, 12);
    expect(leastSquaresSlope(days, [10, 12, 11, 15, 60, 18, 17])).toBeCloseTo(2.9285714285714284, 12);
  });

  it('is exact on a line and null when x does not vary', () => {
    expect(leastSquaresSlope([0, 2, 4], [1, 2, 3])).toBe(0.5);
    expect(leastSquaresSlope([3, 3, 3], [1, 2, 3])).toBeNull();
    expect(leastSquaresSlope([1], [1])).toBeNull();
  });
});
