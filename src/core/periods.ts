import { DateTime, IANAZone } from 'luxon';
import { localMidnight } from './local-midnight.js';
import type { Calendar, PeriodUnit, Window } from './types.js';

/** The calendar used when a layout says nothing: UTC, ISO weeks (Monday), years from January. */
export const DEFAULT_CALENDAR: Calendar = { timeZone: 'UTC', weekStart: 1, fiscalYearStart: 1 };

/** Instants the calendar works with: about ±272,000 years, inside JavaScript's Date range with room to shift. */
export const MAX_INSTANT_MS = 8.6e15;

/** How many zone names' validity is remembered (luxon's check costs ~40 µs and is asked every call). */
export const ZONE_CACHE_SIZE = 256;

const zoneValidity = new Map<string, boolean>();

/** A local calendar date (no time, no zone): the unit periods are cut in. */
interface LocalDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

/**
 * Whether `name` is an IANA time zone this runtime knows (`Europe/Berlin`, `UTC`).
 * Layouts check it at load time so a typo never reaches the draw loop (KPI-SPEC §2).
 * This runs in `O(1)`.
 *
 * @example isValidTimeZone('Europe/Berlin') // true
 * @example isValidTimeZone('Europe/Berln') // false
 */
export function isValidTimeZone(name: string): boolean {
  if (typeof name !== 'string' || name.length === 0) return false;
  const known = zoneValidity.get(name);
  if (known !== undefined) return known;
  const valid = IANAZone.isValidZone(name);
  if (zoneValidity.size >= ZONE_CACHE_SIZE) zoneValidity.clear();
  zoneValidity.set(name, valid);
  return valid;
}

/**
 * Throws a readable error for a calendar the layout loader should have rejected: an unknown zone,
 * a week start outside 1-7 or a fiscal year start outside 1-12. This runs in `O(1)`.
 */
export function checkCalendar(calendar: Calendar): void {
  if (!isValidTimeZone(calendar.timeZone)) throw new RangeError(`unknown time zone "${calendar.timeZone}"; use an IANA name such as Europe/Berlin`);
  if (!Number.isInteger(calendar.weekStart) || calendar.weekStart < 1 || calendar.weekStart > 7) {
    throw new RangeError(`week_start must be a whole number 1-7 (1 = Monday, 7 = Sunday); got ${calendar.weekStart}`);
  }
  if (!Number.isInteger(calendar.fiscalYearStart) || calendar.fiscalYearStart < 1 || calendar.fiscalYearStart > 12) {
    throw new RangeError(`fiscal_year_start must be a month number 1-12; got ${calendar.fiscalYearStart}`);
  }
}

const UNITS: readonly PeriodUnit[] = ['day', 'week', 'month', 'quarter', 'year'];

/** Throws a readable error for a period unit that is not day, week, month, quarter or year. */
function checkUnit(unit: PeriodUnit): void {
  if (!UNITS.includes(unit)) throw new RangeError(`unknown period "${String(unit)}"; use one of ${UNITS.join(', ')}`);
}

/** The first local date of the period of `unit` holding local date `date`. */
function firstDateOf(unit: PeriodUnit, date: LocalDate, calendar: Calendar): LocalDate {
  switch (unit) {
    case 'day':
      return date;
    case 'week': {
      const weekday = DateTime.utc(date.year, date.month, date.day).weekday; // ISO 1..7
      const back = (weekday - calendar.weekStart + 7) % 7;
      return { year: date.year, month: date.month, day: date.day - back };
    }
    case 'month':
      return { year: date.year, month: date.month, day: 1 };
    case 'quarter':
    case 'year': {
      const monthsIntoYear = (date.month - calendar.fiscalYearStart + 12) % 12;
      const back = unit === 'year' ? monthsIntoYear : monthsIntoYear % 3;
      return { year: date.year, month: date.month - back, day: 1 };
    }
  }
}

/** Calendar length of one period of `unit`, as a luxon duration object. */
function lengthOf(unit: PeriodUnit): { days?: number; months?: number } {
  switch (unit) {
    case 'day':
      return { days: 1 };
    case 'week':
      return { days: 7 };
    case 'month':
      return { months: 1 };
    case 'quarter':
      return { months: 3 };
    case 'year':
      return { months: 12 };
  }
}

/** `date` moved by `count` periods of `unit` on the calendar (no zone involved). */
function moveDate(unit: PeriodUnit, date: LocalDate, count: number): LocalDate {
  const length = lengthOf(unit);
  // Months first, then days: the first of a month plus whole months stays on the first.
  const moved = DateTime.utc(date.year, 1, 1).plus({
    months: date.month - 1 + (length.months ?? 0) * count,
    days: date.day - 1 + (length.days ?? 0) * count,
  });
  return { year: moved.year, month: moved.month, day: moved.day };
}

/** The window whose first local date is `first` (already aligned to `unit`). */
function windowFrom(unit: PeriodUnit, first: LocalDate, calendar: Calendar): Window {
  const normal = moveDate(unit, first, 0);
  const next = moveDate(unit, normal, 1);
  return {
    start: localMidnight(calendar.timeZone, normal.year, normal.month, normal.day),
    end: localMidnight(calendar.timeZone, next.year, next.month, next.day),
  };
}

