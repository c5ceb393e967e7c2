import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cleanPoints } from '../../src/core/clean.js';
import { evaluateKpi, evaluateKpiDetailed, evaluateMetric, lastPointTime } from '../../src/core/kpi.js';
import type { KpiSpec, RawPoint, Series } from '../../src/core/types.js';
import { at, BERLIN, DAY, HOUR, kpiSpec, seriesFrom, UTC } from './helpers.js';

const only = (series: Series) => (metric: string) => (metric === 'm' ? series : undefined);

describe('evaluateKpi: the Berlin March 2024 pace example (KPI-SPEC worked example)', () => {
  const now = at('2024-03-16T00:00:00+01:00');
  // 46,000 over the first 15 days: 1,000 a day on 1-14 March, 32,000 on the 15th.
  const points: [number, number][] = [];
  for (let day = 1; day <= 14; day++) points.push([at(`2024-03-${String(day).padStart(2, '0')}T12:00:00+01:00`), 1000]);
  points.push([at('2024-03-15T12:00:00+01:00'), 32_000]);
  points.push([now, 999_999]); // exactly at now: not yet part of [start, now)
  const spec = kpiSpec({ period: 'month', aggregate: 'sum', target: 100_000, calendar: BERLIN, staleAfterMs: 24 * HOUR });
  const view = evaluateKpi(spec, only(seriesFrom(points)), now);

  it('cuts the 743-hour month and its elapsed fraction 360/743', () => {
    expect(view.period).toEqual({ start: '2024-02-29T23:00:00.000Z', end: '2024-03-31T22:00:00.000Z', elapsed: 360 / 743 });
  });

  it('sums to 46,000 and paces at expected 48,452.22, projected 94,938.89, score 0.9494 → at_risk', () => {
    expect(view.value).toBe(46_000);
    expect(view.n).toBe(15);
    expect(view.pace!.expected).toBeCloseTo(48_452.22, 2);
    expect(view.pace!.projected).toBeCloseTo(94_938.89, 2);
    expect(view.pace!.attainment).toBeCloseTo(0.9494, 4);
    expect(view.status).toBe('at_risk');
  });

  it('reports the distance to the full target too', () => {
    expect(view.gap).toBe(-54_000);
    expect(view.gapPct).toBe(-0.54);
    expect(view.attainment).toBeCloseTo(0.46, 12);
  });

  it('has no previous value when the metric did not exist in February', () => {
    expect(view.previous).toEqual({ value: null, delta: null, pct: null, favorable: null });
  });
});

describe('evaluateKpi: previous period, same elapsed part (KPI-SPEC §5)', () => {
  it('compares with the first half of the previous month when half of this one has passed', () => {
    // UTC April 2024 (30 days): now = 16 April 00:00, f = 0.5; March part = first 15.5 days.
    const now = at('2024-04-16T00:00:00Z');
    const series = seriesFrom([
      [at('2024-03-10T00:00:00Z'), 40],
      [at('2024-03-16T11:00:00Z'), 10], // before 16 March 12:00: inside the part
      [at('2024-03-16T13:00:00Z'), 1000], // after: outside
      [at('2024-04-02T00:00:00Z'), 60],
    ]);
    const view = evaluateKpi(kpiSpec({ target: null }), only(series), now);
    expect(view.period.elapsed).toBe(0.5);
    expect(view.previous).toEqual({ value: 50, delta: 10, pct: 0.2, favorable: true });
    expect(view.status).toBe('unknown');
    expect(view.pace).toBeNull();
  });

  it('judges a fall as favorable when lower is better, against a negative previous value too', () => {
    const now = at('2024-04-16T00:00:00Z');
    const series = seriesFrom([[at('2024-03-02T00:00:00Z'), -20], [at('2024-04-02T00:00:00Z'), -30]]);
    const view = evaluateKpi(kpiSpec({ better: 'lower', aggregate: 'last', target: -25 }), only(series), now);
    expect(view.previous).toEqual({ value: -20, delta: -10, pct: -0.5, favorable: true });
    // lower-better -30 against -25: gap = -(−30 − −25) = 5, attainment 1.2.
    expect(view.gap).toBe(5);
    expect(view.attainment).toBeCloseTo(1.2, 12);
    expect(view.status).toBe('on_track');
  });
});

