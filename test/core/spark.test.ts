import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sparkline } from '../../src/core/spark.js';

describe('sparkline (KPI-SPEC §9)', () => {
  it('normalises to [0, 1] and keeps empty buckets as gaps', () => {
    expect(sparkline([2, null, 4, 3], 'gap')).toEqual({ values: [2, null, 4, 3], norm: [0, null, 1, 0.5] });
  });

  it('fills empty buckets with 0 when asked', () => {
    expect(sparkline([2, null, 4], 'zero')).toEqual({ values: [2, 0, 4], norm: [0.5, 0, 1] });
  });

  it('puts all-equal values at 0.5 and copes with no values at all', () => {
    expect(sparkline([7, 7, null], 'gap').norm).toEqual([0.5, 0.5, null]);
    expect(sparkline([null, null], 'gap').norm).toEqual([null, null]);
    expect(sparkline([], 'gap')).toEqual({ values: [], norm: [] });
  });

  it('property: every norm is within [0, 1], min maps to 0 and max to 1', () => {
    fc.assert(
      fc.property(fc.array(fc.option(fc.double({ min: -1e9, max: 1e9, noNaN: true })), { maxLength: 40 }), (buckets) => {
        const { norm, values } = sparkline(buckets, 'gap');
        for (const y of norm) if (y !== null) expect(y >= 0 && y <= 1).toBe(true);
        const present = values.filter((v): v is number => v !== null);
        if (present.length > 0 && Math.min(...present) < Math.max(...present)) {
          expect(norm[values.indexOf(Math.min(...present))]).toBe(0);
          expect(norm[values.indexOf(Math.max(...present))]).toBe(1);
        }
      }),
    );
  });
});