/**
 * The calendar period of `unit` holding `instant`, as a half-open window `[start, end)` in epoch
 * ms. `start` is the first instant of the period's first local date in `calendar.timeZone` (00:00,
 * or the first instant that exists when DST skips midnight); `end` is the next period's start.
 * Weeks start on `calendar.weekStart`, quarters and years in `calendar.fiscalYearStart`.
 * This runs in `O(1)`. Throws a RangeError for an unknown time zone (check with isValidTimeZone at
 * load), a week or fiscal start out of range, or an instant that is not a finite time.
 *
 * @example periodAt('month', Date.parse('2024-03-16T00:00:00+01:00'), { timeZone: 'Europe/Berlin', weekStart: 1, fiscalYearStart: 1 })
 * // { start: 1709247600000 (2024-02-29T23:00Z), end: 1711922400000 (2024-03-31T22:00Z) }
 */
export function periodAt(unit: PeriodUnit, instant: number, calendar: Calendar): Window {
  checkCalendar(calendar);
  checkUnit(unit);
  if (!(Math.abs(instant) <= MAX_INSTANT_MS)) throw new RangeError(`periodAt: the instant must be a finite epoch-ms time within ±${MAX_INSTANT_MS}; got ${instant}`);
  const local = DateTime.fromMillis(instant, { zone: calendar.timeZone });
  const first = firstDateOf(unit, { year: local.year, month: local.month, day: local.day }, calendar);
  const window = windowFrom(unit, first, calendar);
  // A local date whose midnight was skipped starts later than 00:00: an instant before that start
  // still belongs to the previous period.
  if (instant < window.start) return shiftPeriod(unit, window, -1, calendar);
  return window;
}

/**
 * The period `count` periods after (negative: before) the period `window` of `unit`.
 * `shiftPeriod('month', march, -1, cal)` is February, whatever its length. This runs in `O(1)`.
 *
 * @example shiftPeriod('day', periodAt('day', t, cal), -1, cal) // yesterday
 */
export function shiftPeriod(unit: PeriodUnit, window: Window, count: number, calendar: Calendar): Window {
  checkCalendar(calendar);
  checkUnit(unit);
  if (!Number.isInteger(count)) throw new RangeError(`shiftPeriod: the count of periods must be a whole number; got ${count}`);
  if (!(Math.abs(window.start) <= MAX_INSTANT_MS)) throw new RangeError(`shiftPeriod: the window start must be a finite epoch-ms time; got ${window.start}`);
  const local = DateTime.fromMillis(window.start, { zone: calendar.timeZone });
  const first = firstDateOf(unit, { year: local.year, month: local.month, day: local.day }, calendar);
  return windowFrom(unit, moveDate(unit, first, count), calendar);
}

/**
 * The periods `from` to `to` periods away from `window` (both inclusive, negative = before),
 * oldest first; neighbours share their boundary. Cheaper than calling shiftPeriod for each:
 * one local-date lookup, then one calendar step and one (memoised) local midnight per period.
 * This runs in `O(to - from)`.
 *
 * @example periodRange('day', today, -3, -1, calendar) // the three days before today
 */
export function periodRange(unit: PeriodUnit, window: Window, from: number, to: number, calendar: Calendar): Window[] {
  checkCalendar(calendar);
  checkUnit(unit);
  if (!Number.isInteger(from) || !Number.isInteger(to)) throw new RangeError(`periodRange: period counts must be whole numbers; got ${from} and ${to}`);
  if (!(Math.abs(window.start) <= MAX_INSTANT_MS)) throw new RangeError(`periodRange: the window start must be a finite epoch-ms time; got ${window.start}`);
  const local = DateTime.fromMillis(window.start, { zone: calendar.timeZone });
  const first = firstDateOf(unit, { year: local.year, month: local.month, day: local.day }, calendar);
  const periods: Window[] = [];
  let start = NaN;
  for (let count = from; count <= to + 1; count++) {
    const date = moveDate(unit, first, count);
    const boundary = localMidnight(calendar.timeZone, date.year, date.month, date.day);
    if (count > from) periods.push({ start, end: boundary });
    start = boundary;
  }
  return periods;
}

/**
 * How much of `window` has passed at `now`, in real time (a 23-hour day counts 23 hours),
 * clamped to [0, 1]. This runs in `O(1)`.
 *
 * @example elapsedFraction({ start: 0, end: 100 }, 25) // 0.25
 */
export function elapsedFraction(window: Window, now: number): number {
  const length = window.end - window.start;
  if (!(length > 0)) return 1;
  return Math.min(1, Math.max(0, (now - window.start) / length));
}

/**
 * The first part `[start, start + fraction * length)` of `window`: the "same elapsed part" of a
 * previous period that period-to-date values are compared with (KPI-SPEC §5). This runs in `O(1)`.
 *
 * @example elapsedPart({ start: 0, end: 100 }, 0.25) // { start: 0, end: 25 }
 */
export function elapsedPart(window: Window, fraction: number): Window {
  return { start: window.start, end: window.start + fraction * (window.end - window.start) };
}
