/**
 * The shapes the KPI core works on and returns. Plain data only: no clock, no I/O, no canvas.
 * Times inside the core are instants in epoch milliseconds; views carry ISO 8601 UTC strings.
 */

export type Better = 'higher' | 'lower';
export type Aggregate = 'sum' | 'count' | 'mean' | 'median' | 'min' | 'max' | 'last';
export type PeriodUnit = 'day' | 'week' | 'month' | 'quarter' | 'year';
export type Status = 'on_track' | 'at_risk' | 'off_track' | 'early' | 'no_data' | 'unknown';
export type TrendDirection = 'up' | 'down' | 'flat' | 'insufficient';

/** A point as received (file row or push), before cleaning. `v` null/NaN/±Infinity become gaps. */
export interface RawPoint {
  readonly t: number;
  readonly v: number | null;
}

/**
 * A cleaned metric series: times strictly ascending (duplicates resolved, last received wins),
 * values NaN where the point is a gap. Typed arrays so a year of one-minute data stays cheap.
 */
export interface Series {
  readonly times: Float64Array;
  readonly values: Float64Array;
}

/** A problem with the data that does not stop evaluation (KPI-SPEC §1). */
export interface DataWarning {
  readonly metric: string;
  /** ISO 8601 UTC, or null when the time itself was unusable. */
  readonly time: string | null;
  readonly why: string;
}

/** How calendar periods are cut: an IANA zone, the first day of the week, the fiscal year start. */
export interface Calendar {
  readonly timeZone: string;
  /** ISO weekday 1 = Monday … 7 = Sunday. */
  readonly weekStart: number;
  /** Month 1-12 in which years and quarters start. */
  readonly fiscalYearStart: number;
}

/** A half-open window [start, end) in epoch ms. */
export interface Window {
  readonly start: number;
  readonly end: number;
}

/** One threshold step: scores at or above `from` (and below the next step) get `status`. */
export interface ThresholdStep {
  readonly status: 'on_track' | 'at_risk' | 'off_track';
  readonly from: number;
}

/** A KPI with every default applied (the layout loader resolves the file into this). */
export interface KpiSpec {
  readonly id: string;
  readonly metric: string;
  readonly better: Better;
  readonly aggregate: Aggregate;
  readonly period: PeriodUnit;
  /** null when the KPI has no target. */
  readonly target: number | null;
  /** Ascending by `from`; the first step's `from` is -Infinity. */
  readonly thresholds: readonly ThresholdStep[];
  /** Milliseconds after which the newest point is stale. */
  readonly staleAfterMs: number;
  readonly trend: { readonly bucket: PeriodUnit; readonly window: number; readonly fill: 'gap' | 'zero' };
  readonly drivers: readonly DriverSpec[];
  /** How many previous periods the drivers are judged against. */
  readonly baseline: number;
  readonly calendar: Calendar;
  /** Fraction of the period before pace is judged (status `early`). */
  readonly minElapsed: number;
}

export interface DriverSpec {
  readonly metric: string;
  readonly better: Better;
  readonly aggregate: Aggregate;
}

/** The KPI as `eval` prints it: exactly the fields of DESIGN.md. */
export interface KpiView {
  readonly value: number | null;
  readonly n: number;
  readonly target: number | null;
  readonly gap: number | null;
  readonly gapPct: number | null;
  readonly attainment: number | null;
  readonly period: { readonly start: string; readonly end: string; readonly elapsed: number };
  readonly previous: {
    readonly value: number | null;
    readonly delta: number | null;
    readonly pct: number | null;
    readonly favorable: boolean | null;
  };
  readonly pace: { readonly expected: number; readonly projected: number; readonly attainment: number | null } | null;
  readonly status: Status;
  readonly stale: boolean;
  readonly trend: {
    readonly direction: TrendDirection;
    readonly slopePerDay: number | null;
    readonly lsSlopePerDay: number | null;
    readonly p: number | null;
    readonly confidence: 'high' | 'low' | null;
    readonly improving: boolean | null;
  };
  readonly spark: { readonly values: readonly (number | null)[]; readonly norm: readonly (number | null)[] };
  readonly drivers: readonly { readonly metric: string; readonly value: number | null; readonly z: number | null }[];
}

/** A plain metric tile: its value over the current period, the change, a sparkline and trend. */
export interface MetricView {
  readonly value: number | null;
  readonly n: number;
  readonly period: KpiView['period'];
  readonly previous: KpiView['previous'];
  readonly stale: boolean;
  readonly trend: KpiView['trend'];
  readonly spark: KpiView['spark'];
}
