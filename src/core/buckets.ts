import { periodAt, shiftPeriod } from './periods.js';
import type { Calendar, PeriodUnit, Window } from './types.js';

/**
 * The last `count` complete calendar buckets of `unit` before the bucket holding `now`, oldest
 * first (KPI-SPEC §8: a partial bucket would fake a fall every morning). This runs in `O(count)`.
 *
 * @example completeBucketsBefore('day', Date.parse('2024-03-16T12:00Z'), 2, { timeZone: 'UTC', weekStart: 1, fiscalYearStart: 1 })
 * // [{ start: 14 March 00:00Z, end: 15 March 00:00Z }, { start: 15 March 00:00Z, end: 16 March 00:00Z }]
 */
export function completeBucketsBefore(unit: PeriodUnit, now: number, count: number, calendar: Calendar): Window[] {
  const current = periodAt(unit, now, calendar);
  const buckets: Window[] = [];
  for (let back = Math.max(0, Math.floor(count)); back >= 1; back--) buckets.push(shiftPeriod(unit, current, -back, calendar));
  return buckets;
}
