import { describe, expect, it } from 'vitest';
import { elapsedFraction, elapsedPart, isValidTimeZone, periodAt, periodRange, shiftPeriod } from '../../src/core/periods.js';
import type { Calendar, PeriodUnit } from '../../src/core/types.js';
import { at, BERLIN, HOUR, UTC } from './helpers.js';

const iso = (window: { start: number; end: number }) => ({ start: new Date(window.start).toISOString(), end: new Date(window.end).toISOString() });
const hours = (window: { start: number; end: number }) => (window.end - window.start) / HOUR;

describe('periodAt (KPI-SPEC §2)', () => {
  it('cuts day, week, month, quarter and year in UTC', () => {
    const t = at('2024-05-15T13:45:00Z'); // a Wednesday
    expect(iso(periodAt('day', t, UTC))).toEqual({ start: '2024-05-15T00:00:00.000Z', end: '2024-05-16T00:00:00.000Z' });
    expect(iso(periodAt('week', t, UTC))).toEqual({ start: '2024-05-13T00:00:00.000Z', end: '2024-05-20T00:00:00.000Z' });
    expect(iso(periodAt('month', t, UTC))).toEqual({ start: '2024-05-01T00:00:00.000Z', end: '2024-06-01T00:00:00.000Z' });
    expect(iso(periodAt('quarter', t, UTC))).toEqual({ start: '2024-04-01T00:00:00.000Z', end: '2024-07-01T00:00:00.000Z' });
    expect(iso(periodAt('year', t, UTC))).toEqual({ start: '2024-01-01T00:00:00.000Z', end: '2025-01-01T00:00:00.000Z' });
  });

  it('puts an instant exactly at a period end into the next period (half-open windows)', () => {
    const day = periodAt('day', at('2024-05-15T12:00:00Z'), UTC);
    expect(periodAt('day', day.end, UTC).start).toBe(day.end);
    expect(periodAt('day', day.end - 1, UTC).start).toBe(day.start);
  });

  it('cuts local calendar days in the screen zone, not UTC days', () => {
    // 23:30 UTC on 15 March is already 16 March in Berlin.
    expect(iso(periodAt('day', at('2024-03-15T23:30:00Z'), BERLIN))).toEqual({ start: '2024-03-15T23:00:00.000Z', end: '2024-03-16T23:00:00.000Z' });
  });

  it('gives the spring DST day in Europe/Berlin 23 hours and the autumn one 25', () => {
    expect(hours(periodAt('day', at('2024-03-31T12:00:00+02:00'), BERLIN))).toBe(23);
    expect(hours(periodAt('day', at('2024-10-27T12:00:00+01:00'), BERLIN))).toBe(25);
    expect(hours(periodAt('day', at('2024-10-28T12:00:00+01:00'), BERLIN))).toBe(24);
    expect(hours(periodAt('month', at('2024-03-16T00:00:00+01:00'), BERLIN))).toBe(743);
    expect(hours(periodAt('week', at('2024-03-27T00:00:00+01:00'), BERLIN))).toBe(167);
  });

  it('starts a day whose midnight DST skips at the first instant that exists (America/Santiago)', () => {
    const santiago: Calendar = { timeZone: 'America/Santiago', weekStart: 1, fiscalYearStart: 1 };
    const day = periodAt('day', at('2024-09-08T12:00:00-03:00'), santiago);
    expect(iso(day)).toEqual({ start: '2024-09-08T04:00:00.000Z', end: '2024-09-09T03:00:00.000Z' }); // 01:00-03 to 00:00-03
    expect(hours(day)).toBe(23);
    // The day before ends where this one starts: no instant belongs to no day.
    expect(periodAt('day', at('2024-09-07T12:00:00-04:00'), santiago).end).toBe(day.start);
    expect(periodAt('day', day.start - 1, santiago).end).toBe(day.start);
    // The month of September 2024 still starts at 00:00 on the 1st.
    expect(iso(periodAt('month', day.start, santiago)).start).toBe('2024-09-01T04:00:00.000Z');
  });

  it('starts a day whose midnight happens twice at the first one (America/Havana, 3 Nov 2024)', () => {
    const havana: Calendar = { timeZone: 'America/Havana', weekStart: 1, fiscalYearStart: 1 };
    const day = periodAt('day', at('2024-11-03T12:00:00-05:00'), havana);
    expect(new Date(day.start).toISOString()).toBe('2024-11-03T04:00:00.000Z');
    expect(hours(day)).toBe(25);
    expect(hours(periodAt('day', at('2024-11-02T12:00:00-04:00'), havana))).toBe(24);
  });

  it('starts weeks on Sunday with week_start 7 and on Monday by default', () => {
    const sunday: Calendar = { ...UTC, weekStart: 7 };
    const wednesday = at('2024-03-13T10:00:00Z');
    expect(iso(periodAt('week', wednesday, sunday)).start).toBe('2024-03-10T00:00:00.000Z');
    expect(iso(periodAt('week', wednesday, UTC)).start).toBe('2024-03-11T00:00:00.000Z');
    const onSunday = at('2024-03-10T10:00:00Z');
    expect(iso(periodAt('week', onSunday, sunday)).start).toBe('2024-03-10T00:00:00.000Z');
    expect(iso(periodAt('week', onSunday, UTC)).start).toBe('2024-03-04T00:00:00.000Z');
  });

  it('starts quarters and years in fiscal_year_start (4 = April)', () => {
    const april: Calendar = { ...UTC, fiscalYearStart: 4 };
    expect(iso(periodAt('quarter', at('2024-03-15T00:00:00Z'), april))).toEqual({ start: '2024-01-01T00:00:00.000Z', end: '2024-04-01T00:00:00.000Z' });
    expect(iso(periodAt('quarter', at('2024-05-20T00:00:00Z'), april))).toEqual({ start: '2024-04-01T00:00:00.000Z', end: '2024-07-01T00:00:00.000Z' });
    expect(iso(periodAt('year', at('2024-03-15T00:00:00Z'), april))).toEqual({ start: '2023-04-01T00:00:00.000Z', end: '2024-04-01T00:00:00.000Z' });
    expect(iso(periodAt('year', at('2024-04-01T00:00:00Z'), april))).toEqual({ start: '2024-04-01T00:00:00.000Z', end: '2025-04-01T00:00:00.000Z' });
    const november: Calendar = { ...UTC, fiscalYearStart: 11 };
    expect(iso(periodAt('quarter', at('2024-12-15T00:00:00Z'), november))).toEqual({ start: '2024-11-01T00:00:00.000Z', end: '2025-02-01T00:00:00.000Z' });
  });

  it('throws an actionable error for an unknown time zone', () => {
    expect(() => periodAt('day', 0, { ...UTC, timeZone: 'Europe/Berln' })).toThrow(/unknown time zone "Europe\/Berln"/);
  });
});

