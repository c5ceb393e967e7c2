import { DateTime, IANAZone } from 'luxon';

/** How many computed midnights are remembered (zone + date → instant); the map is cleared when full. */
export const MIDNIGHT_CACHE_SIZE = 4096;

const remembered = new Map<string, number>();

/** How far either side of a candidate instant we look for another UTC offset (DST shifts are < 3 h). */
const OFFSET_PROBE_MS = 6 * 3_600_000;

/**
 * The first instant of a local calendar date in an IANA zone: 00:00, or when midnight is skipped
 * by DST the first instant that exists (luxon moves a skipped time forward), and when midnight
 * happens twice, the earlier one (luxon alone may pick the later). Month/day overflow is allowed
 * (`day: 32` of January is 1 February) because the date is normalised by luxon first.
 * This runs in `O(1)`; results are memoised (a pure function of its arguments) because luxon's
 * zone arithmetic costs about 0.1 ms a call and trend buckets ask for the same dates each frame.
 *
 * @example localMidnight('Europe/Berlin', 2024, 3, 31) // 1711839600000 (2024-03-30T23:00:00Z)
 */
export function localMidnight(timeZone: string, year: number, month: number, day: number): number {
  const key = `${timeZone} ${year} ${month} ${day}`;
  const known = remembered.get(key);
  if (known !== undefined) return known;
  const instant = computeLocalMidnight(timeZone, year, month, day);
  if (remembered.size >= MIDNIGHT_CACHE_SIZE) remembered.clear();
  remembered.set(key, instant);
  return instant;
}

/** localMidnight without the memo. */
function computeLocalMidnight(timeZone: string, year: number, month: number, day: number): number {
  const date = DateTime.utc(year, 1, 1).plus({ months: month - 1, days: day - 1 });
  const candidate = DateTime.fromObject({ year: date.year, month: date.month, day: date.day }, { zone: timeZone }).toMillis();
  const zone = IANAZone.create(timeZone);
  const offsetHere = zone.offset(candidate);
  const wallClock = candidate + offsetHere * 60_000;
  if (DateTime.fromMillis(candidate, { zone: timeZone }).hour !== 0) return candidate; // skipped midnight
  let earliest = candidate;
  for (const probe of [candidate - OFFSET_PROBE_MS, candidate + OFFSET_PROBE_MS]) {
    const offset = zone.offset(probe);
    const instant = wallClock - offset * 60_000;
    if (zone.offset(instant) === offset && instant < earliest) earliest = instant;
  }
  return earliest;
}
