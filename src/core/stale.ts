import type { Series } from './types.js';
import { lowerBound } from './search.js';

/**
 * The time of the newest non-gap point of `series` at or before `atOrBefore` (default: any time),
 * or null when there is none. The screen uses it for "no data since 14:05".
 * This runs in `O(log n)` plus the gaps skipped at the end.
 *
 * @example lastPointTime({ times: new Float64Array([1, 2, 3]), values: new Float64Array([5, 6, NaN]) }) // 2
 */
export function lastPointTime(series: Series | undefined, atOrBefore: number = Infinity): number | null {
  if (series === undefined) return null;
  let end = atOrBefore === Infinity ? series.times.length : lowerBound(series.times, atOrBefore);
  if (end < series.times.length && series.times[end] === atOrBefore) end++;
  for (let i = end - 1; i >= 0; i--) if (series.values[i] === series.values[i]) return series.times[i]!;
  return null;
}

/**
 * Whether a metric is stale at `now` (KPI-SPEC §7): its newest point is older than `staleAfterMs`,
 * or it has no point at all. This runs in `O(1)`.
 *
 * @example isStale(Date.parse('2024-03-16T10:00Z'), Date.parse('2024-03-16T13:00Z'), 2 * 3600_000) // true
 */
export function isStale(lastPointAt: number | null, now: number, staleAfterMs: number): boolean {
  if (lastPointAt === null) return true;
  return now - lastPointAt > staleAfterMs;
}
