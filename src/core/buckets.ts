import { createMemo } from './memo.js';
import { periodAt, periodRange } from './periods.js';
import type { Calendar, PeriodUnit, Window } from './types.js';

/** The most buckets a trend or sparkline looks back over; a larger `trend.window` is cut to this. */
export const MAX_TREND_BUCKETS = 1000;

/** How many bucket lists are remembered between frames (they change once a bucket is complete). */
export const BUCKET_MEMO_SIZE = 512;

const remembered = createMemo<readonly Window[]>(BUCKET_MEMO_SIZE);

/**
 * The last `count` complete calendar buckets of `unit` before the bucket holding `now`, oldest
 * first (KPI-SPEC §8: a partial bucket would fake a fall every morning). At most MAX_TREND_BUCKETS.
 * This runs in `O(count)`, and `O(1)` again for the same bucket, count and calendar (memoised).
 *
 * @example completeBucketsBefore('day', Date.parse('2024-03-16T12:00Z'), 2, { timeZone: 'UTC', weekStart: 1, fiscalYearStart: 1 })
 * // [{ start: 14 March 00:00Z, end: 15 March 00:00Z }, { start: 15 March 00:00Z, end: 16 March 00:00Z }]
 */
export function completeBucketsBefore(unit: PeriodUnit, now: number, count: number, calendar: Calendar): Window[] {
  const wanted = Number.isFinite(count) ? Math.min(MAX_TREND_BUCKETS, Math.max(0, Math.floor(count))) : 0;
  return periodsBefore(unit, periodAt(unit, now, calendar), wanted, calendar);
}

/**
 * The `count` periods of `unit` just before the period `window`, oldest first (`count` a whole
 * number ≥ 0). Memoised: the same request on the next frame is a table lookup.
 * This runs in `O(count)`, `O(1)` when remembered.
 *
 * @example periodsBefore('month', march, 2, calendar) // [January, February]
 */
export function periodsBefore(unit: PeriodUnit, window: Window, count: number, calendar: Calendar): Window[] {
  if (count <= 0) return [];
  const key = `${unit} ${window.start} ${count} ${calendar.timeZone} ${calendar.weekStart} ${calendar.fiscalYearStart}`;
  const periods = remembered.get(key) ?? remembered.set(key, periodRange(unit, window, -count, -1, calendar));
  return periods.slice();
}
