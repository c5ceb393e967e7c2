import { aggregate, isAdditive } from './aggregate.js';
import { completeBucketsBefore, periodsBefore } from './buckets.js';
import { baselineOf, MAX_BASELINE_PERIODS, orderDrivers, zAgainst, type DriverBaseline, type DriverView } from './drivers.js';
import { paceOf } from './pace.js';
import { elapsedFraction, elapsedPart, periodAt, shiftPeriod } from './periods.js';
import { compareWithPrevious } from './previous.js';
import { sparkline } from './spark.js';
import { isStale, lastPointTime } from './stale.js';
import { statusOf } from './status.js';
import { distanceToTarget } from './target.js';
import { trendOf } from './trend.js';
import type { Aggregate, Better, Calendar, KpiSpec, KpiView, MetricView, PeriodUnit, Series, Window } from './types.js';

export { lastPointTime } from './stale.js';

/** What a plain metric tile needs: the KPI fields that do not involve a target. */
export interface MetricSpec {
  readonly metric: string;
  readonly better: Better;
  readonly aggregate: Aggregate;
  readonly period: PeriodUnit;
  readonly staleAfterMs: number;
  readonly trend: KpiSpec['trend'];
  readonly calendar: Calendar;
}

const DAY_MS = 86_400_000;

/** ISO 8601 UTC text of an instant. */
function iso(instant: number): string {
  return new Date(instant).toISOString();
}

/** Whether `series` has any point (a gap counts: the metric was being sent) before `instant`. */
function existedBefore(series: Series | undefined, instant: number): boolean {
  return series !== undefined && series.times.length > 0 && series.times[0]! < instant;
}

/**
 * The aggregate over the same elapsed part of a previous period; null when the metric had no point
 * yet by then (so a new metric does not show "+100 % against nothing").
 */
function valueOverPart(kind: Aggregate, series: Series | undefined, part: Window): number | null {
  if (!existedBefore(series, part.end)) return null;
  return aggregate(kind, series, part).value;
}

/** The trend and sparkline of `series` over the trend buckets before `now`. */
function trendAndSpark(spec: MetricSpec, series: Series | undefined, now: number): Pick<MetricView, 'trend' | 'spark'> {
  const buckets = completeBucketsBefore(spec.trend.bucket, now, spec.trend.window, spec.calendar);
  const values: (number | null)[] = [];
  const xs: number[] = [];
  const ys: number[] = [];
  const origin = buckets[0]?.start ?? 0;
  for (const bucket of buckets) {
    const { value, n } = aggregate(spec.aggregate, series, bucket);
    const present = n > 0 && value !== null;
    values.push(present ? value : null);
    if (present) {
      xs.push((bucket.start - origin) / DAY_MS);
      ys.push(value);
    }
  }
  const analysis = trendOf(xs, ys, spec.better);
  const trend: KpiView['trend'] = {
    direction: analysis.direction,
    slopePerDay: analysis.slopePerDay,
    lsSlopePerDay: analysis.lsSlopePerDay,
    p: analysis.p,
    confidence: analysis.confidence,
    improving: analysis.improving,
  };
  return { trend, spark: sparkline(values, spec.trend.fill) };
}

/**
 * A plain metric tile at `now` (KPI-SPEC §2, 3, 5, 7 staleness, 8, 9): the period-to-date value
 * `[start, now)` in `calendar`, the change against the same elapsed part of the previous period,
 * staleness, trend and sparkline. Never throws on data; throws a RangeError only for what the
 * layout loader and the clock guarantee: a known time zone, week/fiscal starts in range, a finite
 * `now`. This runs in `O(log n + m)` for m points in the period and trend buckets.
 *
 * @example evaluateMetric({ metric: 'leads', better: 'higher', aggregate: 'sum', period: 'day', staleAfterMs: 7200000, trend: { bucket: 'day', window: 14, fill: 'gap' }, calendar }, series, Date.now())
 */
export function evaluateMetric(spec: MetricSpec, series: Series | undefined, now: number): MetricView {
  return metricIn(spec, series, now, periodAt(spec.period, now, spec.calendar));
}

/** evaluateMetric for the period `window` already found to hold `now` (a KPI needs the window too). */
function metricIn(spec: MetricSpec, series: Series | undefined, now: number, window: Window): MetricView {
  const elapsed = elapsedFraction(window, now);
  const current = aggregate(spec.aggregate, series, { start: window.start, end: now });
  const previousPart = elapsedPart(shiftPeriod(spec.period, window, -1, spec.calendar), elapsed);
  const previous = compareWithPrevious(current.value, valueOverPart(spec.aggregate, series, previousPart), spec.better);
  return {
    value: current.value,
    n: current.n,
    period: { start: iso(window.start), end: iso(window.end), elapsed },
    previous,
    stale: isStale(lastPointTime(series, now), now, spec.staleAfterMs),
    ...trendAndSpark(spec, series, now),
  };
}