describe('shiftPeriod', () => {
  it('steps to neighbouring periods of unequal length', () => {
    const march = periodAt('month', at('2024-03-16T00:00:00+01:00'), BERLIN);
    expect(hours(shiftPeriod('month', march, -1, BERLIN))).toBe(29 * 24); // February 2024
    expect(iso(shiftPeriod('month', march, 1, BERLIN)).start).toBe('2024-03-31T22:00:00.000Z');
    expect(iso(shiftPeriod('month', march, -14, BERLIN)).start).toBe('2022-12-31T23:00:00.000Z'); // 1 January 2023
  });

  it('is the inverse of itself and adjacent periods touch, for every unit', () => {
    const units: PeriodUnit[] = ['day', 'week', 'month', 'quarter', 'year'];
    for (const unit of units) {
      const here = periodAt(unit, at('2024-10-27T01:30:00Z'), BERLIN);
      const before = shiftPeriod(unit, here, -1, BERLIN);
      expect(before.end).toBe(here.start);
      expect(shiftPeriod(unit, before, 1, BERLIN)).toEqual(here);
    }
  });
});

describe('periodRange', () => {
  it('equals shiftPeriod for each count, across DST and unequal months, oldest first', () => {
    const units: PeriodUnit[] = ['day', 'week', 'month', 'quarter', 'year'];
    const calendars: Calendar[] = [BERLIN, { timeZone: 'America/Santiago', weekStart: 7, fiscalYearStart: 4 }, { timeZone: 'America/Havana', weekStart: 3, fiscalYearStart: 11 }];
    for (const calendar of calendars) {
      for (const unit of units) {
        const here = periodAt(unit, at('2024-11-03T12:00:00Z'), calendar);
        const range = periodRange(unit, here, -30, 2, calendar);
        expect(range).toHaveLength(33);
        range.forEach((window, index) => expect(window).toEqual(shiftPeriod(unit, here, index - 30, calendar)));
      }
    }
  });
});

describe('elapsedFraction and elapsedPart', () => {
  it('count real time, so a 25-hour day is half over after 12.5 hours', () => {
    const day = periodAt('day', at('2024-10-27T12:00:00+01:00'), BERLIN);
    expect(elapsedFraction(day, day.start + 12.5 * HOUR)).toBe(0.5);
    expect(elapsedFraction(day, at('2024-10-27T12:00:00+01:00'))).toBeCloseTo(13 / 25, 12);
  });

  it('clamps to [0, 1]', () => {
    expect(elapsedFraction({ start: 10, end: 20 }, 5)).toBe(0);
    expect(elapsedFraction({ start: 10, end: 20 }, 25)).toBe(1);
  });

  it('cuts the same elapsed part of a window', () => {
    expect(elapsedPart({ start: 100, end: 200 }, 0.3)).toEqual({ start: 100, end: 130 });
  });
});

describe('isValidTimeZone', () => {
  it('accepts IANA names and rejects typos and junk', () => {
    expect(isValidTimeZone('Europe/Berlin')).toBe(true);
    expect(isValidTimeZone('UTC')).toBe(true);
    expect(isValidTimeZone('America/Santiago')).toBe(true);
    expect(isValidTimeZone('Europe/Berln')).toBe(false);
    expect(isValidTimeZone('')).toBe(false);
    expect(isValidTimeZone(42 as unknown as string)).toBe(false);
  });
});

describe('calendar and instant checks', () => {
  it('rejects week starts, fiscal starts, units, counts and instants out of range with a message saying what is allowed', () => {
    expect(() => periodAt('week', 0, { ...UTC, weekStart: 0 })).toThrow(/week_start must be a whole number 1-7/);
    expect(() => periodAt('year', 0, { ...UTC, fiscalYearStart: 13 })).toThrow(/fiscal_year_start must be a month number 1-12/);
    expect(() => periodAt('hour' as PeriodUnit, 0, UTC)).toThrow(/unknown period "hour"/);
    expect(() => periodAt('day', Number.NaN, UTC)).toThrow(/finite epoch-ms/);
    expect(() => shiftPeriod('day', periodAt('day', 0, UTC), 0.5, UTC)).toThrow(/whole number/);
  });

  it('works at the far ends of the allowed range', () => {
    expect(periodAt('year', 8.6e15, UTC).start).toBeLessThanOrEqual(8.6e15);
    expect(periodAt('year', -8.6e15, UTC).end).toBeGreaterThan(-8.6e15);
  });
});
