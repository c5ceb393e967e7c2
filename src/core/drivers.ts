import { directionSign } from './target.js';
import type { Better, KpiView } from './types.js';

/** The most previous periods drivers are judged against; a larger `baseline` is cut to this. */
export const MAX_BASELINE_PERIODS = 100;

/** Fewer baseline values than this: no z (KPI-SPEC §10). */
export const MIN_BASELINE_VALUES = 3;

/** A driver's z at or below this names it a likely cause of an at_risk/off_track KPI. */
export const LIKELY_CAUSE_Z = -1;

export type DriverView = KpiView['drivers'][number];

/**
 * The sample standard deviation (n - 1 in the denominator) of `values`; null for fewer than 2.
 * This runs in `O(n)`.
 *
 * @example sampleStandardDeviation([2, 4, 4, 4, 5, 5, 7, 9]) // 2.138…
 */
export function sampleStandardDeviation(values: readonly number[]): number | null {
  const n = values.length;
  if (n < 2) return null;
  let mean = 0;
  for (const value of values) mean += value;
  mean /= n;
  let squares = 0;
  for (const value of values) squares += (value - mean) * (value - mean);
  return Math.sqrt(squares / (n - 1));
}

/** A driver's baseline: the mean and sample sd of its values over the previous periods (null when too few). */
export interface DriverBaseline {
  /** Mean of the finite baseline values; null when there is none. */
  readonly mean: number | null;
  /** Sample standard deviation; null for fewer than 2 values. */
  readonly sd: number | null;
}

/**
 * The mean and sample sd of the finite values of `baseline` (non-finite ones are skipped).
 * This runs in `O(n)`.
 *
 * @example baselineOf([100, 110, 90, 100]) // { mean: 100, sd: 8.16… }
 */
export function baselineOf(baseline: readonly number[]): DriverBaseline & { readonly n: number } {
  const usable = baseline.filter((entry) => Number.isFinite(entry));
  const mean = usable.length === 0 ? null : usable.reduce((total, entry) => total + entry, 0) / usable.length;
  return { mean, sd: sampleStandardDeviation(usable), n: usable.length };
}

/**
 * How unusual a driver's current value is against its baseline, signed so that negative is
 * adverse (KPI-SPEC §10): `z = s × (value - mean) / sd` with the sample sd of `baseline`.
 * Null when the value is null, with fewer than 3 baseline values, or when sd is 0.
 * This runs in `O(n)`.
 *
 * @example driverZ(70, [100, 110, 90, 100], 'higher') // -3.67…
 */
export function driverZ(value: number | null, baseline: readonly number[], better: Better): number | null {
  return zAgainst(value, baselineOf(baseline), better);
}

/** The z of `value` against a baseline already summarised by `baselineOf` (see driverZ). */
export function zAgainst(value: number | null, baseline: DriverBaseline & { readonly n: number }, better: Better): number | null {
  if (value === null || !Number.isFinite(value)) return null;
  if (baseline.n < MIN_BASELINE_VALUES || baseline.mean === null) return null;
  const sd = baseline.sd;
  if (sd === null || !(sd > 0)) return null;
  return (directionSign(better) * (value - baseline.mean)) / sd;
}

/**
 * Drivers most adverse first (lowest z), those without a z last in their layout order.
 * The sort is stable, so equal z keep layout order too. This runs in `O(k log k)`.
 *
 * @example orderDrivers([{ metric: 'a', value: 1, z: 0.5 }, { metric: 'b', value: 1, z: null }, { metric: 'c', value: 1, z: -2 }]).map((d) => d.metric) // ['c', 'a', 'b']
 */
export function orderDrivers(drivers: readonly DriverView[]): DriverView[] {
  return [...drivers].sort((a, b) => {
    if (a.z === null || b.z === null) return (a.z === null ? 1 : 0) - (b.z === null ? 1 : 0);
    return a.z - b.z;
  });
}

/**
 * The drivers a tile names as likely causes: those with z ≤ -1, but only when the KPI is
 * `at_risk` or `off_track` (KPI-SPEC §10). This runs in `O(k)`.
 *
 * @example likelyCauses({ status: 'off_track', drivers: [{ metric: 'traffic', value: 10, z: -2.1 }] }) // ['traffic']
 */
export function likelyCauses(view: Pick<KpiView, 'status' | 'drivers'>): string[] {
  if (view.status !== 'at_risk' && view.status !== 'off_track') return [];
  return view.drivers.filter((driver) => driver.z !== null && driver.z <= LIKELY_CAUSE_Z).map((driver) => driver.metric);
}
