// Shared builders for the core tests: series from [time, value] pairs, calendars, a KPI spec.
import { DEFAULT_THRESHOLDS } from '../../src/core/status.js';
import type { Calendar, KpiSpec, Series } from '../../src/core/types.js';
import { seeded } from '../../scripts/seeded.mjs';
export { seeded };

export const UTC: Calendar = { timeZone: 'UTC', weekStart: 1, fiscalYearStart: 1 };
export const BERLIN: Calendar = { timeZone: 'Europe/Berlin', weekStart: 1, fiscalYearStart: 1 };
export const HOUR = 3_600_000;
export const DAY = 86_400_000;

/** A Series from `[time, value]` pairs already in time order; null becomes a gap. */
export function seriesFrom(points: readonly (readonly [number, number | null])[]): Series {
  return {
    times: Float64Array.from(points.map(([t]) => t)),
    values: Float64Array.from(points.map(([, v]) => (v === null ? Number.NaN : v))),
  };
}

/** Epoch ms of an ISO text (with offset or Z). */
export function at(text: string): number {
  const time = Date.parse(text);
  if (Number.isNaN(time)) throw new Error(`bad test time ${text}`);
  return time;
}

/** A KPI spec with the defaults of DESIGN.md, overridden by `changes`. */
export function kpiSpec(changes: Partial<KpiSpec> = {}): KpiSpec {
  return {
    id: 'k',
    metric: 'm',
    better: 'higher',
    aggregate: 'sum',
    period: 'month',
    target: 100,
    thresholds: DEFAULT_THRESHOLDS,
    staleAfterMs: 2 * HOUR,
    trend: { bucket: 'day', window: 14, fill: 'gap' },
    drivers: [],
    baseline: 8,
    calendar: UTC,
    minElapsed: 0.1,
    ...changes,
  };
}

