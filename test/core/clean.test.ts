import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cleanPoints } from '../../src/core/clean.js';
import type { RawPoint } from '../../src/core/types.js';

const plain = (raw: readonly RawPoint[]) => {
  const { series } = cleanPoints('m', raw);
  return { times: [...series.times], values: [...series.values] };
};

describe('cleanPoints (KPI-SPEC §1)', () => {
  it('keeps points already in time order as they are', () => {
    expect(plain([{ t: 1, v: 5 }, { t: 2, v: 6 }, { t: 3, v: 7 }])).toEqual({ times: [1, 2, 3], values: [5, 6, 7] });
  });

  it('sorts out-of-order points by time', () => {
    expect(plain([{ t: 3, v: 7 }, { t: 1, v: 5 }, { t: 2, v: 6 }])).toEqual({ times: [1, 2, 3], values: [5, 6, 7] });
  });

  it('keeps the last received point for a duplicate time, sorted or not', () => {
    expect(plain([{ t: 1, v: 1 }, { t: 2, v: 2 }, { t: 2, v: 3 }])).toEqual({ times: [1, 2], values: [1, 3] });
    expect(plain([{ t: 2, v: 2 }, { t: 1, v: 1 }, { t: 2, v: 3 }, { t: 2, v: 4 }, { t: 0, v: 0 }])).toEqual({ times: [0, 1, 2], values: [0, 1, 4] });
  });

  it('turns null, NaN and ±Infinity values into gaps, each with a warning naming metric, time and why', () => {
    const { series, warnings } = cleanPoints('leads', [
      { t: 1000, v: null },
      { t: 2000, v: Number.NaN },
      { t: 3000, v: Infinity },
      { t: 4000, v: -Infinity },
      { t: 5000, v: 9 },
    ]);
    expect([...series.values].map((v) => (Number.isNaN(v) ? 'gap' : v))).toEqual(['gap', 'gap', 'gap', 'gap', 9]);
    expect(warnings).toHaveLength(4);
    expect(warnings[0]).toEqual({ metric: 'leads', time: '1970-01-01T00:00:01.000Z', why: expect.stringContaining('null') });
    expect(warnings[1]!.why).toContain('NaN');
    expect(warnings[2]!.why).toContain('+Infinity');
    expect(warnings[3]!.why).toContain('-Infinity');
  });

  it('drops points whose time is not finite, with a warning without a time', () => {
    const raw = [{ t: Number.NaN, v: 1 }, { t: Infinity, v: 2 }, { t: 5, v: 3 }, { t: 'x', v: 4 }] as unknown as RawPoint[];
    const { series, warnings } = cleanPoints('m', raw);
    expect([...series.times]).toEqual([5]);
    expect(warnings).toHaveLength(3);
    expect(warnings.every((w) => w.time === null && w.why.includes('dropped'))).toBe(true);
  });

  it('never crashes on junk: non-array input, null entries, string values', () => {
    expect(plain(null as unknown as RawPoint[])).toEqual({ times: [], values: [] });
    const { series, warnings } = cleanPoints('m', [null, { t: 1, v: '3' }] as unknown as RawPoint[]);
    expect(series.times.length).toBe(1);
    expect(Number.isNaN(series.values[0])).toBe(true);
    expect(warnings).toHaveLength(2);
  });

  it('lists at most maxWarnings warnings and summarises the rest in one line', () => {
    const raw = Array.from({ length: 50 }, (_, i) => ({ t: i, v: null }));
    const { warnings } = cleanPoints('m', raw, { maxWarnings: 10 });
    expect(warnings).toHaveLength(11);
    expect(warnings[10]!.why).toContain('40 more');
  });

  it('property: the order points arrive in does not matter when times are distinct', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 0, max: 10_000 }), { maxLength: 60 }), fc.integer(), (times, seed) => {
        const raw = times.map((t) => ({ t, v: t * 2 }));
        const shuffled = [...raw].sort((a, b) => ((a.t * 7919 + seed) % 101) - ((b.t * 7919 + seed) % 101));
        expect(plain(shuffled)).toEqual(plain(raw));
        const result = plain(raw);
        for (let i = 1; i < result.times.length; i++) expect(result.times[i]!).toBeGreaterThan(result.times[i - 1]!);
      }),
    );
  });

  it('property: matches a plain stable sort with last-wins on random input with duplicates', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ t: fc.integer({ min: 0, max: 30 }), v: fc.integer() }), { maxLength: 200 }), (raw) => {
        const expected = new Map<number, number>();
        for (const point of raw) expected.set(point.t, point.v);
        const keys = [...expected.keys()].sort((a, b) => a - b);
        expect(plain(raw)).toEqual({ times: keys, values: keys.map((k) => expected.get(k)) });
      }),
    );
  });
});