describe('evaluateKpi: status', () => {
  const series = seriesFrom([[at('2024-04-01T06:00:00Z'), 3]]);

  it('is early for an additive KPI before min_elapsed of the period', () => {
    const view = evaluateKpi(kpiSpec({ target: 100 }), only(series), at('2024-04-02T00:00:00Z'));
    expect(view.period.elapsed).toBeCloseTo(1 / 30, 12);
    expect(view.status).toBe('early');
    expect(view.pace).not.toBeNull();
  });

  it('judges a non-additive KPI by plain attainment from the start, without pace', () => {
    const view = evaluateKpi(kpiSpec({ aggregate: 'mean', better: 'lower', target: 2 }), only(seriesFrom([[at('2024-04-01T06:00:00Z'), 2.5]])), at('2024-04-02T00:00:00Z'));
    expect(view.pace).toBeNull();
    expect(view.attainment).toBe(0.75);
    expect(view.status).toBe('off_track');
  });

  it('is no_data and stale when the metric has no point, without crashing', () => {
    const view = evaluateKpi(kpiSpec(), () => undefined, at('2024-04-16T00:00:00Z'));
    expect(view).toMatchObject({ value: 0, n: 0, status: 'no_data', stale: true, drivers: [] });
    expect(view.trend.direction).toBe('insufficient');
    expect(view.spark.values.every((v) => v === null)).toBe(true);
  });

  it('is no_data for a mean with only gaps in the period; value null', () => {
    const gaps = seriesFrom([[at('2024-04-10T00:00:00Z'), null]]);
    const view = evaluateKpi(kpiSpec({ aggregate: 'mean' }), only(gaps), at('2024-04-16T00:00:00Z'));
    expect(view).toMatchObject({ value: null, n: 0, status: 'no_data', gap: null, attainment: null });
  });

  it('uses the KPI thresholds', () => {
    const spec = kpiSpec({ aggregate: 'last', target: 10, thresholds: [{ status: 'off_track', from: -Infinity }, { status: 'on_track', from: 0.25 }] });
    expect(evaluateKpi(spec, only(series), at('2024-04-16T00:00:00Z')).status).toBe('on_track');
  });

  it('with target 0 keeps the gap and is unknown', () => {
    const view = evaluateKpi(kpiSpec({ aggregate: 'last', better: 'lower', target: 0 }), only(series), at('2024-04-16T00:00:00Z'));
    expect(view).toMatchObject({ gap: -3, gapPct: null, attainment: null, status: 'unknown' });
  });
});

describe('evaluateKpi: staleness (KPI-SPEC §7)', () => {
  it('is stale when the newest point is older than stale_after, judged at now', () => {
    const series = seriesFrom([[at('2024-04-16T08:00:00Z'), 1], [at('2024-04-16T12:00:00Z'), 1]]);
    const spec = kpiSpec({ staleAfterMs: 2 * HOUR });
    expect(evaluateKpi(spec, only(series), at('2024-04-16T09:59:00Z')).stale).toBe(false);
    expect(evaluateKpi(spec, only(series), at('2024-04-16T10:01:00Z')).stale).toBe(true);
    expect(evaluateKpi(spec, only(series), at('2024-04-16T13:00:00Z')).stale).toBe(false);
  });
});

