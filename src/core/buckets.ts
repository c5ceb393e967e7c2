import { periodAt, shiftPeriod } from './periods.js';
import type { Calendar, PeriodUnit, Window } from './types.js';

/** The most buckets a trend or sparkline looks back over; a larger `trend.window` is cut to this. */
export const MAX_TREND_BUCKETS = 1000;

/**
 * The last `count` complete calendar buckets of `unit` before the bucket holding `now`, oldest
 * first (KPI-SPEC §8: a partial bucket would fake a fall every morning). At most MAX_TREND_BUCKETS.
 * This runs in `O(count)`.
 *
 * @example completeBucketsBefore('day', Date.parse('2024-03-16T12:00Z'), 2, { timeZone: 'UTC', weekStart: 1, fiscalYearStart: 1 })
 * // [{ start: 14 March 00:00Z, end: 15 March 00:00Z }, { start: 15 March 00:00Z, end: 16 March 00:00Z }]
 */
export function completeBucketsBefore(unit: PeriodUnit, now: number, count: number, calendar: Calendar): Window[] {
  const current = periodAt(unit, now, calendar);
  const buckets: Window[] = [];
  const wanted = Number.isFinite(count) ? Math.min(MAX_TREND_BUCKETS, Math.max(0, Math.floor(count))) : 0;
  for (let back = wanted; back >= 1; back--) buckets.push(shiftPeriod(unit, current, -back, calendar));
  return buckets;
}
