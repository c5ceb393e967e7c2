// Shared builders for the core tests: series from [time, value] pairs, calendars, a KPI spec.
import { DEFAULT_THRESHOLDS } from '../../src/core/status.js';
import type { Calendar, KpiSpec, Series } from '../../src/core/types.js';

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

/** A tiny seeded generator (mulberry32) so random inputs repeat run to run. */
export function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