describe('evaluateKpi: trend and sparkline over complete buckets (KPI-SPEC §8, §9)', () => {
  const daily = [10, 12, 11, 15, 14, 18, 17];
  const now = at('2024-04-08T09:00:00Z');
  const points: [number, number | null][] = daily.map((v, i) => [at('2024-04-01T12:00:00Z') + i * DAY, v]);
  points.push([at('2024-04-08T08:00:00Z'), 0.001]); // today's partial bucket must not count

  it('reproduces the first worked example from daily buckets', () => {
    const view = evaluateKpi(kpiSpec({ trend: { bucket: 'day', window: 7, fill: 'gap' } }), only(seriesFrom(points)), now);
    expect(view.trend).toEqual({ direction: 'up', slopePerDay: 1.5, lsSlopePerDay: expect.closeTo(1.2857, 4), p: expect.closeTo(0.0302, 4), confidence: 'high', improving: true });
    expect(view.spark.values).toEqual(daily);
    expect(view.spark.norm[0]).toBe(0);
    expect(view.spark.norm[5]).toBe(1);
  });

  it('leaves empty and all-gap buckets out of the trend and shows them as gaps (or zeros)', () => {
    const holes = points.map(([t, v], i): [number, number | null] => (i === 4 ? [t, null] : [t, v])).filter((_, i) => i !== 2);
    const spec = kpiSpec({ trend: { bucket: 'day', window: 7, fill: 'gap' } });
    const view = evaluateKpi(spec, only(seriesFrom(holes)), now);
    expect(view.spark.values).toEqual([10, 12, null, 15, null, 18, 17]);
    expect(view.trend.slopePerDay).not.toBeNull();
    const zero = evaluateKpi(kpiSpec({ trend: { bucket: 'day', window: 7, fill: 'zero' } }), only(seriesFrom(holes)), now);
    expect(zero.spark.values).toEqual([10, 12, 0, 15, 0, 18, 17]);
  });

  it('buckets by week with week_start', () => {
    const weekly: [number, number][] = [0, 1, 2, 3, 4, 5].map((w) => [at('2024-03-03T12:00:00Z') + w * 7 * DAY, 100 + w * 10]); // Sundays
    const spec = kpiSpec({ trend: { bucket: 'week', window: 6, fill: 'gap' }, calendar: { ...UTC, weekStart: 7 } });
    const view = evaluateKpi(spec, only(seriesFrom(weekly)), at('2024-04-14T01:00:00Z'));
    expect(view.spark.values).toEqual([100, 110, 120, 130, 140, 150]);
    expect(view.trend.slopePerDay).toBeCloseTo(10 / 7, 12);
  });
});

