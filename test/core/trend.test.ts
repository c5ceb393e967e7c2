import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { trendOf } from '../../src/core/trend.js';

const days = [0, 1, 2, 3, 4, 5, 6];

describe('trendOf (KPI-SPEC §8)', () => {
  it('calls the first worked example up: Theil–Sen 1.5, LS 1.2857, p ≈ 0.0302', () => {
    const trend = trendOf(days, [10, 12, 11, 15, 14, 18, 17], 'higher');
    expect(trend.direction).toBe('up');
    expect(trend.slopePerDay).toBe(1.5);
    expect(trend.lsSlopePerDay).toBeCloseTo(1.2857, 4);
    expect(trend.p).toBeCloseTo(0.0302, 4);
    expect(trend.confidence).toBe('high');
    expect(trend.improving).toBe(true);
    expect(trend.relativeRatePerDay).toBeCloseTo(1.5 / 14, 12);
  });

  it('calls the second worked example flat: Theil–Sen 1.5, LS 2.9286, p ≈ 0.0690', () => {
    const trend = trendOf(days, [10, 12, 11, 15, 60, 18, 17], 'higher');
    expect(trend.direction).toBe('flat');
    expect(trend.slopePerDay).toBe(1.5);
    expect(trend.lsSlopePerDay).toBeCloseTo(2.9286, 4);
    expect(trend.p).toBeCloseTo(0.069, 4);
    expect(trend.improving).toBeNull();
  });

  it('calls a falling series down and says whether that is good', () => {
    const falling = [18, 17, 15, 16, 12, 11, 10];
    expect(trendOf(days, falling, 'higher')).toMatchObject({ direction: 'down', improving: false });
    expect(trendOf(days, falling, 'lower')).toMatchObject({ direction: 'down', improving: true });
  });

  it('is insufficient below 3 points', () => {
    expect(trendOf([0, 1], [1, 2], 'higher')).toMatchObject({ direction: 'insufficient', slopePerDay: null, p: null, confidence: null, improving: null });
    expect(trendOf([], [], 'higher').direction).toBe('insufficient');
  });

  it('decides by magnitude alone below 5 points, with low confidence', () => {
    expect(trendOf([0, 1, 2, 3], [100, 101, 103, 104], 'higher')).toMatchObject({ direction: 'up', confidence: 'low' });
    // A change of 0.3 over 3 days on a median of 100 is below 2 %: flat.
    expect(trendOf([0, 1, 2, 3], [100, 100.1, 100.2, 100.3], 'higher')).toMatchObject({ direction: 'flat', confidence: 'low' });
  });

  it('keeps a significant but tiny change flat (below 2 % of the median over the span)', () => {
    const ys = days.map((d) => 1000 + d * 0.1);
    const trend = trendOf(days, ys, 'higher');
    expect(trend.p).toBeLessThan(0.05);
    expect(trend.direction).toBe('flat');
  });

  it('measures the span in days of x, so gaps between buckets count', () => {
    // Three buckets missing in the middle: 5 points over 8 days.
    const trend = trendOf([0, 1, 2, 6, 7], [10, 11, 12, 16, 17], 'higher');
    expect(trend.slopePerDay).toBe(1);
  });

  it('keeps alternating noise around a constant flat', () => {
    const ys = [10, 12, 9, 11, 10, 12, 9, 11, 10, 12, 9, 11, 10, 12];
    expect(trendOf(ys.map((_, i) => i), ys, 'higher').direction).toBe('flat');
  });

  it('property: adding a constant to every value keeps the slopes and p', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 100 }), { minLength: 3, maxLength: 20 }), fc.integer({ min: 1, max: 1000 }), (ys, shift) => {
        const xs = ys.map((_, i) => i);
        const a = trendOf(xs, ys, 'higher');
        const b = trendOf(xs, ys.map((y) => y + shift), 'higher');
        expect(b.slopePerDay).toBeCloseTo(a.slopePerDay!, 9);
        expect(b.p).toBeCloseTo(a.p!, 12);
      }),
    );
  });
});
