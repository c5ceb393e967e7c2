import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { aggregate, isAdditive } from '../../src/core/aggregate.js';
import type { Aggregate } from '../../src/core/types.js';
import { seriesFrom } from './helpers.js';

// Points at t = 10..60; 30 is a gap.
const series = seriesFrom([[10, 4], [20, 8], [30, null], [40, 1], [50, 6], [60, 100]]);
const window = { start: 10, end: 60 }; // excludes the point at 60

describe('aggregate (KPI-SPEC §3)', () => {
  it('computes each kind over [start, end), skipping gaps, and reports n', () => {
    expect(aggregate('sum', series, window)).toEqual({ value: 19, n: 4 });
    expect(aggregate('count', series, window)).toEqual({ value: 4, n: 4 });
    expect(aggregate('mean', series, window)).toEqual({ value: 4.75, n: 4 });
    expect(aggregate('median', series, window)).toEqual({ value: 5, n: 4 }); // mean of 4 and 6
    expect(aggregate('min', series, window)).toEqual({ value: 1, n: 4 });
    expect(aggregate('max', series, window)).toEqual({ value: 8, n: 4 });
    expect(aggregate('last', series, window)).toEqual({ value: 6, n: 4 });
  });

  it('takes the median of an odd count as the middle value', () => {
    expect(aggregate('median', series, { start: 10, end: 50 })).toEqual({ value: 4, n: 3 });
  });

  it('includes a point exactly at start and excludes one exactly at end', () => {
    expect(aggregate('sum', series, { start: 20, end: 50 }).value).toBe(9);
    expect(aggregate('sum', series, { start: 20, end: 51 }).value).toBe(15);
  });

  it('takes last as the newest non-gap point, skipping a trailing gap', () => {
    expect(aggregate('last', series, { start: 0, end: 35 })).toEqual({ value: 8, n: 2 });
  });

  it('gives 0 for sum and count and null for the rest on no data, with n 0', () => {
    const kinds: Aggregate[] = ['sum', 'count', 'mean', 'median', 'min', 'max', 'last'];
    for (const kind of kinds) {
      const expected = { value: isAdditive(kind) ? 0 : null, n: 0 };
      expect(aggregate(kind, series, { start: 61, end: 100 })).toEqual(expected);
      expect(aggregate(kind, series, { start: 30, end: 31 })).toEqual(expected); // only a gap
      expect(aggregate(kind, undefined, window)).toEqual(expected);
      expect(aggregate(kind, series, { start: 50, end: 50 })).toEqual(expected); // empty window
    }
  });

  it('handles negative values', () => {
    const negative = seriesFrom([[1, -5], [2, -1], [3, -3]]);
    expect(aggregate('max', negative, { start: 0, end: 10 }).value).toBe(-1);
    expect(aggregate('sum', negative, { start: 0, end: 10 }).value).toBe(-9);
  });

  it('property: sum and count over a window split in two equal the whole', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 0, max: 1000 }), { maxLength: 80 }),
        fc.integer({ min: 0, max: 1000 }),
        fc.integer({ min: 0, max: 1000 }),
        fc.integer({ min: 0, max: 1000 }),
        (times, a, b, c) => {
          const sorted = times.sort((x, y) => x - y);
          const s = seriesFrom(sorted.map((t) => [t, t % 7 === 0 ? null : (t % 13) - 4]));
          const [start, middle, end] = [a, b, c].sort((x, y) => x - y) as [number, number, number];
          for (const kind of ['sum', 'count'] as const) {
            const whole = aggregate(kind, s, { start, end });
            const left = aggregate(kind, s, { start, end: middle });
            const right = aggregate(kind, s, { start: middle, end });
            expect(left.value! + right.value!).toBe(whole.value);
            expect(left.n + right.n).toBe(whole.n);
          }
        },
      ),
    );
  });
});