describe('evaluateKpi: drivers (KPI-SPEC §10)', () => {
  // Weekly KPI; drivers measured daily for 10 weeks. now = Wednesday 12:00 of the 10th week, f = 2.5/7.
  const weeks = 10;
  const first = at('2024-01-01T00:00:00Z'); // a Monday
  const now = first + (weeks - 1) * 7 * DAY + 2.5 * DAY;
  const traffic: [number, number][] = [];
  const rank: [number, number][] = [];
  for (let day = 0; day < weeks * 7 && first + day * DAY < now; day++) {
    const week = Math.floor(day / 7);
    const current = week === weeks - 1;
    traffic.push([first + day * DAY + HOUR, current ? 50 : 100 + (week % 3) * 10]);
    rank.push([first + day * DAY + HOUR, current ? 4 : 5 + (week % 2)]);
  }
  const series = new Map<string, Series>([
    ['m', seriesFrom([[now - HOUR, 1]])],
    ['traffic', seriesFrom(traffic)],
    ['rank', seriesFrom(rank)],
    ['flat', seriesFrom(traffic.map(([t]) => [t, 7]))],
  ]);
  const spec = kpiSpec({
    period: 'week',
    drivers: [
      { metric: 'flat', better: 'higher', aggregate: 'sum' },
      { metric: 'rank', better: 'lower', aggregate: 'mean' },
      { metric: 'missing', better: 'higher', aggregate: 'sum' },
      { metric: 'traffic', better: 'higher', aggregate: 'sum' },
    ],
  });
  const view = evaluateKpi(spec, (metric) => series.get(metric), now);

  it('computes z against the same elapsed part of the previous `baseline` weeks', () => {
    const traffic = view.drivers.find((d) => d.metric === 'traffic')!;
    expect(traffic.value).toBe(150); // 3 days so far (Mon, Tue, Wed 01:00) at 50
    // Baselines: weeks 1..8 back = weeks 8..1, each 3 days × (100 + (week % 3) * 10).
    const baseline = [8, 7, 6, 5, 4, 3, 2, 1].map((w) => 3 * (100 + (w % 3) * 10));
    const mean = baseline.reduce((a, b) => a + b) / 8;
    const sd = Math.sqrt(baseline.reduce((a, b) => a + (b - mean) ** 2, 0) / 7);
    expect(traffic.z).toBeCloseTo((150 - mean) / sd, 12);
    const rank = view.drivers.find((d) => d.metric === 'rank')!;
    expect(rank.value).toBe(4);
    expect(rank.z!).toBeGreaterThan(0); // lower rank is better: 4 is good news
  });

  it('gives each driver\'s baseline mean and sd beside the view, which stays what evaluateKpi returns', () => {
    const detailed = evaluateKpiDetailed(spec, (metric) => series.get(metric), now);
    expect(detailed.view).toEqual(view);
    const baseline = [8, 7, 6, 5, 4, 3, 2, 1].map((w) => 3 * (100 + (w % 3) * 10));
    const mean = baseline.reduce((a, b) => a + b) / 8;
    const sd = Math.sqrt(baseline.reduce((a, b) => a + (b - mean) ** 2, 0) / 7);
    expect(detailed.driverBaselines['traffic']!.mean).toBeCloseTo(mean, 12);
    expect(detailed.driverBaselines['traffic']!.sd).toBeCloseTo(sd, 12);
    // The z the view prints is (value − mean) / sd against exactly that baseline: "▼ 53%" on a tile.
    expect(view.drivers.find((d) => d.metric === 'traffic')!.z).toBeCloseTo((150 - mean) / sd, 12);
    expect(detailed.driverBaselines['rank']!.mean).toBeCloseTo(5.5, 12); // weeks alternate 5 and 6
    expect(detailed.driverBaselines['flat']).toEqual({ mean: 21, sd: 0 }); // 3 days × 7, no spread: no z
    expect(detailed.driverBaselines['missing']).toEqual({ mean: null, sd: null }); // never any data
  });

  it('lists the most adverse driver first and those without z last, in layout order', () => {
    expect(view.drivers.map((d) => d.metric)).toEqual(['traffic', 'rank', 'flat', 'missing']);
    expect(view.drivers[2]!.z).toBeNull(); // sd 0
    expect(view.drivers[3]).toEqual({ metric: 'missing', value: 0, z: null });
  });
});

describe('evaluateMetric and lastPointTime', () => {
  it('gives the metric view without target fields', () => {
    const series = seriesFrom([[at('2024-04-15T10:00:00Z'), 5], [at('2024-04-16T10:00:00Z'), 7]]);
    const view = evaluateMetric(
      { metric: 'm', better: 'higher', aggregate: 'last', period: 'day', staleAfterMs: HOUR, trend: { bucket: 'day', window: 3, fill: 'gap' }, calendar: UTC },
      series,
      at('2024-04-16T10:30:00Z'),
    );
    expect(view).toEqual({
      value: 7,
      n: 1,
      period: { start: '2024-04-16T00:00:00.000Z', end: '2024-04-17T00:00:00.000Z', elapsed: 10.5 / 24 },
      previous: { value: 5, delta: 2, pct: 0.4, favorable: true }, // yesterday up to 10:30: the 10:00 point
      stale: false,
      trend: { direction: 'insufficient', slopePerDay: null, lsSlopePerDay: null, p: null, confidence: null, improving: null },
      spark: { values: [null, null, 5], norm: [null, null, 0.5] },
    });
    expect(lastPointTime(series)).toBe(at('2024-04-16T10:00:00Z'));
  });
});

