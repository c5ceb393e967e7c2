import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lowerBound } from '../../src/core/search.js';

describe('lowerBound', () => {
  it('finds the first index at or after the target', () => {
    const times = new Float64Array([1, 3, 3, 7]);
    expect(lowerBound(times, 0)).toBe(0);
    expect(lowerBound(times, 3)).toBe(1);
    expect(lowerBound(times, 4)).toBe(3);
    expect(lowerBound(times, 8)).toBe(4);
    expect(lowerBound(new Float64Array(0), 5)).toBe(0);
  });

  it('property: agrees with a linear scan', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -50, max: 50 })), fc.integer({ min: -60, max: 60 }), (values, target) => {
        const times = Float64Array.from(values.sort((a, b) => a - b));
        const scan = times.findIndex((t) => t >= target);
        expect(lowerBound(times, target)).toBe(scan === -1 ? times.length : scan);
      }),
    );
  });
});
