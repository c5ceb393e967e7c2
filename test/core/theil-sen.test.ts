import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { theilSenSlope } from '../../src/core/theil-sen.js';

const days = [0, 1, 2, 3, 4, 5, 6];

describe('theilSenSlope', () => {
  it('gives the worked values of KPI-SPEC §8 (checked against scipy.stats.theilslopes)', () => {
    expect(theilSenSlope(days, [10, 12, 11, 15, 14, 18, 17])).toBe(1.5);
    expect(theilSenSlope(days, [10, 12, 11, 15, 60, 18, 17])).toBe(1.5); // an outlier does not move it
    expect(theilSenSlope(days, [5, 3, 8, 1, 9, 2, 7])).toBeCloseTo(1 / 3, 12); // scipy: 0.3333…
  });

  it('ignores pairs with equal x and is null without any usable pair', () => {
    expect(theilSenSlope([0, 0, 1], [1, 5, 3])).toBe(0); // slopes 2 and -2
    expect(theilSenSlope([2, 2], [1, 5])).toBeNull();
    expect(theilSenSlope([1], [1])).toBeNull();
  });

  it('does not depend on the order the points are given in', () => {
    expect(theilSenSlope([6, 0, 3, 1, 5, 2, 4], [17, 10, 15, 12, 18, 11, 14])).toBe(1.5);
  });

  it('property: adding a constant to y does not change the slope; scaling y scales it', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -1000, max: 1000 }), { minLength: 2, maxLength: 30 }), fc.integer({ min: -1e6, max: 1e6 }), (ys, shift) => {
        const xs = ys.map((_, i) => i);
        const slope = theilSenSlope(xs, ys)!;
        expect(theilSenSlope(xs, ys.map((y) => y + shift))).toBeCloseTo(slope, 6);
        expect(theilSenSlope(xs, ys.map((y) => 3 * y))).toBeCloseTo(3 * slope, 6);
      }),
    );
  });
});