describe('evaluateKpi: properties', () => {
  const spec = kpiSpec({ aggregate: 'sum', target: 500, period: 'week', trend: { bucket: 'day', window: 10, fill: 'gap' }, drivers: [{ metric: 'm', better: 'higher', aggregate: 'mean' }] });
  const now = at('2024-04-17T15:00:00Z');
  const rawPoints = fc.array(
    fc.record({ t: fc.integer({ min: now - 40 * DAY, max: now + DAY }), v: fc.oneof(fc.integer({ min: -50, max: 200 }), fc.constant(null)) }),
    { maxLength: 120 },
  );
  const evaluate = (raw: RawPoint[], kpi: KpiSpec) => evaluateKpi(kpi, only(cleanPoints('m', raw).series), now);

  it('does not depend on the order points arrive in (distinct times)', () => {
    fc.assert(
      fc.property(rawPoints, fc.integer(), (raw, seed) => {
        const distinct = [...new Map(raw.map((p) => [p.t, p])).values()];
        const shuffled = [...distinct].sort((a, b) => (((a.t ^ seed) * 2654435761) % 997) - (((b.t ^ seed) * 2654435761) % 997));
        expect(evaluate(shuffled, spec)).toEqual(evaluate(distinct, spec));
      }),
      { numRuns: 60 },
    );
  });

  it('flipping better mirrors gap and attainment (attainment\' = 2 - attainment)', () => {
    fc.assert(
      fc.property(rawPoints, (raw) => {
        const higher = evaluate(raw, spec);
        const lower = evaluate(raw, { ...spec, better: 'lower' });
        if (higher.gap === null) expect(lower.gap).toBeNull();
        else expect(lower.gap).toBeCloseTo(-higher.gap, 9);
        if (higher.attainment === null) expect(lower.attainment).toBeNull();
        else expect(lower.attainment!).toBeCloseTo(2 - higher.attainment, 9);
      }),
      { numRuns: 60 },
    );
  });
});

describe('evaluateKpi: DST days', () => {
  it('paces a day KPI over the 25 hours of the autumn DST day in Europe/Berlin', () => {
    const now = at('2024-10-27T12:00:00+01:00'); // 13 real hours after local midnight (+02:00)
    const series = seriesFrom([[at('2024-10-27T01:00:00+02:00'), 520]]);
    const view = evaluateKpi(kpiSpec({ period: 'day', target: 1000, calendar: BERLIN }), only(series), now);
    expect(view.period).toEqual({ start: '2024-10-26T22:00:00.000Z', end: '2024-10-27T23:00:00.000Z', elapsed: 13 / 25 });
    expect(view.pace!.expected).toBeCloseTo(520, 9);
    expect(view.pace!.attainment).toBeCloseTo(1, 12);
    expect(view.status).toBe('on_track');
  });

  it('starts the day at 01:00 when midnight does not exist (America/Santiago, 8 Sep 2024)', () => {
    const santiago = { timeZone: 'America/Santiago', weekStart: 1, fiscalYearStart: 1 };
    const series = seriesFrom([
      [at('2024-09-08T03:59:00Z'), 1000], // 23:59 on the 7th (-04:00)
      [at('2024-09-08T04:00:00Z'), 5], // 01:00 on the 8th (-03:00), the first instant of the day
      [at('2024-09-08T05:00:00Z'), 7],
    ]);
    const view = evaluateKpi(kpiSpec({ period: 'day', target: null, calendar: santiago }), only(series), at('2024-09-08T15:30:00Z'));
    expect(view.value).toBe(12);
    expect(view.period.start).toBe('2024-09-08T04:00:00.000Z');
    expect(view.period.elapsed).toBeCloseTo(11.5 / 23, 12);
  });
});
