import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { median, medianInPlace } from '../../src/core/median.js';

/** The textbook median: sort, take the middle (mean of the middle two for an even count). */
function sortedMedian(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const half = sorted.length >> 1;
  return sorted.length % 2 ? sorted[half]! : (sorted[half - 1]! + sorted[half]!) / 2;
}

describe('median', () => {
  it('takes the middle value, or the mean of the middle two', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([3, 1, 4, 1])).toBe(2);
    expect(median([7])).toBe(7);
    expect(median([])).toBeNull();
  });

  it('does not change its input', () => {
    const input = [3, 1, 2];
    median(input);
    expect(input).toEqual([3, 1, 2]);
  });

  it('property: quickselect agrees with sorting, duplicates and sorted runs included', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -20, max: 20 }), { maxLength: 300 }), (values) => {
        expect(medianInPlace(Float64Array.from(values))).toBe(sortedMedian(values));
        const ascending = [...values].sort((a, b) => a - b);
        expect(medianInPlace(Float64Array.from(ascending))).toBe(sortedMedian(values));
        expect(medianInPlace(Float64Array.from(ascending.reverse()))).toBe(sortedMedian(values));
      }),
    );
  });
});
