/**
 * Reads the times of data files fast: ISO 8601 with an offset, ISO 8601 without one (= the
 * screen's time zone, DST-correct through luxon), or epoch milliseconds. A year of one-minute
 * rows is half a million times, so the common shapes avoid luxon: the zone offset is looked up
 * once per local hour and reused, except in hours where the offset changes.
 */
import { DateTime } from 'luxon';

const ISO_PATTERN = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?(Z|z|[+-]\d{2}(?::?\d{2})?)?$/;
const DIGITS_PATTERN = /^-?\d{1,16}$/;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Local days (and hours) whose offset is cached per zone; beyond this the cache starts again (memory bound). */
export const MAX_CACHED_HOURS = 200_000;

/** Converts the local wall-clock times of one time zone to instants, caching the UTC offset. */
export class ZoneClock {
  // local day → offset ms when it is the same all day (almost every day), NaN when it changes
  private readonly dayOffsets = new Map<number, number>();
  // local hour → offset ms, NaN = changes inside the hour (then each time goes through luxon)
  private readonly hourOffsets = new Map<number, number>();
  constructor(readonly timeZone: string) {}

  /** The instant of a local wall-clock time given as `Date.UTC` of its fields. */
  instantOf(localMs: number): number {
    const day = Math.floor(localMs / DAY_MS);
    let offset = this.dayOffsets.get(day);
    if (offset === undefined) {
      offset = this.steadyOffset(day * DAY_MS, DAY_MS);
      if (this.dayOffsets.size >= MAX_CACHED_HOURS) this.dayOffsets.clear();
      this.dayOffsets.set(day, offset);
    }
    if (!Number.isNaN(offset)) return localMs - offset;
    const hour = Math.floor(localMs / HOUR_MS);
    offset = this.hourOffsets.get(hour);
    if (offset === undefined) {
      offset = this.steadyOffset(hour * HOUR_MS, HOUR_MS);
      if (this.hourOffsets.size >= MAX_CACHED_HOURS) this.hourOffsets.clear();
      this.hourOffsets.set(hour, offset);
    }
    return Number.isNaN(offset) ? this.viaLuxon(localMs) : localMs - offset;
  }

  /** The offset over a local span [start, start + length) when luxon gives the same at both ends, else NaN. */
  private steadyOffset(start: number, length: number): number {
    const atStart = start - this.viaLuxon(start);
    const last = start + length - 1;
    return atStart === last - this.viaLuxon(last) ? atStart : NaN;
  }

  private viaLuxon(localMs: number): number {
    const local = new Date(localMs);
    return DateTime.fromObject(
      {
        year: local.getUTCFullYear(),
        month: local.getUTCMonth() + 1,
        day: local.getUTCDate(),
        hour: local.getUTCHours(),
        minute: local.getUTCMinutes(),
        second: local.getUTCSeconds(),
        millisecond: local.getUTCMilliseconds(),
      },
      { zone: this.timeZone },
    ).toMillis();
  }
}

function fieldsValid(year: number, month: number, day: number, hour: number, minute: number, second: number): boolean {
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return day <= (month === 2 && !leap ? 28 : (DAYS_IN_MONTH[month - 1] ?? 31));
}

function offsetMinutes(text: string): number {
  if (text === 'Z' || text === 'z') return 0;
  const sign = text[0] === '-' ? -1 : 1;
  const digits = text.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || '0'));
}

/**
 * The instant (epoch ms) of a time cell, or null when it is not a time. Strings: ISO 8601 (without
 * an offset it is read in the clock's zone) or digits = epoch milliseconds; numbers: epoch ms.
 *
 * @example parseTime('2026-12-03T10:00:00Z', clock) // 1796292000000
 */
export function parseTime(cell: unknown, clock: ZoneClock): number | null {
  if (typeof cell === 'number') return Number.isFinite(cell) ? cell : null;
  if (typeof cell !== 'string') return null;
  const fast = commonIso(cell, clock);
  if (fast !== undefined) return fast;
  const text = cell.trim();
  if (DIGITS_PATTERN.test(text)) return Number(text);
  const match = ISO_PATTERN.exec(text);
  if (match === null) return parseWithLuxon(text, clock.timeZone);
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  const hour = Number(match[4] ?? 0);
  const minute = Number(match[5] ?? 0);
  const second = Number(match[6] ?? 0);
  const millisecond = match[7] === undefined ? 0 : Math.floor(Number(`0.${match[7]}`) * 1000);
  if (!fieldsValid(year, month, day, hour, minute, second)) return null;
  const localMs = Date.UTC(year, month - 1, day, hour, minute, second, millisecond);
  if (year < 100) return parseWithLuxon(text, clock.timeZone); // Date.UTC maps years 0-99 to 1900s
  const offset = match[8];
  return offset === undefined ? clock.instantOf(localMs) : localMs - offsetMinutes(offset) * 60_000;
}

function parseWithLuxon(text: string, timeZone: string): number | null {
  const parsed = DateTime.fromISO(text, { zone: timeZone });
  return parsed.isValid ? parsed.toMillis() : null;
}

const ZERO = 48;
/** The number of two digits at `at`, or -1 when they are not digits. */
function twoDigits(text: string, at: number): number {
  const tens = text.charCodeAt(at) - ZERO;
  const ones = text.charCodeAt(at + 1) - ZERO;
  return tens >= 0 && tens <= 9 && ones >= 0 && ones <= 9 ? tens * 10 + ones : -1;
}

/**
 * The hot path for the shapes data files nearly always use, `YYYY-MM-DDTHH:MM:SS` with `Z`,
 * `.sss` + `Z`, or nothing after it, read by character codes without a regex or substrings.
 * Undefined means "not this shape, use the general parser".
 */
function commonIso(text: string, clock: ZoneClock): number | null | undefined {
  const length = text.length;
  if (length !== 19 && length !== 20 && length !== 24) return undefined;
  if (text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45 || text.charCodeAt(10) !== 84 || text.charCodeAt(13) !== 58 || text.charCodeAt(16) !== 58) return undefined;
  const century = twoDigits(text, 0);
  const yearOfCentury = twoDigits(text, 2);
  const month = twoDigits(text, 5);
  const day = twoDigits(text, 8);
  const hour = twoDigits(text, 11);
  const minute = twoDigits(text, 14);
  const second = twoDigits(text, 17);
  if (century < 1 || yearOfCentury < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) return undefined;
  let millisecond = 0;
  if (length === 24) {
    const hundreds = text.charCodeAt(20) - ZERO;
    const rest = twoDigits(text, 21);
    if (text.charCodeAt(19) !== 46 || hundreds < 0 || hundreds > 9 || rest < 0 || text.charCodeAt(23) !== 90) return undefined;
    millisecond = hundreds * 100 + rest;
  } else if (length === 20 && text.charCodeAt(19) !== 90) return undefined;
  const year = century * 100 + yearOfCentury;
  if (!fieldsValid(year, month, day, hour, minute, second)) return null;
  const localMs = Date.UTC(year, month - 1, day, hour, minute, second, millisecond);
  return length === 19 ? clock.instantOf(localMs) : localMs;
}