/** Each driver's value now, its z against the same elapsed part of `baseline` previous periods, and that baseline. */
function driversOf(
  spec: KpiSpec,
  seriesOf: (metric: string) => Series | undefined,
  window: Window,
  elapsed: number,
  now: number,
): { views: DriverView[]; baselines: Record<string, DriverBaseline> } {
  const periods = Number.isFinite(spec.baseline) ? Math.min(MAX_BASELINE_PERIODS, Math.max(0, Math.floor(spec.baseline))) : 0;
  const previousParts = periodsBefore(spec.period, window, periods, spec.calendar).map((period) => elapsedPart(period, elapsed));
  const baselines: Record<string, DriverBaseline> = {};
  const views = spec.drivers.map((driver): DriverView => {
    const series = seriesOf(driver.metric);
    const value = aggregate(driver.aggregate, series, { start: window.start, end: now }).value;
    const values: number[] = [];
    for (const part of previousParts) {
      const past = valueOverPart(driver.aggregate, series, part);
      if (past !== null) values.push(past);
    }
    const baseline = baselineOf(values);
    baselines[driver.metric] = { mean: baseline.mean, sd: baseline.sd };
    return { metric: driver.metric, value, z: zAgainst(value, baseline, driver.better) };
  });
  return { views: orderDrivers(views), baselines };
}

/** A KPI's view and, per driver metric, the baseline its z was judged against (for "▼ 25%"). */
export interface KpiEvaluation {
  readonly view: KpiView;
  readonly driverBaselines: Readonly<Record<string, DriverBaseline>>;
}

/**
 * A KPI at `now`, exactly the view `eval` prints (KPI-SPEC §2-10): period-to-date value and n,
 * distance to target, change against the previous period, pace (additive aggregates with a
 * target only), status, staleness, trend, sparkline and drivers (most adverse first).
 * `seriesOf` returns the cleaned series of a metric, undefined when there is none (no data).
 * Never throws on data; throws a RangeError only for an invalid calendar or a non-finite `now`,
 * which the layout loader and the clock rule out.
 * This runs in `O((1 + d × b) × (log n + m))` for d drivers, b baseline periods, m points a period.
 *
 * @example evaluateKpi(spec, (metric) => seriesByMetric.get(metric), Date.parse('2024-03-15T23:00:00Z'))
 */
export function evaluateKpi(spec: KpiSpec, seriesOf: (metric: string) => Series | undefined, now: number): KpiView {
  return evaluateKpiDetailed(spec, seriesOf, now).view;
}

/**
 * evaluateKpi with each driver's baseline mean and sd beside the view (the view stays exactly
 * what `eval` prints), so a tile can say how far a likely cause is from usual: "▼ 25%".
 * Same cost and guarantees as evaluateKpi.
 *
 * @example evaluateKpiDetailed(spec, seriesOf, now).driverBaselines['conversion_rate']?.mean
 */
export function evaluateKpiDetailed(spec: KpiSpec, seriesOf: (metric: string) => Series | undefined, now: number): KpiEvaluation {
  const window = periodAt(spec.period, now, spec.calendar);
  const metric = metricIn(spec, seriesOf(spec.metric), now, window);
  const value = metric.value; // sum and count are 0 on no data, the others null (KPI-SPEC §3)
  const distance = distanceToTarget(value, spec.target, spec.better);
  const paced = isAdditive(spec.aggregate) && spec.target !== null;
  const pace = paced ? paceOf(value, spec.target, metric.period.elapsed, spec.better) : null;
  const score = paced ? (pace?.attainment ?? null) : distance.attainment;
  const status = statusOf(
    { n: metric.n, target: spec.target, score, paced, elapsed: metric.period.elapsed, minElapsed: spec.minElapsed },
    spec.thresholds,
  );
  const drivers = driversOf(spec, seriesOf, window, metric.period.elapsed, now);
  const view: KpiView = {
    value: metric.value,
    n: metric.n,
    target: spec.target,
    gap: distance.gap,
    gapPct: distance.gapPct,
    attainment: distance.attainment,
    period: metric.period,
    previous: metric.previous,
    pace,
    status,
    stale: metric.stale,
    trend: metric.trend,
    spark: metric.spark,
    drivers: drivers.views,
  };
  return { view, driverBaselines: drivers.baselines };
}
